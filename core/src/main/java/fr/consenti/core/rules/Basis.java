package fr.consenti.core.rules;

/** The legal ground on which a call is allowed (RULES.md §12). */
public enum Basis {
    CONSENT("C. consom. art. L223-1 (rédaction loi 2025-594)",
            "Consentement préalable valide couvrant cet appel.",
            "Valid prior consent covering this call."),
    ONGOING_CONTRACT("C. consom. art. L223-1",
            "Appel dans le cadre d'un contrat en cours, sur son objet.",
            "Call within an ongoing contract, about its object."),
    NOT_ON_OPPOSITION_LIST("C. consom. art. L223-1 (rédaction loi 2020-901)",
            "Numéro non inscrit sur la liste d'opposition.",
            "Number not registered on the opposition list."),
    EXEMPT_ACTIVITY("C. consom. art. L223-5",
            "Activité hors du champ de la liste d'opposition (presse, sondages, associations).",
            "Activity outside the opposition list (press, polling, non-profit)."),
    B2B("C. consom. art. liminaire ; RGPD art. 21",
            "Ligne professionnelle : seules les règles du RGPD s'appliquent.",
            "Business line: only GDPR rules apply.");

    private final String legalReference;
    private final String messageFr;
    private final String messageEn;

    Basis(String legalReference, String messageFr, String messageEn) {
        this.legalReference = legalReference;
        this.messageFr = messageFr;
        this.messageEn = messageEn;
    }

    public String legalReference() {
        return legalReference;
    }

    public String messageFr() {
        return messageFr;
    }

    public String messageEn() {
        return messageEn;
    }
}
