package fr.consenti.server.screening;

import fr.consenti.core.index.ChangeEvent;
import fr.consenti.core.index.ScreeningIndex;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Facts;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.core.rules.Policies;
import fr.consenti.core.rules.Reason;
import fr.consenti.core.rules.ReasonCode;
import fr.consenti.core.rules.RulesEngine;
import fr.consenti.server.platform.ChangeFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * This node's screening index (DESIGN.md, "Data flow of the hot paths"): built from the tables at start, then kept
 * current by one follower thread reading the change feed in sequence order. On PostgreSQL the follower waits on
 * {@code LISTEN change_feed} (writers {@code pg_notify} at commit) and polls every {@code consenti.screening.poll-interval}
 * as well, for H2 and for lost notifications.
 *
 * <p><b>Gaps.</b> A sequence is allocated at insert, not at commit: when the feed shows {@code n+1} without {@code n},
 * the follower stops and waits for {@code n} up to {@code consenti.screening.gap-timeout}, then counts it as rolled back
 * and goes on. Should a sequence given up on ever appear, the follower rebuilds the index from the tables rather than
 * lose it (the index refuses events older than its position).
 *
 * <p><b>Staleness.</b> The index is current as of the start of the follower's last read that found it caught up. Past
 * {@code consenti.screening.stale-bound} (default 2 s) without that, every decision is a denial with
 * {@code SCREENING_DATA_STALE} (RULES.md §12), whatever else the engine says: never a clean verdict. Staleness is
 * measured on the monotonic clock, so that a test moving the application's {@link Clock} moves the rules, not the lag.
 */
