package fr.consenti.core.rules;

/**
 * Why a call is denied: exactly the codes of RULES.md §12, declared in the table's order so that reasons
 * sort deterministically by {@link #ordinal()}.
 */
public enum ReasonCode {
    NUMBER_INVALID("ARCEP, plan national de numérotation",
            "Ce numéro n'est pas un numéro français valide.",
            "This is not a valid French number."),
    NUMBER_NOT_CALLABLE("ARCEP, plan national de numérotation",
            "Ce numéro (surtaxé, court ou M2M) ne peut pas être démarché.",
            "This number (special rate, short or M2M) may not be canvassed."),
    CALLER_ID_NOT_ALLOWED("ARCEP décision 2022-1583",
            "Le numéro présenté doit être un numéro polyvalent vérifié (NPV), ni mobile ni masqué.",
            "The caller ID must be a verified multi-use number (NPV), never mobile, never hidden."),
    SECTOR_BANNED("C. consom. art. L223-1",
            "Le démarchage téléphonique est interdit dans ce secteur.",
            "Phone canvassing is banned in this sector."),
    NO_CONSENT("C. consom. art. L223-1",
            "Aucun consentement préalable à ce professionnel.",
            "No prior consent to this professional."),
    CONSENT_EXPIRED("policy consent.maxValidity",
            "Le consentement a expiré.",
            "The consent has expired."),
    CONSENT_WITHDRAWN("C. consom. art. L223-1",
            "Le consentement a été retiré.",
            "The consent was withdrawn."),
    CONSENT_OUT_OF_SCOPE("C. consom. art. L223-1",
            "Le consentement ne couvre pas cet objet ou cet appelant.",
            "The consent does not cover this purpose or this caller."),
    OBJECTION("C. consom. art. L221-16 ; RGPD art. 21",
            "La personne s'est opposée à être recontactée par ce professionnel.",
            "The person objected to being contacted again by this professional."),
    OPPOSITION_LIST("C. consom. art. L223-1 (rédaction loi 2020-901)",
            "Le numéro est inscrit sur la liste d'opposition au démarchage.",
            "The number is registered on the opposition list."),
    SCREENING_DATA_STALE("C. consom. art. R223-6",
            "Les données de filtrage sont périmées : impossible de filtrer.",
            "The screening data is past its validity: cannot screen."),
    NOT_A_WORKING_DAY("C. consom. art. D223-9",
            "Pas d'appel le samedi ni le dimanche.",
            "No calls on Saturday or Sunday."),
    PUBLIC_HOLIDAY("C. consom. art. D223-9 ; C. trav. art. L3133-1",
            "Pas d'appel un jour férié.",
            "No calls on a public holiday."),
    OUTSIDE_HOURS("C. consom. art. D223-9",
            "Appels permis de 10 h à 13 h et de 14 h à 20 h, heure de l'appelé.",
            "Calls are allowed 10:00–13:00 and 14:00–20:00, callee's time."),
    FREQUENCY_CAP("C. consom. art. D223-9",
            "Le plafond d'appels ou de tentatives sur la période est atteint (4 en 30 jours par défaut).",
            "The cap on calls or attempts over the period is reached (4 in 30 days by default)."),
    REFUSAL_COOLDOWN("C. consom. art. D223-9",
            "Refus il y a moins de 60 jours.",
            "Refused less than 60 days ago.");

    private final String legalReference;
    private final String messageFr;
    private final String messageEn;

    ReasonCode(String legalReference, String messageFr, String messageEn) {
        this.legalReference = legalReference;
        this.messageFr = messageFr;
        this.messageEn = messageEn;
    }

    /** The rule's usual legal reference; a {@link Reason} may cite a more precise one. */
    public String legalReference() {
        return legalReference;
    }

    public String messageFr() {
        return messageFr;
    }

    public String messageEn() {
        return messageEn;
    }

    /** True for the rules whose end can be computed from time alone (calendar, cap, cooldown). */
    public boolean timeBased() {
        return this == NOT_A_WORKING_DAY || this == PUBLIC_HOLIDAY || this == OUTSIDE_HOURS
                || this == FREQUENCY_CAP || this == REFUSAL_COOLDOWN;
    }

    int bit() {
        return 1 << ordinal();
    }
}
