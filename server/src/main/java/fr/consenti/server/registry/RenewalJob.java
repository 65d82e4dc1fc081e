package fr.consenti.server.registry;

import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.server.accounts.People;
import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.FeedChange;
import fr.consenti.server.platform.JobLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renewals of the registrations (RULES.md §8): tells each consumer at least 3 months before each renewal, then renews
 * tacitly for another term (moves term_end, issues a receipt, tells the change feed). Runs every
 * {@code registry.renewal-poll} (PT1H) on every node, but does the work once per cluster: only the node holding the
 * {@code registry-renewals} lease runs, and each notice and renewal is a conditional update of its row, so that even
 * two runs at once (a lease that ran out mid-run) send one notice and renew once.
 *
 * <p>A renewal is recorded up to {@code registry.renewal-lead} (P1D) before the term ends, the new term starting at
 * the old end: the list never lapses for a number while the job waits for its next run.
 */
@Component
final class RenewalJob {

    static final String LEASE = "registry-renewals";
    static final Duration LEASE_TIME = Duration.ofMinutes(10);
    static final Duration RENEWAL_LEAD = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(RenewalJob.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RegistryPolicy policy;
    private final JobLeases leases;
    private final RegistryReceipts receipts;
    private final RegistryMails mails;
    private final ChangeFeed feed;
    private final AuditLog audit;
    private final People people;
    private final String holder = "renewals:" + UUID.randomUUID();

    RenewalJob(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, RegistryPolicy policy, JobLeases leases,
               RegistryReceipts receipts, RegistryMails mails, ChangeFeed feed, AuditLog audit, People people) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.policy = policy;
        this.leases = leases;
        this.receipts = receipts;
        this.mails = mails;
        this.feed = feed;
        this.audit = audit;
        this.people = people;
    }

    /** What one run did; {@code ran} is false when another node held the lease. */
    record Run(boolean ran, int notices, int renewals) {
    }

    @Scheduled(fixedDelayString = "${registry.renewal-poll:PT1H}", initialDelayString = "${registry.renewal-poll:PT1H}")
    void scheduled() {
        Run run = run();
        if (run.notices() > 0 || run.renewals() > 0) {
            log.info("Opposition list renewals: {} notices sent, {} registrations renewed", run.notices(), run.renewals());
        }
    }

    Run run() {
        if (!leases.tryAcquire(LEASE, holder, LEASE_TIME)) {
            return new Run(false, 0, 0);
        }
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return new Run(true, sendNotices(now), renew(now));
        } finally {
            leases.release(LEASE, holder);
        }
    }

    private record Due(long id, long personId, long entryId, String e164, int nsn, Instant registeredAt,
                       Instant effectiveFrom, Instant termEnd) {
    }

    private static final String DUE_COLUMNS =
            "id, person_id, entry_id, e164, nsn, registered_at, effective_from, term_end from registry_number";

    private List<Due> due(String condition, Instant bound) {
        return jdbc.sql("select " + DUE_COLUMNS + " where removed_at is null and " + condition + " order by term_end, id")
                .param(Registry.utc(bound))
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getObject(8, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Sends the notice of every renewal within the notice period that has not had its notice yet. */
    int sendNotices(Instant now) {
        Instant horizon = now.atZone(RegistryPolicy.FRANCE).plus(policy.renewalNotice()).plus(policy.noticeMargin())
                .toInstant();
        int sent = 0;
        for (Due due : due("term_end <= ? and (notice_sent_for is null or notice_sent_for <> term_end)", horizon)) {
            Boolean done = transactions.execute(status -> {
                int claimed = jdbc.sql("""
                                update registry_number set notice_sent_for = term_end, notice_sent_at = ?
                                where id = ? and removed_at is null and term_end = ?
                                  and (notice_sent_for is null or notice_sent_for <> term_end)""")
                        .params(Registry.utc(now), due.id(), Registry.utc(due.termEnd())).update();
                if (claimed != 1) {
                    return false;
                }
                mails.renewalNotice(people.findById(due.personId()).orElseThrow().email(), List.of(due.e164()),
                        due.termEnd());
                audit.append("system", "OPPOSITION_RENEWAL_NOTICE_SENT", "registry_number:" + due.id(), null);
                return true;
            });
            sent += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return sent;
    }

    /** Renews tacitly every registration whose term ends within the renewal lead. */
    int renew(Instant now) {
        int renewed = 0;
        for (Due due : due("term_end <= ?", now.plus(RENEWAL_LEAD))) {
            Instant newEnd = policy.termEnd(due.termEnd());
            Boolean done = transactions.execute(status -> {
                int moved = jdbc.sql("""
                                update registry_number set term_end = ?
                                where id = ? and removed_at is null and term_end = ?""")
                        .params(Registry.utc(newEnd), due.id(), Registry.utc(due.termEnd())).update();
                if (moved != 1) {
                    return false;
                }
                jdbc.sql("update opposition_entry set term_end = ? where id = ? and removed_at is null")
                        .params(Registry.utc(newEnd), due.entryId()).update();
                long receipt = receipts.open(due.personId(), "RENEWAL", now);
                receipts.line(receipt, 0, due.e164(), due.registeredAt(), due.effectiveFrom(), due.termEnd(), newEnd);
                feed.append(new FeedChange.OppositionRegistered(due.nsn(),
                        new OppositionRegistration(due.registeredAt(), due.effectiveFrom(), newEnd)));
                mails.registered(people.findById(due.personId()).orElseThrow().email(),
                        receipts.find(due.personId(), receipt).orElseThrow());
                audit.append("system", "OPPOSITION_RENEWED", "registry_number:" + due.id(),
                        "receipt=" + receipt);
                return true;
            });
            renewed += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return renewed;
    }
}
