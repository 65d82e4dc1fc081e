package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.consent.DiallerConsents;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.FeedChange;
import fr.consenti.server.screening.ScreeningService;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/calls/{id}/outcome}: what happened on a call the API allowed. One outcome per call, by the
 * call's own professional; the same outcome again answers the first, another one is refused (409). Each outcome's
 * effects commit with it: an objection row (permanent) and ObjectionRecorded, a refusal (cooldown) as
 * RefusalRecorded, an oral withdrawal of every consent through the consent ledger plus ConsentsWithdrawn, or a consent
 * given on the recorded call through the consent service.
 */
@Service
final class Outcomes {

    enum Kind { NO_ANSWER, ANSWERED, REFUSED, OBJECTION, CONSENT_WITHDRAWN, CONSENT_GIVEN }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("outcome", "recordingRef", "saidYesAt", "purposes", "notice",
            "thirdParties");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ChangeFeed feed;
    private final Objections objections;
    private final DiallerConsents consents;
    private final ScreeningService screening;
    private final Clock clock;

    Outcomes(JdbcClient jdbc, TransactionTemplate transactions, ChangeFeed feed, Objections objections,
             DiallerConsents consents, ScreeningService screening, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.feed = feed;
        this.objections = objections;
        this.consents = consents;
        this.screening = screening;
        this.clock = clock;
    }

    record Request(Kind outcome, String recordingRef, Instant saidYesAt, List<String> purposes, String noticeText,
                   String noticeSha256, List<String> thirdParties) {
    }

    record Recorded(UUID callId, String outcome, Instant occurredAt, UUID consentId, String consentReceipt,
                    List<UUID> withdrawnConsents, boolean created) {
    }

    private record Call(long professionalId, int nsn, String e164) {
    }

    Recorded record(Dialler dialler, UUID callId, byte[] body) {
        Request request = parse(body);
        try {
            Recorded recorded = transactions.execute(status -> recordLocked(dialler, callId, request));
            if (recorded.created()) {
                screening.wake();
            }
            return recorded;
        } catch (DuplicateKeyException e) {
            // A concurrent outcome for the same call committed first: answer as if it had come before.
            return transactions.execute(status -> recordLocked(dialler, callId, request));
        }
    }

