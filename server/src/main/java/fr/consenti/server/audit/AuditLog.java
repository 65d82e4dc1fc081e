package fr.consenti.server.audit;

import fr.consenti.core.proof.CanonicalEncoder;
import fr.consenti.core.proof.HashChain;
import fr.consenti.core.proof.Hex;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends events to the audit log. An append joins the caller's transaction, so an event exists exactly when the
 * change it records does; without one it runs in its own. Appends are serialised by the lock on the chain head,
 * held until that transaction ends: keep audited transactions short.
 */
@Component
public final class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;

    AuditLog(JdbcClient jdbc, Clock clock, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** An audit log on this database outside the application (the command-line tool runs without Spring's context). */
    public static AuditLog standalone(JdbcClient jdbc, Clock clock, TransactionTemplate transaction) {
        return new AuditLog(jdbc, clock, transaction);
    }

    /**
     * @param actor   who did it: {@code person:12}, {@code api-key:5}, {@code anonymous}, {@code system}
     * @param action  what, in capitals: {@code PERSON_SIGNED_UP}, {@code API_KEY_REVOKED}, ...
     * @param subject what it was done to ({@code person:12}), or null
     * @param details anything else worth keeping, or null; no secrets, and personal data only where needed
     * @return the event's sequence number
     */
    public long append(String actor, String action, String subject, String details) {
        Long sequence = transaction.execute(status -> {
            Head head = jdbc.sql("select sequence, hash from audit_chain_head where id = 1 for update")
                    .query((rs, row) -> new Head(rs.getLong("sequence"), rs.getString("hash")))
                    .single();
            long next = head.sequence() + 1;
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            byte[] content = content(at, actor, action, subject, details);
            String hash = Hex.encode(new HashChain().linkHash(Hex.decode(head.hash()), next, content));
            jdbc.sql("""
                            insert into audit_event (sequence, at, actor, action, subject, details, prev_hash, hash)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(next, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor, action, subject, details,
                            head.hash(), hash)
                    .update();
            jdbc.sql("update audit_chain_head set sequence = ?, hash = ? where id = 1").params(next, hash).update();
            return next;
        });
        return sequence;
    }

    /** The canonical bytes an event's hash covers; the verifier re-encodes stored rows the same way. */
    static byte[] content(Instant at, String actor, String action, String subject, String details) {
        return new CanonicalEncoder().begin("audit")
                .instant("at", at)
                .string("actor", actor)
                .string("action", action)
                .string("subject", subject)
                .string("details", details)
                .toBytes();
    }

    private record Head(long sequence, String hash) {
    }
}
