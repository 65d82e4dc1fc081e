package fr.consenti.server.consent;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The ledger's housekeeping, daily by default ({@code consent.housekeeping-cron}): records the expiry of consents
 * whose validity ended, and purges the proof of consents collected more than {@code consent.proof-retention} ago.
 * Safe on several nodes at once: both steps select their rows under the chain lock, so the second node finds
 * nothing left to do.
 */
@Component
final class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final ConsentLedger ledger;
    private final ConsentPolicy policy;
    private final Clock clock;

    RetentionJob(ConsentLedger ledger, ConsentPolicy policy, Clock clock) {
        this.ledger = ledger;
        this.policy = policy;
        this.clock = clock;
    }

    /** What one run did. */
    record Run(int expired, int purged) {
    }

    @Scheduled(cron = "${consent.housekeeping-cron:0 17 3 * * *}", zone = "Europe/Paris")
    void scheduled() {
        Run run = run();
        if (run.expired() > 0 || run.purged() > 0) {
            log.info("Consent ledger housekeeping: {} expired, {} purged", run.expired(), run.purged());
        }
    }

    Run run() {
        Instant now = clock.instant();
        int expired = ledger.expire(now);
        int purged = ledger.purge(policy.purgeCollectedBefore(now));
        return new Run(expired, purged);
    }
}
