package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.proof.Hex;
import fr.consenti.core.proof.JsonWriter;
import fr.consenti.core.proof.ReceiptSigner;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.CallerId;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Reason;
import fr.consenti.server.consent.LedgerKeys;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.FeedChange;
import fr.consenti.server.screening.ScreeningService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /api/v1/calls}: the dialler is about to dial. The decision is taken again under a row lock per
 * professional and number ({@code attempt_counter}, {@code select ... for update}), with the attempts and the objection
 * read from the database in that transaction, so that two requests on any nodes cannot both take the last place of the
 * cap nor dial past an objection recorded a moment ago; when it allows, the attempt, its signed screening receipt and
 * the feed's AttemptRecorded commit together.
 *
 * <p>{@code Idempotency-Key}: the first request with a key inserts its row first (a concurrent twin waits on it), and
 * its answer is stored with it in the same transaction; a retry gets that answer again and counts nothing. The same
 * key with another body is refused (422).
 */
@Service
final class CallService {

    static final String RECEIPT_TYPE = "screening-receipt+jwt";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ScreeningService screening;
    private final ChangeFeed feed;
    private final ReceiptSigner signer;
    private final Clock clock;

    CallService(JdbcClient jdbc, TransactionTemplate transactions, ScreeningService screening, ChangeFeed feed,
                LedgerKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.screening = screening;
        this.feed = feed;
        this.signer = keys.receiptSigner();
        this.clock = clock;
    }

    /** The JSON answer, and whether it was recorded by this request (false for a denial or a retry). */
    record Answer(String json, boolean allowed, boolean replayed) {
    }

