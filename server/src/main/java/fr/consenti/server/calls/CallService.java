package fr.consenti.server.calls;

import fr.consenti.core.proof.Hex;
import fr.consenti.core.rules.CallRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/calls}: the dialler is about to dial. The request thread validates and parses; the decision is
 * taken again by the node's {@link CallAppender}, in a transaction that holds the row lock of every professional and
 * number of its batch ({@code attempt_counter}, {@code select ... for update}), with the attempts and the objections
 * read from the database in that transaction, so that two requests on any nodes cannot both take the last place of
 * the cap nor dial past an objection recorded a moment ago; when it allows, the attempt, its signed screening receipt
 * and the feed's AttemptRecorded commit together, and the answer is given only after that commit
 * ({@link CallRecorder}).
 *
 * <p>{@code Idempotency-Key}: the first request with a key inserts its row first (a concurrent twin waits on it, or
 * gets the first's answer when it is in the same batch), and its answer is stored with it in the same transaction; a
 * retry gets that answer again and counts nothing. The same key with another body is refused (422).
 */
@Service
final class CallService {

    static final String RECEIPT_TYPE = CallRecorder.RECEIPT_TYPE;

    private final CallAppender appender;
    private final Clock clock;

    CallService(CallAppender appender, Clock clock) {
        this.appender = appender;
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
        CallRequest validated = parsed.single().toRequest(dialler, clock.instant(), true, false, errors);
        if (validated == null) {
            throw CallProblems.validation(errors);
        }
        CallRecorder.Recorded recorded = appender.record(new CallRecorder.Pending(dialler, validated,
                CheckInput.parsed(validated), idempotencyKey, idempotencyKey == null ? null : sha256(body), english));
        return switch (recorded) {
            case CallRecorder.Decided d -> new Answer(d.answer(), d.callId() != null, false);
            case CallRecorder.Replayed r -> new Answer(r.json(), false, true);
            case CallRecorder.Refused r -> throw r.problem();
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
