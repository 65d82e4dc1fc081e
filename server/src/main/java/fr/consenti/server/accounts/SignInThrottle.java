package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed sign-ins within {@link #WINDOW} for the same email,
 * or from the same address, sign-in is refused for {@link #LOCK} whatever the password. Unknown emails are
 * counted like known ones, so the lock does not tell which accounts exist. Kept in the database, so every node
 * sees the same counts; time comes from the injected clock.
 */
@Component
public final class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    /** Sign-in refused because of too many failures. */
    static final class Throttled extends AuthenticationException {
        Throttled() {
            super("too many failed sign-ins; try again later");
        }
    }

    private record State(int failures, OffsetDateTime windowStart, OffsetDateTime lockedUntil) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final AuditLog audit;

    SignInThrottle(JdbcClient jdbc, Clock clock, TransactionTemplate transaction, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = transaction;
    }

    static String emailKey(String email) {
        return "email:" + People.normaliseEmail(email);
    }

    static String addressKey(String address) {
        return "ip:" + address;
    }

    public boolean locked(String key) {
        return state(key, false).map(s -> s.lockedUntil() != null && s.lockedUntil().isAfter(now())).orElse(false);
    }

    /** Counts a failure; returns true when this failure locked the key. */
    public boolean recordFailure(String key) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> failure(key)));
        } catch (DuplicateKeyException firstFailureRace) {
            // Another node inserted the first failure for this key at the same moment: count on its row.
            return Boolean.TRUE.equals(transaction.execute(status -> failure(key)));
        }
    }

    /** Forgets the failures of a key, after a successful sign-in. */
    public void reset(String key) {
        jdbc.sql("delete from sign_in_throttle where throttle_key = ?").param(key).update();
    }

    private boolean failure(String key) {
        OffsetDateTime now = now();
        Optional<State> existing = state(key, true);
        if (existing.isEmpty()) {
            jdbc.sql("insert into sign_in_throttle (throttle_key, failures, window_start) values (?, 1, ?)")
                    .params(key, now).update();
            return false;
        }
        State state = existing.get();
        boolean windowOver = !state.windowStart().plus(WINDOW).isAfter(now);
        int failures = windowOver ? 1 : state.failures() + 1;
        OffsetDateTime windowStart = windowOver ? now : state.windowStart();
        boolean locks = failures >= MAX_FAILURES;
        jdbc.sql("update sign_in_throttle set failures = ?, window_start = ?, locked_until = ? where throttle_key = ?")
                .params(locks ? 0 : failures, windowStart, locks ? now.plus(LOCK) : state.lockedUntil(), key)
                .update();
        if (locks) {
            audit.append("anonymous", "SIGN_IN_THROTTLED", key, "failures=" + MAX_FAILURES + ", locked for " + LOCK);
        }
        return locks;
    }

    private Optional<State> state(String key, boolean forUpdate) {
        return jdbc.sql("select failures, window_start, locked_until from sign_in_throttle where throttle_key = ?"
                        + (forUpdate ? " for update" : ""))
                .param(key)
                .query((rs, row) -> new State(rs.getInt("failures"),
                        rs.getObject("window_start", OffsetDateTime.class),
                        rs.getObject("locked_until", OffsetDateTime.class)))
                .optional();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
