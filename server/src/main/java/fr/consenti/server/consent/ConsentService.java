package fr.consenti.server.consent;

import fr.consenti.core.proof.Hex;
import fr.consenti.server.consent.ConsentValidator.Outcome;
import fr.consenti.server.consent.ConsentValidator.StoredNotice;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.accounts.Delegation;
import fr.consenti.server.accounts.Delegations;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Records, withdraws, lists and proves the consents of one professional at a time. */
@Service
final class ConsentService {

    /** The status of a consent at a given time. */
    enum Status { ACTIVE, EXPIRED, WITHDRAWN, PURGED }

    record Recorded(UUID id, String e164, Instant validFrom, Instant validUntil, String receipt) {
    }

    record Summary(UUID id, String e164, Status status, List<String> purposes, List<String> thirdParties,
                   String channel, Instant collectedAt, Instant validFrom, Instant validUntil, Instant withdrawnAt) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ConsentLedger ledger;
    private final ConsentAppender appender;
    private final Purposes purposes;
    private final Receipts receipts;
    private final ConsentPolicy policy;
    private final Clock clock;
    private final ReceiptMails mails;

    private final Delegations delegations;

    ConsentService(JdbcClient jdbc, JdbcTemplate template, ConsentLedger ledger, ConsentAppender appender,
                   Purposes purposes, Receipts receipts, ConsentPolicy policy, Clock clock, Delegations delegations,
                   ReceiptMails mails) {
        this.appender = appender;
        this.delegations = delegations;
        this.mails = mails;
        this.jdbc = jdbc;
        this.template = template;
        this.ledger = ledger;
        this.purposes = purposes;
        this.receipts = receipts;
        this.policy = policy;
        this.clock = clock;
    }

    ConsentValidator validator(ConsentValidator.Naming naming) {
        return new ConsentValidator(policy, naming);
    }

    /**
     * The delegation an API caller acts under, read again now (revoked or ended: refused at once), or empty for the
     * professional's own key.
     */
    Optional<Delegation> delegationOf(ApiCaller caller) {
        if (caller.delegationId() == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(delegations.find(caller.delegationId())
                .filter(d -> d.professionalId() == caller.professionalId() && d.activeAt(now))
                .orElseThrow(() -> Problems.of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                        "The delegation this API key acts under is revoked or no longer valid.")));
    }

    /** Whether the caller may see and act on a consent of these purposes: always for the professional's own key. */
    boolean covers(ApiCaller caller, List<String> consentPurposes) {
        return delegationOf(caller).map(d -> d.coversAny(consentPurposes)).orElse(true);
    }

