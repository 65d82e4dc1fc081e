package fr.consenti.server.consent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The demo professional's consents, recorded through the same service as the API, so that a newcomer finds the
 * ledger, the listing and the proof bundle filled at once ({@code GET /api/v1/consents?number=0612345678}).
 */
@Component
public final class DemoConsents {

    public static final String PURPOSE = "OFFRES_ENERGIE";
    /** A metropolitan mobile, a metropolitan landline and a Réunion mobile: the callee's zone differs. */
    static final List<String> NUMBERS = List.of("06 12 34 56 78", "01 45 67 89 10", "0692 12 34 56");
    static final String NOTICE = "J'accepte d'être appelé par Démo Télécom pour des offres de fourniture "
            + "d'électricité et de gaz, pendant un an au plus. Je peux retirer ce consentement à tout moment.";

    private final ConsentService consents;
    private final Purposes purposes;
    private final Clock clock;

    DemoConsents(ConsentService consents, Purposes purposes, Clock clock) {
        this.consents = consents;
        this.purposes = purposes;
        this.clock = clock;
    }

    /** Records the demo consents once; returns how many were recorded now (0 when they already were). */
    public int seed(long professionalId) {
        if (purposes.of(professionalId).containsKey(PURPOSE)) {
            return 0;
        }
        purposes.define(professionalId, new Purposes.Purpose(PURPOSE, "Offres d'énergie",
                "Fourniture d'électricité et de gaz naturel"), "demo");
        // Submitted a minute before now by the server's clock: evidence may not lie in the future.
        String submittedAt = clock.instant().minus(Duration.ofMinutes(1)).toString();
        for (String number : NUMBERS) {
            consents.give(professionalId, new ConsentRequest(number, List.of(PURPOSE), "WEB_FORM",
                    new ConsentRequest.Notice(NOTICE, null, "fr"),
                    new ConsentRequest.Evidence("FORM_SUBMISSION", "203.0.113.7",
                            "Mozilla/5.0 (formulaire de démonstration)", submittedAt, null, null, null, null),
                    null, null, null, null, null));
        }
        return NUMBERS.size();
    }
}
