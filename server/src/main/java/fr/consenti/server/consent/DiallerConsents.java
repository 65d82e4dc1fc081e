package fr.consenti.server.consent;

import fr.consenti.core.rules.ConsentChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the dialler API (package {@code calls}) and the screening index need from the consent ledger, through the
 * ledger's own services: an oral withdrawal of every consent of a professional for a number, a consent given during a
 * recorded call, and how the rules engine reads a stored channel. Nothing here writes the ledger itself.
 */
@Component
public final class DiallerConsents {

    private final JdbcClient jdbc;
    private final ConsentLedger ledger;
    private final ConsentService consents;

    DiallerConsents(JdbcClient jdbc, ConsentLedger ledger, ConsentService consents) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.consents = consents;
    }

    /** The channel of a stored consent as the rules engine reads it (see ConsentLedger.engineChannel). */
    public static ConsentChannel engineChannel(String storedChannel) {
        return ConsentLedger.engineChannel(storedChannel);
    }

    /**
     * Withdraws, at {@code at}, every consent of the professional for the number that is not withdrawn yet (RULES.md
     * §3: orally, during a call). Each withdrawal goes through {@link ConsentLedger#withdraw}, one transaction each,
     * and appends its own ConsentWithdrawn to the feed; returns the consents withdrawn by this call.
     */
    public List<UUID> withdrawAll(long professionalId, int nsn, String channel, Instant at) {
        List<UUID> ids = jdbc.sql("""
                        select id from consent
                        where professional_id = ? and nsn = ? and withdrawn_at is null and status <> 'PURGED'""")
                .params(professionalId, nsn)
                .query(UUID.class)
                .list();
        List<UUID> withdrawn = new ArrayList<>();
        for (UUID id : ids) {
            ledger.withdraw(professionalId, id, channel, at)
                    .filter(ConsentLedger.Withdrawal::recorded)
                    .ifPresent(w -> withdrawn.add(w.consentId()));
        }
        return withdrawn;
    }

    /** A consent given orally during a recorded call, as the consent API records any consent. */
    public record RecordedCallConsent(UUID id, String e164, Instant validFrom, Instant validUntil, String receipt) {
    }

    /**
     * Records a consent with channel RECORDED_CALL and its recording as evidence, validated like any consent (a
     * refusal is the consent API's own problem+json).
     */
    public RecordedCallConsent giveDuringRecordedCall(long professionalId, String number, List<String> purposes,
            String noticeText, String noticeSha256, String recordingRef, Instant saidYesAt, List<String> thirdParties) {
        ConsentRequest request = new ConsentRequest(number, purposes, "RECORDED_CALL",
                new ConsentRequest.Notice(noticeText, noticeSha256, noticeText == null ? null : "fr"),
                new ConsentRequest.Evidence("CALL_RECORDING", null, null, null, recordingRef,
                        saidYesAt == null ? null : saidYesAt.toString(), null, null),
                null, null, null, thirdParties, null);
        ConsentService.Recorded recorded = consents.give(professionalId, request);
        return new RecordedCallConsent(recorded.id(), recorded.e164(), recorded.validFrom(), recorded.validUntil(),
                recorded.receipt());
    }
}
