package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.outbox.SmsSender;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * One-time codes by SMS that prove a person holds a number: 6 digits, {@link #VALIDITY} to use, {@link #MAX_TRIES}
 * tries. A new code replaces the pending one. The stored hash binds the code to its person and number; with only
 * a million codes it would not resist an offline search, and it need not: the code is dead within minutes.
 */
@Service
public class PhoneCodes { // not final: the transaction proxy subclasses it

    static final Duration VALIDITY = Duration.ofMinutes(10);
    static final int MAX_TRIES = 5;

    /**
     * How many codes may be sent before the next must wait: without a bound, a new code every few tries would let
     * a person guess their way into someone else's number, and anyone could flood a number with texts.
     */
    static final int MAX_CODES_PER_PERSON_AND_NUMBER_PER_HOUR = 3;
    static final int MAX_CODES_TO_A_NUMBER_PER_DAY = 5;
    static final int MAX_CODES_BY_A_PERSON_PER_DAY = 20;

    public enum Outcome { CONFIRMED, WRONG, EXPIRED, TOO_MANY_TRIES, NO_CODE }

    /** No code was sent: the person, or the number, had too many codes lately. Retry after {@link #retryAfter}. */
    @ResponseStatus(HttpStatus.TOO_MANY_REQUESTS)
    public static final class TooManyCodes extends RuntimeException {
        private final Duration retryAfter;

        TooManyCodes(Duration retryAfter) {
            super("Too many codes sent lately; try again in " + retryAfter.toMinutes() + " minutes");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final JdbcClient jdbc;
    private final SmsSender sms;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PhoneCodes(JdbcClient jdbc, SmsSender sms, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.sms = sms;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Sends a new code to {@code e164} for this person; any code pending for the same number stops working.
     *
     * @throws TooManyCodes when the person or the number reached a bound on codes sent (nothing is sent)
     */
    @Transactional
    public void send(long personId, String e164) {
        OffsetDateTime now = now();
        refuseWhenTooMany(personId, e164, now);
        jdbc.sql("update phone_code set expires_at = ? where person_id = ? and e164 = ? and confirmed_at is null and expires_at > ?")
                .params(now, personId, e164, now).update();
        String code = String.format("%06d", random.nextInt(1_000_000));
        jdbc.sql("""
                        insert into phone_code (person_id, e164, code_sha256, created_at, expires_at)
                        values (?, ?, ?, ?, ?)""")
                .params(personId, e164, hash(personId, e164, code), now, now.plus(VALIDITY))
                .update();
        sms.send(e164, "Consenti : votre code est " + code + " (valable 10 minutes). / Your code is " + code + ".");
        audit.append("person:" + personId, "PHONE_CODE_SENT", "person:" + personId, null);
    }

    /** Checks a code typed by the person; the latest code sent to that number counts. */
    @Transactional
    public Outcome confirm(long personId, String e164, String typed) {
        record Pending(long id, String hash, OffsetDateTime expiresAt, int attempts, OffsetDateTime confirmedAt) {
        }
        Pending pending = jdbc.sql("""
                        select id, code_sha256, expires_at, attempts, confirmed_at from phone_code
                        where person_id = ? and e164 = ? order by id desc fetch first 1 rows only for update""")
                .params(personId, e164)
                .query((rs, row) -> new Pending(rs.getLong("id"), rs.getString("code_sha256"),
                        rs.getObject("expires_at", OffsetDateTime.class), rs.getInt("attempts"),
                        rs.getObject("confirmed_at", OffsetDateTime.class)))
                .optional().orElse(null);
        if (pending == null || pending.confirmedAt() != null) {
            return Outcome.NO_CODE;
        }
        OffsetDateTime now = now();
        if (pending.attempts() >= MAX_TRIES) {
            return Outcome.TOO_MANY_TRIES;
        }
        if (!pending.expiresAt().isAfter(now)) {
            return Outcome.EXPIRED;
        }
        String given = typed == null ? "" : typed.strip();
        boolean right = MessageDigest.isEqual(pending.hash().getBytes(StandardCharsets.US_ASCII),
                hash(personId, e164, given).getBytes(StandardCharsets.US_ASCII));
        if (!right) {
            jdbc.sql("update phone_code set attempts = attempts + 1 where id = ?").param(pending.id()).update();
            return pending.attempts() + 1 >= MAX_TRIES ? Outcome.TOO_MANY_TRIES : Outcome.WRONG;
        }
        jdbc.sql("update phone_code set confirmed_at = ?, attempts = attempts + 1 where id = ?")
                .params(now, pending.id()).update();
        audit.append("person:" + personId, "PHONE_CONFIRMED", "person:" + personId, null);
        return Outcome.CONFIRMED;
    }

    private void refuseWhenTooMany(long personId, String e164, OffsetDateTime now) {
        OffsetDateTime hourAgo = now.minusHours(1);
        OffsetDateTime dayAgo = now.minusDays(1);
        if (count("person_id = ? and e164 = ? and created_at > ?", personId, e164, hourAgo)
                >= MAX_CODES_PER_PERSON_AND_NUMBER_PER_HOUR) {
            throw new TooManyCodes(Duration.ofHours(1));
        }
        if (count("e164 = ? and created_at > ?", e164, dayAgo) >= MAX_CODES_TO_A_NUMBER_PER_DAY
                || count("person_id = ? and created_at > ?", personId, dayAgo) >= MAX_CODES_BY_A_PERSON_PER_DAY) {
            audit.append("person:" + personId, "PHONE_CODES_THROTTLED", "person:" + personId, null);
            throw new TooManyCodes(Duration.ofDays(1));
        }
    }

    private long count(String where, Object... params) {
        return jdbc.sql("select count(*) from phone_code where " + where).params(params).query(Long.class).single();
    }

    private static String hash(long personId, String e164, String code) {
        return ApiKeys.sha256Hex(personId + ":" + e164 + ":" + code);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
