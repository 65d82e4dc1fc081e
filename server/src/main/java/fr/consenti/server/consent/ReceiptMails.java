package fr.consenti.server.consent;

import fr.consenti.server.outbox.Outbox;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends the receipt of a consent just given to the consumer, when an address is known: every consumer who proved
 * they hold the number gets the readable PDF, with the signed receipt (JWS) in it and beside it, through the outbox.
 */
@Component
final class ReceiptMails {

    static final String SUBJECT = "Consenti : reçu de votre consentement / receipt of your consent";

    private static final Logger log = LoggerFactory.getLogger(ReceiptMails.class);

    private final JdbcClient jdbc;
    private final ReceiptPdf pdf;
    private final Outbox outbox;
    private final Receipts receipts;
    private final Purposes purposes;

    ReceiptMails(JdbcClient jdbc, ReceiptPdf pdf, Outbox outbox, Receipts receipts, Purposes purposes) {
        this.jdbc = jdbc;
        this.receipts = receipts;
        this.purposes = purposes;
        this.pdf = pdf;
        this.outbox = outbox;
    }

    /**
     * Queues the receipt mails of a batch of consents just imported: one query finds the numbers that a consumer
     * proved, and only their receipts are signed and mailed, so a large import of unknown numbers costs one query
     * per batch.
     */
    void mailImported(List<ConsentEvent> given) {
        if (given.isEmpty()) {
            return;
        }
        try {
            List<String> numbers = given.stream().map(ConsentEvent::e164).filter(java.util.Objects::nonNull)
                    .distinct().toList();
            if (numbers.isEmpty()) {
                return;
            }
            java.util.Set<String> proven = new java.util.HashSet<>(jdbc.sql("select distinct e164 from proven_number "
                            + "where e164 in (" + String.join(", ", java.util.Collections.nCopies(numbers.size(), "?"))
                            + ")")
                    .params(numbers)
                    .query(String.class)
                    .list());
            java.util.Map<Long, java.util.Map<String, Purposes.Purpose>> catalogues = new java.util.HashMap<>();
            for (ConsentEvent event : given) {
                if (proven.contains(event.e164())) {
                    mailGiven(event, receipts.receipt(event,
                            catalogues.computeIfAbsent(event.professionalId(), purposes::of)));
                }
            }
        } catch (RuntimeException e) {
            log.error("Receipt mails of an imported batch not queued", e);
        }
    }

    /**
     * Queues the receipt mail of {@code given} for each consumer who proved its number. The consent is recorded
     * already: a failure here is logged, never turned into a failure of the consent.
     */
    void mailGiven(ConsentEvent given, String receipt) {
        if (receipt == null || given.e164() == null) {
            return;
        }
        try {
            List<String> addresses = jdbc.sql("""
                            select p.email from proven_number w join person p on p.id = w.person_id
                            where w.e164 = ? and p.role = 'CONSUMER' order by p.id""")
                    .param(given.e164())
                    .query(String.class)
                    .list();
            if (addresses.isEmpty()) {
                return;
            }
            String professional = jdbc.sql("select name from professional where id = ?")
                    .param(given.professionalId()).query(String.class).single();
            String notice = jdbc.sql("select text from consent_notice where sha256 = ?")
                    .param(given.noticeSha256()).query(String.class).optional().orElse(null);
            byte[] document = pdf.render(receipt, notice, ReceiptDocuments.KEYS_URL);
            List<Outbox.Attachment> attachments = List.of(
                    new Outbox.Attachment(ReceiptPdf.filename(given.consentId().toString()), ReceiptPdf.CONTENT_TYPE,
                            document),
                    new Outbox.Attachment("recu-consentement-" + given.consentId() + ".jws",
                            "application/jose", receipt.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            String body = """
                    Bonjour,

                    %1$s a enregistré votre consentement à être démarché par téléphone pour le numéro %2$s \
                    (consentement %3$s). Le reçu est joint : un PDF lisible et le reçu signé (JWS).

                    Vous pouvez retirer ce consentement à tout moment, en un clic, depuis votre portefeuille de \
                    consentements sur Consenti (Mes consentements).

                    ---

                    Hello,

                    %1$s recorded your consent to be canvassed by phone on %2$s (consent %3$s). The receipt is \
                    attached: a readable PDF and the signed receipt (JWS). You may withdraw it at any time, in one \
                    click, from your consent wallet on Consenti.

                    Consenti""".formatted(professional, given.e164(), given.consentId());
            for (String address : addresses) {
                outbox.mail(address, SUBJECT, body, attachments);
            }
        } catch (RuntimeException e) {
            log.error("Receipt mail of consent {} not queued", given.consentId(), e);
        }
    }
}