@Service
public final class ScreeningService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScreeningService.class);
    private static final int BATCH = 2_000;
    private static final Instant FAR = Instant.parse("9999-12-31T00:00:00Z");
    private static final Reason STALE = new Reason(ReasonCode.SCREENING_DATA_STALE,
            ReasonCode.SCREENING_DATA_STALE.legalReference(), ReasonCode.SCREENING_DATA_STALE.messageFr(),
            ReasonCode.SCREENING_DATA_STALE.messageEn());
    private static final Duration SKIPPED_WATCH = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final ChangeFeed feed;
    private final Clock clock;
    private final RulesEngine engine;
    private final IndexLoader loader;
    private final Duration staleBound;
    private final long staleNanos;
    private final long pollMillis;
    private final long gapNanos;
    private final boolean postgres;
    private final Semaphore wake = new Semaphore(0);

    private volatile ScreeningIndex index;
    /** Every sequence at or below is in the index or was given up on. Follower thread only, volatile for metrics. */
    private volatile long position;
    private volatile long currentAtNanos;
    private volatile IndexLoader.Loaded lastLoad;
    private Set<Long> preloaded;
    private long gapAt;
    private long gapSinceNanos;
    private final Map<Long, Long> skipped = new LinkedHashMap<>();
    private long skippedCheckedNanos;
    private volatile boolean running;
    private Thread follower;
    private Connection listener;

    ScreeningService(DataSource dataSource, ChangeFeed feed, Clock clock, MeterRegistry meters,
                     @Value("${consenti.screening.stale-bound:PT2S}") Duration staleBound,
                     @Value("${consenti.screening.poll-interval:PT0.25S}") Duration pollInterval,
                     @Value("${consenti.screening.gap-timeout:PT1S}") Duration gapTimeout,
                     @Value("${consent.max-validity:P1Y}") Period consentMaxValidity) throws SQLException {
        this.dataSource = dataSource;
        this.feed = feed;
        this.clock = clock;
        Policies policies = new Policies(consentMaxValidity, true, true, 60, 4, 30);
        this.engine = new RulesEngine(policies);
        this.staleBound = staleBound;
        this.staleNanos = staleBound.toNanos();
        this.pollMillis = Math.max(1, pollInterval.toMillis());
        this.gapNanos = gapTimeout.toNanos();
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
        this.loader = new IndexLoader(dataSource, policies, staleBound, clock, postgres);
        install(loader.load());
        IndexLoader.Loaded loaded = lastLoad;
        log.info("Screening index built in {} ms ({} ms CPU on this thread): {} listed, {} consents, {} objections, "
                        + "{} attempts; feed position {}", loaded.took().toMillis(), loaded.cpu().toMillis(), loaded.counts().registrations(), loaded.counts().consents(),
                loaded.counts().objections(), loaded.counts().attempts(), loaded.position());
        Gauge.builder("consenti.screening.lag", this, s -> s.lag().toNanos() / 1e9)
                .description("Seconds since this node's screening index was last known current").baseUnit("seconds")
                .register(meters);
        Gauge.builder("consenti.screening.position", this, s -> s.position)
                .description("Change-feed sequence this node's screening index is current to").register(meters);
    }

    private void install(IndexLoader.Loaded loaded) {
        this.lastLoad = loaded;
        this.preloaded = new java.util.HashSet<>(loaded.preloaded());
        this.position = loaded.position();
        this.gapSinceNanos = 0;
        this.index = loaded.index();
        // The snapshot is as current as the moment the load started reading.
        this.currentAtNanos = System.nanoTime() - loaded.took().toNanos();
    }

    // ---------------------------------------------------------------- decisions, any thread

    /** The engine's decision on this node's facts (and those the caller read itself), and the feed position used. */
    public record Screening(Decision decision, long position, boolean stale) {
    }

    /** Facts a caller read from the database under its own lock, which win over the index's (null: the index's). */
    public record Overrides(Instant objectedAt, long[] attempts) {
    }

    /**
     * A decision about the present ({@code present}: the request's instant is the server's now) or a simulation.
     * In the present every attempt already recorded precedes the call, even one stamped at the same millisecond or
     * by a node whose clock runs a little ahead: the engine counts only attempts before the call's instant.
     */
    public Screening decide(CallRequest request, boolean present) {
        return decide(request, null, present);
    }

    public Screening decide(CallRequest request, Overrides overrides, boolean present) {
        long at = position;
        boolean stale = isStale();
        Facts base = request.callee() instanceof FrenchNumber n
                ? index.factsFor(request.professional(), n.nsn()) : NO_FACTS;
        long latestAttempt = present ? request.at().toEpochMilli() - 1 : Long.MAX_VALUE;
        Decision decision = engine.decide(request,
                new NodeFacts(base, stale ? Instant.EPOCH : FAR, overrides, latestAttempt));
        if (stale) {
            decision = staleDenial(decision);
        }
        return new Screening(decision, at, stale);
    }

    public RulesEngine engine() {
        return engine;
    }

    public boolean isStale() {
        return System.nanoTime() - currentAtNanos >= staleNanos;
    }

    public Duration staleBound() {
        return staleBound;
    }

    /** How long ago the index was last known current (by the monotonic clock). */
    public Duration lag() {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - currentAtNanos));
    }

    public long position() {
        return position;
    }

    /** Counts and build time of the last load from the tables. */
    public IndexLoader.Counts loadedCounts() {
        return lastLoad.counts();
    }

    public Duration lastBuildTime() {
        return lastLoad.took();
    }

    /** Asks the follower to read the feed now (a writer of this node just committed). */
    public void wake() {
        wake.release();
    }

    private static Decision staleDenial(Decision decision) {
        List<Reason> reasons = new ArrayList<>();
        if (decision instanceof Decision.Deny deny) {
            if (deny.has(ReasonCode.SCREENING_DATA_STALE)) {
                return new Decision.Deny(deny.reasons(), null, deny.ruleSet());
            }
            reasons.addAll(deny.reasons());
        }
        reasons.add(STALE);
        reasons.sort(Comparator.comparingInt(r -> r.code().ordinal()));
        return new Decision.Deny(reasons, null, decision.ruleSet());
    }

    // ---------------------------------------------------------------- the follower

    @Override
    public void start() {
        running = true;
        follower = Thread.ofPlatform().name("screening-follower").daemon().start(this::follow);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = follower;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeListener();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void follow() {
        while (running) {
            try {
                long started = System.nanoTime();
                if (step()) {
                    currentAtNanos = started;
                    index.confirmCurrent(clock.instant());
                    watchSkipped();
                }
                await();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("Screening follower: {} (retrying; checks answer SCREENING_DATA_STALE past {})",
                        e.toString(), staleBound);
                closeListener();
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Reads and applies what the feed holds after the position; true when caught up. */
    private boolean step() {
        while (true) {
            List<ChangeEvent> events = feed.readAfter(position, BATCH);
            ScreeningIndex target = index;
            for (ChangeEvent e : events) {
                long seq = e.sequence();
                if (seq > position + 1) {
                    long now = System.nanoTime();
                    if (gapAt != position + 1 || gapSinceNanos == 0) {
                        gapAt = position + 1;
                        gapSinceNanos = now;
                    }
                    if (now - gapSinceNanos < gapNanos) {
                        return false;
                    }
                    for (long s = position + 1; s < seq && skipped.size() < 10_000; s++) {
                        skipped.put(s, now);
                    }
                    log.info("Change feed: sequences {} to {} did not commit within the gap timeout; going past them",
                            position + 1, seq - 1);
                    gapSinceNanos = 0;
                }
                if (!preloaded.remove(seq)) {
                    target.apply(e, clock.instant());
                }
                position = seq;
            }
            gapSinceNanos = 0;
            if (events.size() < BATCH) {
                return true;
            }
        }
    }

    /** A sequence given up on that committed after all: rebuild from the tables rather than lose it. */
    private void watchSkipped() {
        long now = System.nanoTime();
        if (skipped.isEmpty() || now - skippedCheckedNanos < TimeUnit.SECONDS.toNanos(2)) {
            return;
        }
        skippedCheckedNanos = now;
        skipped.values().removeIf(since -> now - since > SKIPPED_WATCH.toNanos());
        if (skipped.isEmpty()) {
            return;
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String in = String.join(",", skipped.keySet().stream().map(String::valueOf).toList());
        Long late = jdbc.queryForObject("select min(sequence) from change_feed where sequence in (" + in + ")",
                Long.class);
        if (late != null) {
            log.warn("Change feed: sequence {} committed after the gap timeout; rebuilding the screening index", late);
            skipped.clear();
            install(loader.load());
        }
    }

    private void await() throws InterruptedException, SQLException {
        if (postgres) {
            if (listener == null) {
                listener = dataSource.getConnection();
                listener.setAutoCommit(true);
                try (Statement s = listener.createStatement()) {
                    s.execute("listen change_feed");
                }
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            pg.getNotifications((int) pollMillis);
            wake.drainPermits();
        } else {
            if (wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        }
    }

    private void closeListener() {
        Connection c = listener;
        listener = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    // ---------------------------------------------------------------- facts

    private static final Facts NO_FACTS = new Facts() {
        @Override
        public List<Consent> consents() {
            return List.of();
        }

        @Override
        public Instant objectedAt() {
            return null;
        }

        @Override
        public OppositionRegistration registration() {
            return null;
        }

        @Override
        public Instant screeningValidUntil() {
            return null;
        }

        @Override
        public int attemptCount() {
            return 0;
        }

        @Override
        public long attemptEpochMilli(int i) {
            throw new IndexOutOfBoundsException(i);
        }

        @Override
        public Instant lastRefusal() {
            return null;
        }

        @Override
        public List<AgreedSlot> agreedSlots() {
            return List.of();
        }
    };

    /** The index's facts, with this node's own freshness and the caller's overrides. */
    private record NodeFacts(Facts base, Instant validUntil, Overrides overrides, long latestAttempt)
            implements Facts {

        @Override
        public List<Consent> consents() {
            return base.consents();
        }

        @Override
        public Instant objectedAt() {
            if (overrides == null) {
                return base.objectedAt();
            }
            Instant a = base.objectedAt();
            Instant b = overrides.objectedAt();
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }

        @Override
        public OppositionRegistration registration() {
            return base.registration();
        }

        @Override
        public Instant screeningValidUntil() {
            return validUntil;
        }

        @Override
        public int attemptCount() {
            return overrides == null || overrides.attempts() == null ? base.attemptCount()
                    : overrides.attempts().length;
        }

        @Override
        public long attemptEpochMilli(int i) {
            long t = overrides == null || overrides.attempts() == null ? base.attemptEpochMilli(i)
                    : overrides.attempts()[i];
            return Math.min(t, latestAttempt);
        }

        @Override
        public Instant lastRefusal() {
            return base.lastRefusal();
        }

        @Override
        public List<AgreedSlot> agreedSlots() {
            return base.agreedSlots();
        }
    }
}