    /** Refuses a request that a key acting under a delegation may not make (the professional's own acts). */
    static void requireOwnKey(ApiCaller caller) {
        if (caller.delegationId() != null) {
            throw Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "Only the professional's own API key may do this, not a key acting under a delegation.");
        }
    }

    Recorded give(ApiCaller caller, ConsentRequest request) {
        return record(prepare(caller, request));
    }

    Recorded give(long professionalId, ConsentRequest request) {
        return record(prepare(professionalId, request));
    }

    /** A consent request found valid, with the purposes it names; nothing is written until {@link #record}. */
    record Prepared(Outcome.Valid valid, Map<String, Purposes.Purpose> catalogue) {
    }

    /** Checks a request by a key (its delegation's purposes too); a refusal is a problem, and nothing is written. */
    Prepared prepare(ApiCaller caller, ConsentRequest request) {
        Optional<Delegation> delegation = delegationOf(caller);
        if (delegation.isPresent() && !delegation.get().allPurposes() && request.purposes() != null) {
            List<Problems.FieldProblem> outOfScope = new ArrayList<>();
            for (int i = 0; i < request.purposes().size(); i++) {
                String code = request.purposes().get(i);
                if (code != null && !delegation.get().covers(code.strip())) {
                    outOfScope.add(new Problems.FieldProblem("purposes[" + i + "]", "is not covered by delegation "
                            + delegation.get().id() + " that this API key acts under: " + code));
                }
            }
            if (!outOfScope.isEmpty()) {
                throw Problems.validation(outOfScope);
            }
        }
        return prepare(caller.professionalId(), request);
    }

    private Prepared prepare(long professionalId, ConsentRequest request) {
        Instant now = ledger.now();
        Map<String, Purposes.Purpose> catalogue = purposes.covering(professionalId, request.purposes() == null
                ? List.of() : request.purposes().stream().filter(java.util.Objects::nonNull).map(String::strip).toList());
        Outcome outcome = validator(ConsentValidator.Naming.JSON)
                .check(professionalId, request, now, catalogue.keySet(), this::noticeExists);
        return switch (outcome) {
            case Outcome.Invalid invalid -> throw Problems.validation(invalid.errors());
            case Outcome.Valid valid -> new Prepared(valid, catalogue);
        };
    }

    /** Appends a prepared consent to the ledger, signs its receipt and mails it; answers once it is durable. */
    Recorded record(Prepared prepared) {
        Outcome.Valid valid = prepared.valid();
        storeNotices(valid.newNotice() == null ? List.of() : List.of(valid.newNotice()));
        // Group commit: linked with every other consent waiting, acknowledged once committed.
        ConsentEvent given = appender.append(valid.given());
        String receipt = receipts.receipt(given, prepared.catalogue());
        mails.mailGiven(given, receipt);
        return new Recorded(given.consentId(), given.e164(), given.validFrom(), given.validUntil(), receipt);
    }

    boolean noticeExists(String sha256) {
        return receipts.noticeLanguage(sha256) != null;
    }

    /** Stores notices not stored yet; the same text sent twice is one row. */
    void storeNotices(Collection<StoredNotice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        template.batchUpdate("""
                insert into consent_notice (sha256, text, language, created_at) values (?, ?, ?, ?)
                on conflict do nothing""", new ArrayList<>(notices), 100, (ps, n) -> {
            ps.setString(1, n.sha256());
            ps.setString(2, n.text());
            ps.setString(3, n.language());
            ps.setObject(4, now);
        });
    }

    ConsentLedger.Withdrawal withdraw(long professionalId, UUID consentId, String channel, String at) {
        Instant now = ledger.now();
        List<Problems.FieldProblem> errors = new ArrayList<>();
        if (channel == null || channel.isBlank()) {
            errors.add(new Problems.FieldProblem("channel", "is required: how the consumer withdrew"));
        } else if (!WITHDRAWAL_CHANNELS.contains(channel.strip())) {
            errors.add(new Problems.FieldProblem("channel", "must be one of " + String.join(", ", WITHDRAWAL_CHANNELS)));
        }
        Instant effective = now;
        if (at != null && !at.isBlank()) {
            try {
                effective = OffsetDateTime.parse(at.strip()).toInstant().truncatedTo(ChronoUnit.MICROS);
                if (effective.isAfter(now)) {
                    errors.add(new Problems.FieldProblem("at", "must not be in the future: a withdrawal takes "
                            + "effect when the consumer makes it (server time " + now + ")"));
                }
            } catch (java.time.DateTimeException e) {
                errors.add(new Problems.FieldProblem("at",
                        "must be an ISO-8601 time with its offset, such as 2026-09-01T10:15:00+02:00"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.validation(errors);
        }
        return ledger.withdraw(professionalId, consentId, channel.strip(), effective)
                .orElseThrow(Problems::consentNotFound);
    }

    /** Channels of a withdrawal: any means, no harder than giving consent (RULES.md §3). */
    static final List<String> WITHDRAWAL_CHANNELS = List.of("WEB_FORM", "PAPER", "IN_PERSON", "RECORDED_CALL",
            "PHONE_CALL", "EMAIL", "API", "CONSUMER_WALLET");

    private static final String SUMMARY_COLUMNS = """
            id, e164, status, purposes, third_parties, channel, collected_at, valid_from, valid_until, withdrawn_at""";
    /** The caller's consents for a number; under a delegation, only those it covers. */
    List<Summary> forNumber(ApiCaller caller, String e164) {
        Optional<Delegation> delegation = delegationOf(caller);
        List<Summary> all = forNumber(caller.professionalId(), e164);
        return delegation.map(d -> all.stream().filter(c -> d.coversAny(c.purposes())).toList()).orElse(all);
    }

    /** The purposes of a consent of this professional, or empty when it is not theirs. */
    Optional<List<String>> purposesOf(long professionalId, UUID consentId) {
        return jdbc.sql("select purposes from consent where id = ? and professional_id = ?")
                .params(consentId, professionalId)
                .query((rs, n) -> ConsentEvent.split(rs.getString(1)))
                .optional();
    }

    /** Refuses, as not found, a consent the caller may not see: another's, or outside its delegation. */
    void requireVisible(ApiCaller caller, UUID consentId) {
        if (caller.delegationId() != null) {
            List<String> consentPurposes = purposesOf(caller.professionalId(), consentId)
                    .orElseThrow(Problems::consentNotFound);
            if (!covers(caller, consentPurposes)) {
                throw Problems.consentNotFound();
            }
        }
    }

    List<Summary> forNumber(long professionalId, String e164) {
        Instant now = clock.instant();
        return jdbc.sql("select " + SUMMARY_COLUMNS
                        + " from consent where professional_id = ? and e164 = ? order by collected_at, id")
                .params(professionalId, e164)
                .query((rs, n) -> summary(rs, now))
                .list();
    }

    /** The professional's latest consents by collection time, newest first. */
    List<Summary> latest(long professionalId, int limit) {
        Instant now = clock.instant();
        return jdbc.sql("select " + SUMMARY_COLUMNS
                        + " from consent where professional_id = ? order by collected_at desc, id fetch first ? rows only")
                .params(professionalId, limit)
                .query((rs, n) -> summary(rs, now))
                .list();
    }

    /** Every consent of the professional, oldest first, one at a time (an export may be large). */
    void each(long professionalId, java.util.function.Consumer<Summary> each) {
        Instant now = clock.instant();
        jdbc.sql("select " + SUMMARY_COLUMNS + " from consent where professional_id = ? order by collected_at, id")
                .param(professionalId)
                .query((java.sql.ResultSet rs) -> each.accept(summary(rs, now)));
    }

    private static Summary summary(java.sql.ResultSet rs, Instant now) throws java.sql.SQLException {
        Instant validUntil = ConsentLedger.instant(rs.getObject("valid_until", OffsetDateTime.class));
        Instant withdrawnAt = ConsentLedger.instant(rs.getObject("withdrawn_at", OffsetDateTime.class));
        return new Summary(rs.getObject("id", UUID.class), rs.getString("e164"),
                status(rs.getString("status"), validUntil, withdrawnAt, now),
                ConsentEvent.split(rs.getString("purposes")), ConsentEvent.split(rs.getString("third_parties")),
                rs.getString("channel"),
                ConsentLedger.instant(rs.getObject("collected_at", OffsetDateTime.class)),
                ConsentLedger.instant(rs.getObject("valid_from", OffsetDateTime.class)),
                validUntil, withdrawnAt);
    }

    /**
     * The status at {@code now}, from the clock rather than from the last event: a consent is expired the moment its
     * validity ends, whether or not the job has written its EXPIRED event yet.
     */
    static Status status(String stored, Instant validUntil, Instant withdrawnAt, Instant now) {
        if ("PURGED".equals(stored)) {
            return Status.PURGED;
        }
        if (withdrawnAt != null && !withdrawnAt.isAfter(now)) {
            return Status.WITHDRAWN;
        }
        return now.isBefore(validUntil) ? Status.ACTIVE : Status.EXPIRED;
    }

    /** Every event of one consent of this professional, in chain order; empty when it is not theirs. */
    List<ConsentEvent> events(long professionalId, UUID consentId) {
        return jdbc.sql("select " + ConsentEvent.COLUMNS
                        + " from consent_event where consent_id = ? and professional_id = ? order by sequence")
                .params(consentId, professionalId)
                .query((rs, n) -> ConsentEvent.read(rs))
                .list();
    }

    Optional<StoredNotice> notice(String sha256) {
        return jdbc.sql("select sha256, text, language from consent_notice where sha256 = ?").param(sha256)
                .query(StoredNotice.class).optional();
    }

    Map<String, Purposes.Purpose> purposes(long professionalId) {
        return purposes.of(professionalId);
    }

    String receipt(ConsentEvent given, Map<String, Purposes.Purpose> catalogue) {
        return receipts.receipt(given, catalogue);
    }

    String keyId() {
        return receipts.keyId();
    }

    static String hex(byte[] bytes) {
        return bytes == null ? null : Hex.encode(bytes);
    }
}
