package fr.consenti.server.consent;

import fr.consenti.server.accounts.PhoneCodes;
import fr.consenti.server.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A consumer's consent wallet (issue 4): the numbers they proved they hold with a one-time code, every consent any
 * professional holds for those numbers, and the withdrawal of any of them in one step, through the ledger like
 * every other withdrawal. A consumer reaches only the consents of numbers they proved; anything else is not found.
 */
@Service
final class Wallet {

    /** The channel the ledger records for a withdrawal made in the wallet. */
    static final String CHANNEL = "CONSUMER_WALLET";

    record ProvenNumber(String e164, Instant provenAt) {
    }

    /** One consent held for a proven number, with what the consumer was shown. */
    record Held(UUID id, String e164, String professionalName, String siren, List<Purposes.Purpose> purposes,
                String channel, Instant collectedAt, Instant validFrom, Instant validUntil, Instant withdrawnAt,
                ConsentService.Status status, String noticeSha256, String noticeLanguage, String noticeText) {

        public boolean active() {
            return status == ConsentService.Status.ACTIVE;
        }
    }

    private final JdbcClient jdbc;
    private final PhoneCodes codes;
    private final ConsentService consents;
    private final ReceiptDocuments receipts;
    private final AuditLog audit;
    private final Clock clock;

    Wallet(JdbcClient jdbc, PhoneCodes codes, ConsentService consents, ReceiptDocuments receipts, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.codes = codes;
        this.consents = consents;
        this.receipts = receipts;
        this.audit = audit;
        this.clock = clock;
    }

    List<ProvenNumber> numbers(long personId) {
        return jdbc.sql("select e164, proven_at from proven_number where person_id = ? order by proven_at, e164")
                .param(personId)
                .query((rs, n) -> new ProvenNumber(rs.getString(1),
                        ConsentLedger.instant(rs.getObject(2, OffsetDateTime.class))))
                .list();
    }

    /** Sends a one-time code to {@code e164} (already parsed) for this person. */
    void sendCode(long personId, String e164) {
        codes.send(personId, e164);
    }

    /** Checks the code; once confirmed, the number is proven for this person. */
    PhoneCodes.Outcome prove(long personId, String e164, String code) {
        PhoneCodes.Outcome outcome = codes.confirm(personId, e164, code);
        if (outcome == PhoneCodes.Outcome.CONFIRMED) {
            jdbc.sql("insert into proven_number (person_id, e164, proven_at) values (?, ?, ?) on conflict do nothing")
                    .params(personId, e164, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                    .update();
            audit.append("person:" + personId, "NUMBER_PROVEN", "person:" + personId, null);
        }
        return outcome;
    }

    /** Every consent held for the person's proven numbers, newest first; the status as of now. */
    List<Held> consents(long personId) {
        Instant now = clock.instant();
        Map<Long, Map<String, Purposes.Purpose>> catalogues = new HashMap<>();
        return jdbc.sql("""
                        select c.id, c.e164, c.professional_id, p.name, p.siren, c.purposes, c.channel,
                               c.collected_at, c.valid_from, c.valid_until, c.withdrawn_at, c.status,
                               g.notice_sha256, n.language, n.text
                        from proven_number w
                        join consent c on c.e164 = w.e164
                        join professional p on p.id = c.professional_id
                        join consent_event g on g.sequence = c.given_sequence
                        join consent_notice n on n.sha256 = g.notice_sha256
                        where w.person_id = ?
                        order by c.collected_at desc, c.id""")
                .param(personId)
                .query((rs, n) -> {
                    long professionalId = rs.getLong("professional_id");
                    Map<String, Purposes.Purpose> catalogue = catalogues.computeIfAbsent(professionalId,
                            consents::purposes);
                    Instant validUntil = ConsentLedger.instant(rs.getObject("valid_until", OffsetDateTime.class));
                    Instant withdrawnAt = ConsentLedger.instant(rs.getObject("withdrawn_at", OffsetDateTime.class));
                    return new Held(rs.getObject("id", UUID.class), rs.getString("e164"), rs.getString("name"),
                            rs.getString("siren"),
                            ConsentEvent.split(rs.getString("purposes")).stream()
                                    .map(code -> catalogue.getOrDefault(code, new Purposes.Purpose(code, code, "")))
                                    .toList(),
                            rs.getString("channel"),
                            ConsentLedger.instant(rs.getObject("collected_at", OffsetDateTime.class)),
                            ConsentLedger.instant(rs.getObject("valid_from", OffsetDateTime.class)),
                            validUntil, withdrawnAt,
                            ConsentService.status(rs.getString("status"), validUntil, withdrawnAt, now),
                            rs.getString("notice_sha256"), rs.getString("language"), rs.getString("text"));
                })
                .list();
    }

    /** A call a professional (or a call centre for it) made to one of the person's proven numbers. */
    record CallMade(String e164, String professionalName, String siren, String callCentreSiren, String purpose,
                    Instant at, String outcome) {
    }

    /**
     * The calls made to the person's proven numbers through the dialler API, newest first (the last 200): who called,
     * for what, when, and how it ended. Checks and file cleanings record nothing per number, so only calls show.
     */
    List<CallMade> calls(long personId) {
        return jdbc.sql("""
                        select a.e164, p.name, p.siren, a.call_centre_siren, a.purpose, a.attempted_at, o.outcome
                        from proven_number w
                        join call_attempt a on a.e164 = w.e164
                        join professional p on p.id = a.professional_id
                        left join call_outcome o on o.call_id = a.id
                        where w.person_id = ?
                        order by a.attempted_at desc
                        fetch first 200 rows only""")
                .param(personId)
                .query((rs, n) -> new CallMade(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), ConsentLedger.instant(rs.getObject(6, OffsetDateTime.class)),
                        rs.getString(7)))
                .list();
    }

    /** The professional holding this consent, when its number is one the person proved. */
    private Optional<Long> holder(long personId, UUID consentId) {
        return jdbc.sql("""
                        select c.professional_id from consent c
                        join proven_number w on w.e164 = c.e164 and w.person_id = ?
                        where c.id = ?""")
                .params(personId, consentId)
                .query(Long.class)
                .optional();
    }

    /** Withdraws the consent now, through the ledger; not found unless its number is one the person proved. */
    ConsentLedger.Withdrawal withdraw(long personId, UUID consentId) {
        long professionalId = holder(personId, consentId).orElseThrow(Problems::consentNotFound);
        ConsentLedger.Withdrawal withdrawal = consents.withdraw(professionalId, consentId, CHANNEL, null);
        if (withdrawal.recorded()) {
            audit.append("person:" + personId, "CONSENT_WITHDRAWN", "consent:" + consentId, "channel=" + CHANNEL);
        }
        return withdrawal;
    }

    /** The readable PDF of the consent's signed receipt; not found unless its number is one the person proved. */
    byte[] receiptPdf(long personId, UUID consentId) {
        long professionalId = holder(personId, consentId).orElseThrow(Problems::consentNotFound);
        return receipts.pdf(professionalId, consentId);
    }
}
