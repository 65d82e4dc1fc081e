package fr.consenti.server.scrub;

import fr.consenti.core.scrub.ConsentLookup;
import fr.consenti.core.scrub.ConsentState;
import fr.consenti.core.scrub.NumberScreen;
import fr.consenti.core.scrub.NumberSet;
import fr.consenti.core.scrub.ScrubReason;
import fr.consenti.server.platform.ChangeFeed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the screen of one job from the database: in the opt-out regime the opposition list as it stood effective
 * during the campaign window (cached per list state, keyed by the change feed's last sequence and the window, so that
 * consecutive jobs do not reload millions of rows), the professional's canaries and its objections; in the opt-in
 * regime its objections and its consents in scope of the purpose. The professional's rows are streamed, never held
 * as objects.
 */
@Component
final class Screens {

    private static final Logger log = LoggerFactory.getLogger(Screens.class);
    private static final int FETCH = 10_000;
    /** List snapshots kept: one per campaign window recently asked for (each ~2 bytes per listed number). */
    private static final int CACHED_LISTS = 2;

    /** What a job is screened with, and the snapshot it stands on. */
    record Built(NumberScreen screen, EnumerationWatch watch, long snapshotSequence, Instant snapshotAt,
                 long snapshotCount) {
    }

    private record ListKey(long sequence, Instant from, Instant to) {
    }

