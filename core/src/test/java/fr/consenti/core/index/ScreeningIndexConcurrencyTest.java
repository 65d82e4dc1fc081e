package fr.consenti.core.index;

import static fr.consenti.core.index.IndexFixtures.OTHER_PRO;
import static fr.consenti.core.index.IndexFixtures.PRO;
import static fr.consenti.core.index.IndexFixtures.PURPOSE;
import static fr.consenti.core.index.IndexFixtures.call;
import static fr.consenti.core.index.IndexFixtures.consent;
import static fr.consenti.core.index.IndexFixtures.paris;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.index.ChangeEvent.AttemptRecorded;
import fr.consenti.core.index.ChangeEvent.ConsentsWithdrawn;
import fr.consenti.core.index.ChangeEvent.ObjectionRecorded;
import fr.consenti.core.index.ChangeEvent.OppositionRegistered;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.core.rules.Policies;
import fr.consenti.core.rules.ReasonCode;
import fr.consenti.core.rules.RulesEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One writer withdraws consents one event at a time (while other events grow the key table and fold the opposition
 * overlay under the readers' feet); readers that have seen sequence {@code s} must never find a consent withdrawn at
 * or before {@code s} valid.
 */
class ScreeningIndexConcurrencyTest {

    private static final int KEYS = 20_000;
    private static final int READERS = 3;
    private static final Instant COLLECTED = paris("2026-09-01T09:00");
    private static final Instant WITHDRAWN = paris("2026-09-02T09:00");
    private static final Instant AT = paris("2026-09-08T11:00");

    private static int nsn(int i) {
        return 612_000_000 + i;
    }

    /** Sequence of the event that withdraws key {@code i}'s consent: every other event, the rest is noise. */
    private static long withdrawalSequence(int i) {
        return 2L * i + 1;
    }

    @Test
    void readersNeverSeeAWithdrawnConsentValidOnceItsSequenceIsPublished() throws Exception {
        ScreeningIndex.Builder b = ScreeningIndex.builder(Policies.DEFAULTS, Duration.ofDays(30), 16, 256);
        for (int i = 0; i < KEYS; i++) {
            b.consent(nsn(i), consent(PRO, COLLECTED));
        }
        ScreeningIndex index = b.build(0, COLLECTED);
        RulesEngine engine = new RulesEngine();
        // Before the writer starts every key is allowed, so the denials the readers see are the events' doing.
        for (int i : new int[] {0, 1, KEYS - 1}) {
            assertThat(engine.decide(call(PRO, 0, nsn(i), PURPOSE, AT), index.factsFor(PRO, nsn(i))))
                    .isInstanceOf(Decision.Allow.class);
        }
        CountDownLatch start = new CountDownLatch(READERS + 1);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<long[]>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                long seed = r;
                readers.add(pool.submit(() -> read(index, engine, start, done, seed)));
            }
            start.countDown();
            start.await();
            OppositionRegistration reg =
                    new OppositionRegistration(WITHDRAWN, WITHDRAWN, WITHDRAWN.plus(Duration.ofDays(1)));
            for (int i = 0; i < KEYS; i++) {
                Instant appliedAt = COLLECTED.plusMillis(i);
                ChangeEvent withdrawal = i % 2 == 0
                        ? new ConsentsWithdrawn(withdrawalSequence(i), PRO, nsn(i), WITHDRAWN)
                        : new ObjectionRecorded(withdrawalSequence(i), PRO, nsn(i), WITHDRAWN);
                assertThat(index.apply(withdrawal, appliedAt)).isTrue();
                // Noise: new keys (the table grows) and registrations elsewhere (the overlay folds).
                ChangeEvent noise = i % 2 == 0
                        ? new AttemptRecorded(withdrawalSequence(i) + 1, OTHER_PRO, nsn(i), WITHDRAWN)
                        : new OppositionRegistered(withdrawalSequence(i) + 1, 700_000_000 + i, reg);
                assertThat(index.apply(noise, appliedAt)).isTrue();
            }
            done.set(true);
            long checks = 0;
            for (Future<long[]> f : readers) {
                long[] result = f.get(60, TimeUnit.SECONDS);
                assertThat(result[0]).as("violations").isZero();
                checks += result[1];
            }
            assertThat(checks).isGreaterThan(KEYS);
            assertThat(index.keyCount()).isEqualTo(KEYS + KEYS / 2);
            assertThat(index.listedNumbers()).isEqualTo(KEYS / 2);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns {violations, checks}. */
    private static long[] read(ScreeningIndex index, RulesEngine engine, CountDownLatch start, AtomicBoolean done,
                               long seed) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        start.countDown();
        start.await();
        long violations = 0;
        long checks = 0;
        boolean last = false;
        while (!last) {
            last = done.get();
            long seen = index.lastSequence();
            int published = (int) Math.min(KEYS, (seen + 1) / 2);
            for (int n = 0; n < 64; n++) {
                if (published == 0) {
                    break;
                }
                int i = random.nextInt(published);
                if (withdrawalSequence(i) > seen) {
                    continue;
                }
                Decision d = engine.decide(call(PRO, 0, nsn(i), PURPOSE, AT), index.factsFor(PRO, nsn(i)));
                ReasonCode expected = i % 2 == 0 ? ReasonCode.CONSENT_WITHDRAWN : ReasonCode.OBJECTION;
                if (!(d instanceof Decision.Deny deny) || !deny.codes().contains(expected)) {
                    violations++;
                }
                checks++;
            }
        }
        return new long[] {violations, checks};
    }
}
