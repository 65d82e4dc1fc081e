package fr.consenti.server.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a receipt (récépissé), in French as the registry issues it: the same paragraphs make the mail and the
 * PDF. It states what R223-3 and RULES.md §8 ask: the numbers, the date and time of registration, the date the
 * registration takes effect, its term and its tacit renewal.
 */
final class ReceiptText {

    private ReceiptText() {
    }

    static String title(RegistryReceipts.Receipt receipt) {
        return receipt.renewal()
                ? "Récépissé de renouvellement de l'inscription sur la liste d'opposition au démarchage téléphonique"
                : "Récépissé d'inscription sur la liste d'opposition au démarchage téléphonique";
    }

    /** The paragraphs after the title; a number's block is one paragraph of lines joined by newlines. */
    static List<String> paragraphs(RegistryReceipts.Receipt receipt, String email, RegistryPolicy policy) {
        String term = RegistryFormat.years(policy.term());
        List<String> paragraphs = new ArrayList<>();
        paragraphs.add("Récépissé n° " + receipt.id() + ", délivré le " + RegistryFormat.dateTime(receipt.issuedAt())
                + " (heure de Paris) au titulaire du compte " + email + ".");
        paragraphs.add(receipt.renewal()
                ? "Votre inscription est arrivée à son terme et a été renouvelée tacitement pour " + term
                        + ", pour le numéro suivant :"
                : receipt.lines().size() > 1
                        ? "Les " + receipt.lines().size() + " numéros suivants sont inscrits sur la liste d'opposition :"
                        : "Le numéro suivant est inscrit sur la liste d'opposition :");
        for (RegistryReceipts.Line line : receipt.lines()) {
            List<String> block = new ArrayList<>();
            block.add("Numéro : " + line.national());
            block.add("Date et heure d'inscription : " + RegistryFormat.dateTime(line.registeredAt()));
            block.add("Inscription effective à compter du : " + RegistryFormat.dateTime(line.effectiveFrom()));
            if (receipt.renewal()) {
                block.add("Nouvelle période : du " + RegistryFormat.dateTime(line.termStart()) + " au "
                        + RegistryFormat.dateTime(line.termEnd()) + " (" + term + ")");
            } else {
                block.add("Durée : " + term + ", jusqu'au " + RegistryFormat.dateTime(line.termEnd()));
            }
            paragraphs.add(String.join("\n", block));
        }
        paragraphs.add("Renouvellement tacite : à son terme, l'inscription est renouvelée tacitement pour " + term
                + ". Vous en serez prévenu au moins " + months(policy) + " avant chaque renouvellement, et vous pouvez"
                + " vous désinscrire à tout moment depuis votre espace personnel Consenti (rubrique « Liste"
                + " d'opposition »).");
        if (receipt.consentsWithdrawn() > 0) {
            paragraphs.add("Cette inscription a retiré " + receipt.consentsWithdrawn() + " consentement"
                    + (receipt.consentsWithdrawn() > 1 ? "s" : "") + " au démarchage téléphonique que des"
                    + " professionnels détenaient pour ces numéros. Les consentements que vous donnerez après"
                    + " l'inscription seront de nouveau valables.");
        }
        paragraphs.add("Heures indiquées à l'heure de Paris. Code de la consommation, articles L223-1 et R223-3."
                + " La liste ne contient que vos numéros et la date et l'heure de leur inscription.");
        return paragraphs;
    }

    private static String months(RegistryPolicy policy) {
        long months = policy.renewalNotice().toTotalMonths();
        return months + " mois";
    }

    static String plain(RegistryReceipts.Receipt receipt, String email, RegistryPolicy policy) {
        return title(receipt) + "\n\n" + String.join("\n\n", paragraphs(receipt, email, policy));
    }
}