    Answer call(Dialler dialler, byte[] body, String idempotencyKey, boolean english) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw CallProblems.validation(List.of(new CallProblems.FieldProblem("Idempotency-Key",
                    "must be 1 to 200 characters")));
        }
        CheckInput.Body parsed = CheckInput.read(body, false);
        List<CallProblems.FieldProblem> errors = new ArrayList<>();
        CallRequest validated = parsed.single().toRequest(dialler, clock.instant(), "", true, false, errors);
        if (validated == null) {
            throw CallProblems.validation(errors);
        }
        String requestHash = sha256(body);
        Answer answer = transactions.execute(status -> {
            if (idempotencyKey != null) {
                Optional<Answer> earlier = claim(dialler, idempotencyKey, requestHash);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            CallRequest request = validated.at(now);
            FrenchNumber number = CheckInput.parsed(request);
            int nsn = number.nsn();
            jdbc.sql("insert into attempt_counter (professional_id, nsn, attempts) values (?, ?, 0) "
                    + "on conflict do nothing").params(dialler.professionalId(), nsn).update();
            jdbc.sql("select attempts from attempt_counter where professional_id = ? and nsn = ? for update")
                    .params(dialler.professionalId(), nsn).query(Long.class).single();
            // The window is counted by the engine in the callee's calendar days; two days more covers any zone.
            List<OffsetDateTime> recent = jdbc.sql("""
                            select attempted_at from call_attempt
                            where professional_id = ? and nsn = ? and attempted_at > ?
                            order by attempted_at""")
                    .params(dialler.professionalId(), nsn,
                            utc(now.minus(Duration.ofDays(screening.engine().policies().frequencyWindowDays() + 2L))))
                    .query(OffsetDateTime.class).list();
            long[] attempts = new long[recent.size()];
            for (int i = 0; i < attempts.length; i++) {
                attempts[i] = recent.get(i).toInstant().toEpochMilli();
            }
            Instant objectedAt = jdbc.sql("select objected_at from objection where professional_id = ? and nsn = ?")
                    .params(dialler.professionalId(), nsn).query(OffsetDateTime.class).optional()
                    .map(OffsetDateTime::toInstant).orElse(null);
            ScreeningService.Screening screened = screening.decide(request,
                    new ScreeningService.Overrides(objectedAt, attempts), true);
            Decision decision = screened.decision();
            UUID callId = null;
            String receipt = null;
            if (decision instanceof Decision.Allow allow) {
                callId = UUID.randomUUID();
                receipt = receipt(callId, dialler, request, number, decision, now, screened.position(),
                        attempts.length);
                jdbc.sql("""
                                insert into call_attempt (id, professional_id, delegation_id, call_centre_siren, api_key_id,
                                    nsn, e164, caller_id, purpose, sector, attempted_at, basis, rule_set, feed_position,
                                    receipt)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(callId, dialler.professionalId(), dialler.delegationId(), dialler.callCentre(),
                                dialler.apiKeyId(), nsn, number.e164(), callerId(request.callerId()),
                                request.purpose(), request.sector().name(), utc(now), allow.basis().name(),
                                decision.ruleSet().version(), screened.position(), receipt)
                        .update();
                jdbc.sql("update attempt_counter set attempts = attempts + 1 where professional_id = ? and nsn = ?")
                        .params(dialler.professionalId(), nsn).update();
                feed.append(new FeedChange.AttemptRecorded(dialler.professionalId(), nsn, now));
            }
            String json = DecisionJson.call(callId, number, decision, now, screened.position(), receipt, english);
            if (idempotencyKey != null) {
                jdbc.sql("update call_idempotency set response = ? where professional_id = ? and idempotency_key = ?")
                        .params(json, dialler.professionalId(), idempotencyKey).update();
            }
            return new Answer(json, callId != null, false);
        });
        if (answer.allowed()) {
            screening.wake();
        }
        return answer;
    }

    /** Takes the key, or finds the answer of the request that took it first. */
    private Optional<Answer> claim(Dialler dialler, String key, String requestHash) {
        int inserted = jdbc.sql("""
                        insert into call_idempotency (professional_id, idempotency_key, request_sha256, created_at)
                        values (?, ?, ?, ?) on conflict do nothing""")
                .params(dialler.professionalId(), key, requestHash, utc(clock.instant()))
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        record Stored(String hash, String response) {
        }
        Stored stored = jdbc.sql("select request_sha256, response from call_idempotency "
                        + "where professional_id = ? and idempotency_key = ?")
                .params(dialler.professionalId(), key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2))).single();
        if (!stored.hash().equals(requestHash)) {
            throw CallProblems.of(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was used for another request; use a new key for a new call.");
        }
        return Optional.of(new Answer(stored.response(), false, true));
    }

    /**
     * The signed screening receipt: the inputs, the decision, the rule set, the feed position of the index used, the
     * attempts counted and the server time, signed with the platform's Ed25519 key.
     */
    private String receipt(UUID callId, Dialler dialler, CallRequest request, FrenchNumber number, Decision decision,
                           Instant now, long position, int attemptsCounted) {
        JsonWriter w = new JsonWriter().beginObject()
                .name("type").value("screening")
                .name("callId").value(callId.toString())
                .name("professional").value(dialler.professional());
        w.name("callCentre");
        if (dialler.callCentre() == null) {
            w.nullValue();
        } else {
            w.value(dialler.callCentre());
        }
        w.name("e164").value(number.e164());
        w.name("callerId");
        String caller = callerId(request.callerId());
        if (caller == null) {
            w.nullValue();
        } else {
            w.value(caller);
        }
        w.name("purpose").value(request.purpose())
                .name("sector").value(request.sector().name());
        w.name("departement");
        if (request.departement() == null) {
            w.nullValue();
        } else {
            w.value(request.departement());
        }
        w.name("ongoingContract").value(request.ongoingContract())
                .name("b2b").value(request.b2b())
                .name("serverTime").value(now.toString())
                .name("verdict").value(decision instanceof Decision.Allow ? "ALLOW" : "DENY");
        w.name("basis");
        if (decision instanceof Decision.Allow allow) {
            w.value(allow.basis().name());
        } else {
            w.nullValue();
        }
        w.name("reasons").beginArray();
        if (decision instanceof Decision.Deny deny) {
            for (Reason r : deny.reasons()) {
                w.value(r.code().name());
            }
        }
        w.endArray()
                .name("ruleSetVersion").value(decision.ruleSet().version())
                .name("feedPosition").value(position)
                .name("attemptsInWindow").value(attemptsCounted)
                .endObject();
        return signer.sign(RECEIPT_TYPE, w.toBytes());
    }

    private static String callerId(CallerId id) {
        return switch (id) {
            case CallerId.Number n -> n.number().e164();
            case CallerId.Hidden h -> "HIDDEN";
            case CallerId.Invalid i -> "INVALID";
        };
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static String sha256(byte[] bytes) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }
}