    private record ListSnapshot(NumberSet numbers, Instant loadedAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final ChangeFeed feed;
    private final Canaries canaries;
    private final ScrubSettings settings;
    private final Clock clock;
    private final Map<ListKey, ListSnapshot> lists = new LinkedHashMap<>(4, 0.75f, true);

    Screens(DataSource dataSource, PlatformTransactionManager transactions, ChangeFeed feed, Canaries canaries,
            ScrubSettings settings, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.feed = feed;
        this.canaries = canaries;
        this.settings = settings;
        this.clock = clock;
    }

    Built build(ScrubJob job) {
        long sequence = feed.lastSequence();
        EnumerationWatch watch = new EnumerationWatch(settings.sequentialRun());
        NumberSet objections = objections(job);
        if (job.regime() == ScrubJob.Regime.OPT_OUT) {
            ListSnapshot list = list(new ListKey(sequence, job.screenFrom(), job.screenTo()));
            NumberScreen screen = new OptOutWithCanaries(NumberScreen.optOut(list.numbers(), objections),
                    canaries.listedFor(job.professionalId()), watch);
            return new Built(screen, watch, sequence, list.loadedAt(), list.numbers().size());
        }
        Consents consents = consents(job);
        NumberScreen screen = new Watched(NumberScreen.optIn(consents, job.screenFrom().getEpochSecond(), objections),
                watch);
        return new Built(screen, watch, sequence, clock.instant(), consents.count);
    }

    /** Listed numbers in force at some moment of [from, to): removed only by a removal before the window. */
    private ListSnapshot list(ListKey key) {
        synchronized (lists) {
            ListSnapshot cached = lists.get(key);
            if (cached != null) {
                return cached;
            }
        }
        long started = System.nanoTime();
        IntBuffer numbers = new IntBuffer();
        readOnly.executeWithoutResult(status -> jdbc.query("""
                        select nsn from opposition_entry
                        where effective_from < ? and term_end > ? and (removed_at is null or removed_at > ?)""",
                rs -> {
                    numbers.add(rs.getInt(1));
                }, utc(key.to()), utc(key.from()), utc(key.from())));
        ListSnapshot snapshot = new ListSnapshot(numbers.toSet(), clock.instant());
        log.info("Opposition list snapshot at feed sequence {} for [{}, {}): {} numbers, {} MB, loaded in {} ms",
                key.sequence(), key.from(), key.to(), snapshot.numbers().size(),
                snapshot.numbers().memoryBytes() >> 20, (System.nanoTime() - started) / 1_000_000);
        synchronized (lists) {
            lists.put(key, snapshot);
            while (lists.size() > CACHED_LISTS) {
                lists.remove(lists.keySet().iterator().next());
            }
        }
        return snapshot;
    }

    private NumberSet objections(ScrubJob job) {
        IntBuffer numbers = new IntBuffer();
        readOnly.executeWithoutResult(status -> jdbc.query(
                "select nsn from objection where professional_id = ? and objected_at < ?",
                rs -> {
                    numbers.add(rs.getInt(1));
                }, job.professionalId(), utc(job.screenTo())));
        return numbers.toSet();
    }

    /**
     * The professional's consents for the purpose, each number's state over the window: valid when some consent in
     * scope is in force from the window's start to its end; otherwise the state of its latest consent, withdrawn or
     * expired (a consent that ends within the window counts as ended: the cleaned file must hold for the whole day).
     */
    private Consents consents(ScrubJob job) {
        ConsentFold fold = new ConsentFold(job.screenFrom(), job.screenTo(), job.purpose());
        readOnly.executeWithoutResult(status -> jdbc.query("""
                        select nsn, purposes, valid_from, valid_until, withdrawn_at from consent
                        where professional_id = ? and nsn is not null and status <> 'PURGED' and collected_at < ?
                        order by nsn, valid_from""", fold, job.professionalId(), utc(job.screenTo())));
        fold.flush();
        IntBuffer valid = fold.valid;
        IntBuffer withdrawn = fold.withdrawn;
        IntBuffer expired = fold.expired;
        long[] count = {fold.count};
        return new Consents(valid.toSet(), withdrawn.toSet(), expired.toSet(), count[0]);
    }

    /** Folds the consent rows of each number, in number order, into the number's state over the window. */
    private static final class ConsentFold implements org.springframework.jdbc.core.RowCallbackHandler {
        final IntBuffer valid = new IntBuffer();
        final IntBuffer withdrawn = new IntBuffer();
        final IntBuffer expired = new IntBuffer();
        private final Instant from;
        private final Instant to;
        private final String purpose;
        long count;
        private int current = -1;
        private ConsentState state = ConsentState.NONE;

        ConsentFold(Instant from, Instant to, String purpose) {
            this.from = from;
            this.to = to;
            this.purpose = purpose;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            int nsn = rs.getInt(1);
            if (nsn != current) {
                flush();
                current = nsn;
            }
            if (!inScope(rs.getString(2), purpose) || state == ConsentState.VALID) {
                return;
            }
            count++;
            Instant validFrom = instant(rs, 3);
            Instant validUntil = instant(rs, 4);
            Instant withdrawnAt = instant(rs, 5);
            // Rows come by valid_from: a later consent's state replaces an earlier one's, and valid stays valid.
            if (withdrawnAt != null && withdrawnAt.isBefore(to)) {
                state = ConsentState.WITHDRAWN;
            } else if (validUntil.isBefore(to)) {
                state = ConsentState.EXPIRED;
            } else if (!validFrom.isAfter(from)) {
                state = ConsentState.VALID;
            }
        }

        void flush() {
            switch (state) {
                case VALID -> valid.add(current);
                case WITHDRAWN -> withdrawn.add(current);
                case EXPIRED -> expired.add(current);
                case NONE -> { }
            }
            state = ConsentState.NONE;
        }
    }

    private static boolean inScope(String purposes, String purpose) {
        return purpose != null && Arrays.asList(purposes.split(",")).contains(purpose);
    }

    /** A consent lookup for one window: the states were computed when the screen was built. */
    private record Consents(NumberSet valid, NumberSet withdrawn, NumberSet expired, long count)
            implements ConsentLookup {

        @Override
        public ConsentState state(int nsn, long atEpochSecond) {
            if (valid.contains(nsn)) {
                return ConsentState.VALID;
            }
            if (withdrawn.contains(nsn)) {
                return ConsentState.WITHDRAWN;
            }
            return expired.contains(nsn) ? ConsentState.EXPIRED : ConsentState.NONE;
        }
    }

    /** The opt-out screen with the professional's canaries listed, watched for enumeration. */
    private static final class OptOutWithCanaries implements NumberScreen {

        private static final int LISTED = ScrubReason.OPPOSITION_LIST.code();
        private final NumberScreen optOut;
        private final NumberSet canaries;
        private final EnumerationWatch watch;
        private int[] scratch = new int[0];

        OptOutWithCanaries(NumberScreen optOut, NumberSet canaries, EnumerationWatch watch) {
            this.optOut = optOut;
            this.canaries = canaries;
            this.watch = watch;
        }

        @Override
        public int screen(int nsn) {
            watch.observe(nsn);
            return canaries.contains(nsn) ? LISTED : optOut.screen(nsn);
        }

        @Override
        public void screen(int[] nsns, int[] reasons, int n) {
            watch.observe(nsns, reasons, n);
            if (scratch.length < 2 * n) {
                scratch = new int[2 * n];
            }
            canaries.markContained(nsns, reasons, n, LISTED, scratch);
            optOut.screen(nsns, reasons, n);
        }
    }

    /** A screen watched for enumeration. */
    private record Watched(NumberScreen inner, EnumerationWatch watch) implements NumberScreen {

        @Override
        public int screen(int nsn) {
            watch.observe(nsn);
            return inner.screen(nsn);
        }

        @Override
        public void screen(int[] nsns, int[] reasons, int n) {
            watch.observe(nsns, reasons, n);
            inner.screen(nsns, reasons, n);
        }
    }

    /** A growable int array, for streaming millions of numbers without boxing them. */
    private static final class IntBuffer {
        private int[] values = new int[1024];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1));
            }
            values[size++] = value;
        }

        NumberSet toSet() {
            return size == 0 ? NumberSet.empty() : NumberSet.of(Arrays.stream(values, 0, size).iterator());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
