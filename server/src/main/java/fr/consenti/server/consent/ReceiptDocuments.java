package fr.consenti.server.consent;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The readable PDF of one consent's signed receipt, for whoever may see that consent. */
@Component
final class ReceiptDocuments {

    static final String KEYS_URL = "/.well-known/consenti-keys.json";

    private final ConsentService consents;
    private final ReceiptPdf pdf;

    ReceiptDocuments(ConsentService consents, ReceiptPdf pdf) {
        this.consents = consents;
        this.pdf = pdf;
    }

    /** The PDF of a consent of this professional; not found when it is not theirs, gone once its proof is purged. */
    byte[] pdf(long professionalId, UUID consentId) {
        List<ConsentEvent> events = consents.events(professionalId, consentId);
        ConsentEvent given = events.stream().filter(e -> e.kind() == ConsentEvent.Kind.GIVEN).findFirst()
                .orElseThrow(Problems::consentNotFound);
        Map<String, Purposes.Purpose> catalogue = consents.purposes(professionalId);
        String receipt = consents.receipt(given, catalogue);
        if (receipt == null) {
            throw Problems.of(HttpStatus.GONE, "RECEIPT_PURGED",
                    "The proof of this consent was purged after its retention period: no receipt can show it.");
        }
        String notice = consents.notice(given.noticeSha256()).map(ConsentValidator.StoredNotice::text).orElse(null);
        return pdf.render(receipt, notice, KEYS_URL);
    }
}
