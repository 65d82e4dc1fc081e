package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a batch of calls in one transaction (the work of {@link CallAppender}): every call of the batch is decided
 * under the row locks of its professional and number, in arrival order, and what was allowed commits together.
 *
 * <p>Order of the locks, the same on every node so that two nodes' batches cannot deadlock: first the batch's
 * {@code Idempotency-Key} rows (inserted sorted by professional and key: a twin on another node waits for the first
 * request's commit), then the {@code attempt_counter} rows of every (professional, number) of the batch (inserted if
 * missing, then {@code select ... for update}, both sorted by professional and number). No statement after those takes
 * a row lock another transaction may hold. Then the recent attempts and the objections of the batch's numbers are read
 * with one statement each, each call is decided in arrival order (two calls of the batch for one number count against
 * each other), and the attempts, receipts, counters, feed rows and stored answers are written with JDBC batches.
 */
@Component
final class CallRecorder {

    static final String RECEIPT_TYPE = "screening-receipt+jwt";
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

    /** Pairs per statement: bounds the parameters of the set-based statements. */
    private static final int CHUNK = 500;

    private static final String INSERT_ATTEMPT = """
            insert into call_attempt (id, professional_id, delegation_id, call_centre_siren, api_key_id, nsn, e164,
                caller_id, purpose, sector, attempted_at, basis, rule_set, feed_position, receipt)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** One call handed over by a request thread: validated and parsed there. */
    record Pending(Dialler dialler, CallRequest request, FrenchNumber number, String idempotencyKey,
                   String requestHash, boolean english) {
    }

    /** What became of one call of a batch. */
    sealed interface Recorded {
    }

    /**
     * Decided now; {@code json} is set when it had to be stored with an idempotency key (the request thread writes it
     * otherwise, out of the appender's way).
     */
    record Decided(UUID callId, FrenchNumber number, Decision decision, Instant at, long position, String receipt,
                   boolean english, String json) implements Recorded {

        String answer() {
            return json != null ? json : DecisionJson.call(callId, number, decision, at, position, receipt, english);
        }
    }

    /** The first answer to this idempotency key, given again. */
    record Replayed(String json) implements Recorded {
    }

    /**
     * Refused or failed for this call alone: the same idempotency key with another body, or what recording it alone
     * threw.
     */
    record Refused(RuntimeException problem) implements Recorded {
    }

    private record Pair(long professionalId, int nsn) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair o) {
            int c = Long.compare(professionalId, o.professionalId);
            return c != 0 ? c : Integer.compare(nsn, o.nsn);
        }
    }

    private record Key(long professionalId, String key) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(professionalId, o.professionalId);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    private record Stored(String hash, String response) {
    }

    private record Attempt(UUID id, Pending call, Decision.Allow allow, Instant at, long position, String receipt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ScreeningService screening;
    private final ChangeFeed feed;
    private final ReceiptSigner signer;
    private final Clock clock;

    CallRecorder(JdbcTemplate jdbc, TransactionTemplate transactions, ScreeningService screening, ChangeFeed feed,
                 LedgerKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.screening = screening;
        this.feed = feed;
        this.signer = keys.receiptSigner();
        this.clock = clock;
    }

    /**
     * Records the calls in one transaction, or, when that fails, each one alone in its own, so that one bad call fails
     * only itself ({@link Refused} with what it threw). What became of each, in the same order.
     */
    List<Recorded> recordOrOneByOne(List<Pending> calls) {
        try {
            return record(calls);
        } catch (RuntimeException batchFailure) {
            if (calls.size() == 1) {
                return List.of(new Refused(batchFailure));
            }
            LOG.warn("calls: a batch of {} failed ({}); recording them one by one", calls.size(),
                    batchFailure.toString());
            List<Recorded> each = new ArrayList<>(calls.size());
            for (Pending call : calls) {
                try {
                    each.add(record(List.of(call)).getFirst());
                } catch (RuntimeException alone) {
                    each.add(new Refused(alone));
                }
            }
            return each;
        }
    }

    /** Records the calls in one transaction; what becomes of each, in the same order. Throws when the batch fails. */
    List<Recorded> record(List<Pending> calls) {
        return Objects.requireNonNull(transactions.execute(status -> recordInTransaction(calls)));
    }

    private List<Recorded> recordInTransaction(List<Pending> calls) {
        int n = calls.size();
        Recorded[] results = new Recorded[n];
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        // 1. Idempotency keys: the first call of the batch with a key claims it; later ones are its twins.
        Map<Key, Integer> owners = new HashMap<>();
        int[] twinOf = new int[n];
        Arrays.fill(twinOf, -1);
        for (int i = 0; i < n; i++) {
            Pending call = calls.get(i);
            if (call.idempotencyKey() != null) {
                Integer owner = owners.putIfAbsent(new Key(call.dialler().professionalId(), call.idempotencyKey()), i);
                if (owner != null) {
                    twinOf[i] = owner;
                }
            }
        }
        Map<Key, Stored> earlier = owners.isEmpty() ? Map.of() : claim(new TreeMap<>(owners), calls, now);
        for (Map.Entry<Key, Stored> e : earlier.entrySet()) {
            int i = owners.get(e.getKey());
            results[i] = replay(e.getValue(), calls.get(i).requestHash());
        }

        // 2. The counters of every (professional, number) still to decide, locked in order.
        List<Integer> toDecide = new ArrayList<>(n);
        TreeMap<Pair, List<Long>> attempts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (results[i] == null && twinOf[i] < 0) {
                toDecide.add(i);
                attempts.put(pair(calls.get(i)), new ArrayList<>(4));
            }
        }
        Map<Pair, Instant> objections = new HashMap<>();
        if (!attempts.isEmpty()) {
            List<Pair> pairs = new ArrayList<>(attempts.keySet());
            lock(pairs);
            read(pairs, now, attempts, objections);
        }

        // 3. Decide each call in arrival order; what one allows counts against the next for the same number.
        List<Attempt> allowed = new ArrayList<>();
        Map<Pair, Integer> bumps = new TreeMap<>();
        for (int i : toDecide) {
            Pending call = calls.get(i);
            Pair pair = pair(call);
            List<Long> before = attempts.get(pair);
            long[] counted = new long[before.size()];
            for (int a = 0; a < counted.length; a++) {
                counted[a] = before.get(a);
            }
            CallRequest request = call.request().at(now);
            ScreeningService.Screening screened = screening.decide(request,
                    new ScreeningService.Overrides(objections.get(pair), counted), true);
            Decision decision = screened.decision();
            UUID callId = null;
            String receipt = null;
            if (decision instanceof Decision.Allow allow) {
                callId = UUID.randomUUID();
                receipt = receipt(callId, call, request, decision, now, screened.position(), counted.length);
                allowed.add(new Attempt(callId, call, allow, now, screened.position(), receipt));
                before.add(now.toEpochMilli());
                bumps.merge(pair, 1, Integer::sum);
            }
            String json = call.idempotencyKey() == null ? null
                    : DecisionJson.call(callId, call.number(), decision, now, screened.position(), receipt,
                    call.english());
            results[i] = new Decided(callId, call.number(), decision, now, screened.position(), receipt,
                    call.english(), json);
        }

        // 4. Twins of this batch get their first's answer; a key with another body is refused.
        for (int i = 0; i < n; i++) {
            if (twinOf[i] >= 0) {
                int owner = twinOf[i];
                Stored first = earlier.get(new Key(calls.get(owner).dialler().professionalId(),
                        calls.get(owner).idempotencyKey()));
                if (first == null) {
                    first = new Stored(calls.get(owner).requestHash(), ((Decided) results[owner]).json());
                }
                results[i] = replay(first, calls.get(i).requestHash());
            }
        }

        // 5. Write: attempts with their receipts, counters, feed, stored answers.
        if (!allowed.isEmpty()) {
            insertAttempts(allowed);
            List<Object[]> counterArgs = new ArrayList<>(bumps.size());
            bumps.forEach((pair, k) -> counterArgs.add(new Object[] {k, pair.professionalId(), pair.nsn()}));
            jdbc.batchUpdate("update attempt_counter set attempts = attempts + ? where professional_id = ? and nsn = ?",
                    counterArgs, new int[] {Types.INTEGER, Types.BIGINT, Types.INTEGER});
            feed.append(allowed.stream().map(a -> (FeedChange) new FeedChange.AttemptRecorded(
                    a.call().dialler().professionalId(), a.call().number().nsn(), a.at())).toList());
        }
        List<Object[]> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pending call = calls.get(i);
            if (call.idempotencyKey() != null && twinOf[i] < 0 && results[i] instanceof Decided d) {
                answers.add(new Object[] {d.json(), call.dialler().professionalId(), call.idempotencyKey()});
            }
        }
        if (!answers.isEmpty()) {
            jdbc.batchUpdate("update call_idempotency set response = ? where professional_id = ? and idempotency_key = ?",
                    answers, new int[] {Types.VARCHAR, Types.BIGINT, Types.VARCHAR});
        }
        return Arrays.asList(results);
    }

    private static Pair pair(Pending call) {
        return new Pair(call.dialler().professionalId(), call.number().nsn());
    }

    private static Recorded replay(Stored stored, String requestHash) {
        if (!stored.hash().equals(requestHash)) {
            return new Refused(CallProblems.of(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was used for another request; use a new key for a new call."));
        }
        if (stored.response() == null) {
            return new Refused(new IllegalStateException("an idempotency key was stored without its answer"));
        }
        return new Replayed(stored.response());
    }

    /**
     * Inserts the keys in order; a key already taken (by an earlier request, or one on another node that commits
     * first: the insert waits for it) gives its stored request hash and answer.
     */
    private Map<Key, Stored> claim(TreeMap<Key, Integer> keys, List<Pending> calls, Instant now) {
        List<Key> sorted = new ArrayList<>(keys.keySet());
        OffsetDateTime createdAt = utc(now);
        int[] inserted = jdbc.batchUpdate("""
                        insert into call_idempotency (professional_id, idempotency_key, request_sha256, created_at)
                        values (?, ?, ?, ?) on conflict do nothing""",
                sorted.stream().map(k -> new Object[] {k.professionalId(), k.key(),
                        calls.get(keys.get(k)).requestHash(), createdAt}).toList(),
                new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE});
        Map<Key, Stored> earlier = new HashMap<>();
        for (int k = 0; k < sorted.size(); k++) {
            if (inserted[k] == 0) {
                Key key = sorted.get(k);
                earlier.put(key, jdbc.queryForObject("select request_sha256, response from call_idempotency "
                                + "where professional_id = ? and idempotency_key = ?",
                        (rs, row) -> new Stored(rs.getString(1), rs.getString(2)), key.professionalId(), key.key()));
            }
        }
        return earlier;
    }

    /** Creates the missing counter rows, then locks them all, both in (professional, number) order. */
    private void lock(List<Pair> pairs) {
        for (int from = 0; from < pairs.size(); from += CHUNK) {
            List<Pair> chunk = pairs.subList(from, Math.min(pairs.size(), from + CHUNK));
            StringBuilder sql = new StringBuilder(
                    "insert into attempt_counter (professional_id, nsn, attempts) values ");
            List<Object> args = new ArrayList<>(chunk.size() * 2);
            for (int p = 0; p < chunk.size(); p++) {
                sql.append(p == 0 ? "(?, ?, 0)" : ", (?, ?, 0)");
                args.add(chunk.get(p).professionalId());
                args.add(chunk.get(p).nsn());
            }
            sql.append(" on conflict do nothing");
            jdbc.update(sql.toString(), args.toArray());
        }
        for (int from = 0; from < pairs.size(); from += CHUNK) {
            List<Pair> chunk = pairs.subList(from, Math.min(pairs.size(), from + CHUNK));
            List<Object> args = new ArrayList<>();
            String where = where(chunk, args);
            int locked = jdbc.query("select professional_id, nsn from attempt_counter where " + where
                    + " order by professional_id, nsn for update", rs -> {
                        int rows = 0;
                        while (rs.next()) {
                            rows++;
                        }
                        return rows;
                    }, args.toArray());
            if (locked != chunk.size()) {
                throw new IllegalStateException("locked " + locked + " attempt counters of " + chunk.size());
            }
        }
    }

    /**
     * The attempts of the window (oldest first) and the objections of the pairs, in one statement per chunk (one round
     * trip: the batch's time is mostly round trips to the database while it holds its locks).
     */
    private void read(List<Pair> pairs, Instant now, Map<Pair, List<Long>> attempts, Map<Pair, Instant> objections) {
        // The window is counted by the engine in the callee's calendar days; two days more covers any zone.
        OffsetDateTime since = utc(now.minus(Duration.ofDays(
                screening.engine().policies().frequencyWindowDays() + 2L)));
        for (int from = 0; from < pairs.size(); from += CHUNK) {
            List<Pair> chunk = pairs.subList(from, Math.min(pairs.size(), from + CHUNK));
            List<Object> args = new ArrayList<>();
            String where = where(chunk, args);
            List<Object> all = new ArrayList<>(args.size() * 2 + 1);
            all.addAll(args);
            all.add(since);
            all.addAll(args);
            jdbc.query("select 'A' as kind, professional_id, nsn, attempted_at as happened_at from call_attempt "
                    + "where (" + where + ") and attempted_at > ? "
                    + "union all select 'O', professional_id, nsn, objected_at from objection where " + where
                    + " order by happened_at", rs -> {
                        Pair pair = new Pair(rs.getLong(2), rs.getInt(3));
                        Instant at = rs.getObject(4, OffsetDateTime.class).toInstant();
                        if (rs.getString(1).equals("A")) {
                            attempts.get(pair).add(at.toEpochMilli());
                        } else {
                            objections.put(pair, at);
                        }
                    }, all.toArray());
        }
    }

    /** {@code (professional_id = ? and nsn in (?, ...)) or ...}, one term per professional of the sorted pairs. */
    private static String where(List<Pair> sorted, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        long professional = 0;
        boolean open = false;
        for (Pair p : sorted) {
            if (!open || p.professionalId() != professional) {
                if (open) {
                    sql.append(")) or ");
                }
                sql.append("(professional_id = ? and nsn in (?");
                args.add(p.professionalId());
                professional = p.professionalId();
                open = true;
            } else {
                sql.append(", ?");
            }
            args.add(p.nsn());
        }
        return sql.append("))").toString();
    }

    private void insertAttempts(List<Attempt> allowed) {
        jdbc.batchUpdate(INSERT_ATTEMPT, allowed, allowed.size(), (PreparedStatement ps, Attempt a) -> {
            Pending call = a.call();
            Dialler dialler = call.dialler();
            ps.setObject(1, a.id());
            ps.setLong(2, dialler.professionalId());
            setLong(ps, 3, dialler.delegationId());
            ps.setString(4, dialler.callCentre());
            ps.setLong(5, dialler.apiKeyId());
            ps.setInt(6, call.number().nsn());
            ps.setString(7, call.number().e164());
            ps.setString(8, callerId(call.request().callerId()));
            ps.setString(9, call.request().purpose());
            ps.setString(10, call.request().sector().name());
            ps.setObject(11, utc(a.at()));
            ps.setString(12, a.allow().basis().name());
            ps.setString(13, a.allow().ruleSet().version());
            ps.setLong(14, a.position());
            ps.setString(15, a.receipt());
        });
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /**
     * The signed screening receipt: the inputs, the decision, the rule set, the feed position of the index used, the
     * attempts counted and the server time, signed with the platform's Ed25519 key.
     */
    private String receipt(UUID callId, Pending call, CallRequest request, Decision decision, Instant now,
                           long position, int attemptsCounted) {
        Dialler dialler = call.dialler();
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
        w.name("e164").value(call.number().e164());
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
}
