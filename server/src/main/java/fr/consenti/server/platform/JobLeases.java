package fr.consenti.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leases that make a scheduled job run once per cluster rather than once per node (table {@code job_lease}). A node
 * takes the lease with a conditional update that only succeeds once the previous holder's lease ran out, or by
 * inserting the lease's first row; both are atomic on H2 and PostgreSQL, so of nodes racing exactly one wins. The
 * holder releases it when done; a holder that dies loses it when it expires. Each call runs in its own transaction.
 */
@Component
public final class JobLeases {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    JobLeases(JdbcClient jdbc, Clock clock, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions.getTransactionManager());
        this.ownTransaction.setPropagationBehavior(Propagation.REQUIRES_NEW.value());
    }

    /** Takes the lease {@code name} for {@code holder} for {@code duration}; false when another holder has it. */
    public boolean tryAcquire(String name, String holder, Duration duration) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        OffsetDateTime until = now.plus(duration);
        Boolean taken = ownTransaction.execute(status -> jdbc.sql(
                        "update job_lease set holder = ?, expires_at = ? where name = ? and expires_at < ?")
                .params(holder, until, name, now).update() == 1);
        if (Boolean.TRUE.equals(taken)) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(ownTransaction.execute(status -> {
                boolean exists = jdbc.sql("select count(*) from job_lease where name = ?").param(name)
                        .query(Long.class).single() > 0;
                return !exists && jdbc.sql("insert into job_lease (name, holder, expires_at) values (?, ?, ?)")
                        .params(name, holder, until).update() == 1;
            }));
        } catch (DataIntegrityViolationException raced) {
            return false; // another node inserted the first row at the same moment: it holds the lease
        }
    }

    /** Gives the lease back early, if {@code holder} still has it. */
    public void release(String name, String holder) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        ownTransaction.execute(status -> jdbc.sql(
                        "update job_lease set expires_at = ? where name = ? and holder = ? and expires_at > ?")
                .params(now.minusNanos(1000), name, holder, now).update());
    }
}
