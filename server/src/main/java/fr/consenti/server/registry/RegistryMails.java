package fr.consenti.server.registry;

import fr.consenti.server.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The registry's mails, through the outbox, in French as the registry's documents are. */
@Component
final class RegistryMails {

    private final Outbox outbox;
    private final RegistryPolicy policy;

    RegistryMails(Outbox outbox, RegistryPolicy policy) {
        this.outbox = outbox;
        this.policy = policy;
    }

    void registered(String email, RegistryReceipts.Receipt receipt) {
        String subject = receipt.renewal()
                ? "Consenti : récépissé du renouvellement de votre inscription sur la liste d'opposition"
                : "Consenti : récépissé de votre inscription sur la liste d'opposition";
        outbox.mail(email, subject, "Bonjour,\n\n" + ReceiptText.plain(receipt, email, policy)
                + "\n\nLe récépissé au format PDF se télécharge dans votre espace personnel Consenti, rubrique"
                + " « Liste d'opposition ».\n\nConsenti");
    }

    /** The notice due at least 3 months before the tacit renewal of {@code numbers} at {@code termEnd}. */
    void renewalNotice(String email, List<String> numbers, Instant termEnd) {
        String listed = numbers.stream().map(RegistryFormat::national).collect(Collectors.joining(", "));
        String term = RegistryFormat.years(policy.term());
        outbox.mail(email, "Consenti : votre inscription sur la liste d'opposition sera renouvelée le "
                        + RegistryFormat.date(termEnd),
                "Bonjour,\n\nL'inscription sur la liste d'opposition au démarchage téléphonique du numéro " + listed
                        + " arrive à son terme le " + RegistryFormat.dateTime(termEnd) + " (heure de Paris).\n\n"
                        + "Elle sera renouvelée tacitement pour " + term + " à cette date, sans démarche de votre"
                        + " part, et vous recevrez un nouveau récépissé.\n\nSi vous ne souhaitez pas ce"
                        + " renouvellement, désinscrivez ce numéro depuis votre espace personnel Consenti, rubrique"
                        + " « Liste d'opposition », avant cette date. Vous pouvez vous désinscrire à tout moment.\n\n"
                        + "Consenti");
    }

    void removed(String email, List<String> numbers, Instant at) {
        String listed = numbers.stream().map(RegistryFormat::national).collect(Collectors.joining(", "));
        outbox.mail(email, "Consenti : désinscription de la liste d'opposition",
                "Bonjour,\n\nLe " + RegistryFormat.dateTime(at) + " (heure de Paris), "
                        + (numbers.size() > 1 ? "les numéros " + listed + " ont été retirés"
                                : "le numéro " + listed + " a été retiré")
                        + " de la liste d'opposition au démarchage téléphonique, à votre demande.\n\n"
                        + "Vous pouvez l'y inscrire de nouveau à tout moment.\n\nConsenti");
    }
}