    private Recorded recordLocked(Dialler dialler, UUID callId, Request request) {
        Call call = jdbc.sql("select professional_id, nsn, e164 from call_attempt where id = ?")
                .param(callId)
                .query((rs, n) -> new Call(rs.getLong(1), rs.getInt(2), rs.getString(3)))
                .optional()
                .filter(c -> c.professionalId() == dialler.professionalId())
                .orElseThrow(CallProblems::callNotFound);
        Optional<Recorded> existing = jdbc.sql("select outcome, occurred_at, consent_id from call_outcome where call_id = ?")
                .param(callId)
                .query((rs, n) -> new Recorded(callId, rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, UUID.class), null, List.of(), false))
                .optional();
        if (existing.isPresent()) {
            if (!existing.get().outcome().equals(request.outcome().name())) {
                throw CallProblems.of(HttpStatus.CONFLICT, "OUTCOME_ALREADY_RECORDED", "This call's outcome is "
                        + existing.get().outcome() + "; a call has one outcome, which cannot be changed.");
            }
            return existing.get();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID consentId = null;
        String receipt = null;
        List<UUID> withdrawn = List.of();
        switch (request.outcome()) {
            case NO_ANSWER, ANSWERED -> {
            }
            case REFUSED -> feed.append(new FeedChange.RefusalRecorded(call.professionalId(), call.nsn(), now));
            case OBJECTION -> objections.record(call.professionalId(), number(call), now, "CALL_OUTCOME", callId);
            case CONSENT_WITHDRAWN -> {
                withdrawn = consents.withdrawAll(call.professionalId(), call.nsn(), "PHONE_CALL", now);
                feed.append(new FeedChange.ConsentsWithdrawn(call.professionalId(), call.nsn(), now));
            }
            case CONSENT_GIVEN -> {
                DiallerConsents.RecordedCallConsent given = consents.giveDuringRecordedCall(call.professionalId(),
                        call.e164(), request.purposes(), request.noticeText(), request.noticeSha256(),
                        request.recordingRef(), request.saidYesAt() == null ? now : request.saidYesAt(),
                        request.thirdParties());
                consentId = given.id();
                receipt = given.receipt();
            }
        }
        jdbc.sql("""
                        insert into call_outcome (call_id, professional_id, nsn, outcome, recording_ref, consent_id,
                            occurred_at, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(callId, call.professionalId(), call.nsn(), request.outcome().name(), request.recordingRef(),
                        consentId, CallService.utc(now), CallService.utc(now))
                .update();
        return new Recorded(callId, request.outcome().name(), now, consentId, receipt, withdrawn, true);
    }

    private static FrenchNumber number(Call call) {
        return (FrenchNumber) NumberParser.parse(call.e164());
    }

    static Request parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw CallProblems.malformed("The request body is missing or is not valid JSON.",
                    at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
        }
        if (root == null || !root.isObject()) {
            throw CallProblems.malformed("The request body must be a JSON object.", 1, 1);
        }
        List<CallProblems.FieldProblem> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!FIELDS.contains(name)) {
                errors.add(new CallProblems.FieldProblem(name, "unknown field; the fields are "
                        + String.join(", ", FIELDS.stream().sorted().toList())));
            }
        }
        Kind kind = null;
        JsonNode outcome = root.get("outcome");
        if (outcome == null || !outcome.isString()) {
            errors.add(new CallProblems.FieldProblem("outcome", "is required: one of " + List.of(Kind.values())));
        } else {
            try {
                kind = Kind.valueOf(outcome.asString());
            } catch (IllegalArgumentException e) {
                errors.add(new CallProblems.FieldProblem("outcome", "must be one of " + List.of(Kind.values())));
            }
        }
        String recordingRef = text(root, "recordingRef", errors);
        Instant saidYesAt = null;
        String yes = text(root, "saidYesAt", errors);
        if (yes != null) {
            try {
                saidYesAt = OffsetDateTime.parse(yes.strip()).toInstant();
            } catch (DateTimeException e) {
                errors.add(new CallProblems.FieldProblem("saidYesAt", "must be an ISO-8601 time with its offset"));
            }
        }
        List<String> purposes = strings(root, "purposes", errors);
        List<String> thirdParties = strings(root, "thirdParties", errors);
        String noticeText = null;
        String noticeSha = null;
        JsonNode notice = root.get("notice");
        if (notice != null && !notice.isNull()) {
            if (!notice.isObject()) {
                errors.add(new CallProblems.FieldProblem("notice", "must be an object {text} or {sha256}"));
            } else {
                noticeText = text(notice, "text", errors);
                noticeSha = text(notice, "sha256", errors);
            }
        }
        if (kind == Kind.CONSENT_GIVEN) {
            if (recordingRef == null || recordingRef.isBlank()) {
                errors.add(new CallProblems.FieldProblem("recordingRef",
                        "is required for CONSENT_GIVEN: the reference of the call recording holding the \"oui\""));
            }
            if (purposes == null || purposes.isEmpty()) {
                errors.add(new CallProblems.FieldProblem("purposes", "is required for CONSENT_GIVEN"));
            }
            if (noticeText == null && noticeSha == null) {
                errors.add(new CallProblems.FieldProblem("notice", "is required for CONSENT_GIVEN: the text read"));
            }
        }
        if (recordingRef != null && recordingRef.length() > 500) {
            errors.add(new CallProblems.FieldProblem("recordingRef", "must be at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw CallProblems.validation(errors);
        }
        return new Request(kind, recordingRef, saidYesAt, purposes, noticeText, noticeSha,
                thirdParties == null ? List.of() : thirdParties);
    }

    private static String text(JsonNode node, String name, List<CallProblems.FieldProblem> errors) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            errors.add(new CallProblems.FieldProblem(name, "must be a string"));
            return null;
        }
        return v.asString();
    }

    private static List<String> strings(JsonNode node, String name, List<CallProblems.FieldProblem> errors) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isString()) {
                    errors.add(new CallProblems.FieldProblem(name, "must be an array of strings"));
                    return null;
                }
                out.add(e.asString());
            }
            return out;
        }
        errors.add(new CallProblems.FieldProblem(name, "must be an array of strings"));
        return null;
    }
}
