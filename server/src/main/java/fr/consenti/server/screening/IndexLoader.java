package fr.consenti.server.screening;

import fr.consenti.core.index.ScreeningIndex;
import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.Policies;
import fr.consenti.server.consent.DiallerConsents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds a node's {@link ScreeningIndex} from the tables, in one read-only REPEATABLE READ transaction (one snapshot
 * for every table and the change feed), streaming each table with a fetch size so that millions of rows never sit in
 * the JDBC driver at once.
 *
 * <p><b>Where the follower starts.</b> Feed sequences are allocated at insert, not commit: the snapshot may hold
 * sequence {@code n+1} without {@code n}, whose transaction was still running. Its table changes are then not in the
 * snapshot either, so the follower must start at the first such gap of the feed's tail, not at the maximum, and skip
 * the sequences above it that the snapshot already held ({@link Loaded#preloaded}).
 */
final class IndexLoader {

    /** The feed's tail searched for in-flight gaps; older gaps are long settled. */
    static final int TAIL = 10_000;

    private final DataSource dataSource;
    private final Policies policies;
    private final Duration staleBound;
    private final Clock clock;

    private final boolean postgres;

    IndexLoader(DataSource dataSource, Policies policies, Duration staleBound, Clock clock, boolean postgres) {
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.policies = policies;
        this.staleBound = staleBound;
        this.clock = clock;
    }

    /**
     * The index, the feed position it is current to (every sequence at or below it is in the index or was never
     * committed) and the sequences above that position the snapshot already held.
     */
    record Loaded(ScreeningIndex index, long position, Set<Long> preloaded, Counts counts, Duration took,
                  Duration cpu) {
    }

    record Counts(long registrations, long retired, long consents, long objections, long attempts, long refusals,
                  long slots) {
    }

    Loaded load() {
        long started = System.nanoTime();
        long cpuStarted = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setFetchSize(10_000);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        tx.setReadOnly(true);
        return tx.execute(status -> {
            Long maxSeq = jdbc.queryForObject("select max(sequence) from change_feed", Long.class);
            long max = maxSeq == null ? 0 : maxSeq;
            List<Long> tail = jdbc.queryForList("select sequence from change_feed where sequence > ? order by sequence",
                    Long.class, Math.max(0, max - TAIL));
            long position = max;
            TreeSet<Long> preloaded = new TreeSet<>();
            for (int i = 1; i < tail.size(); i++) {
                if (tail.get(i) != tail.get(i - 1) + 1) {
                    position = tail.get(i - 1);
                    preloaded.addAll(tail.subList(i, tail.size()));
                    break;
                }
            }
            if (!tail.isEmpty() && tail.getFirst() > Math.max(0, max - TAIL) + 1 && max <= TAIL) {
                // A gap before the first row of a young feed: the first sequences may still be in flight.
                position = Math.max(0, max - TAIL);
                preloaded.clear();
                preloaded.addAll(tail);
            }
            Long keyCount = jdbc.queryForObject("select (select count(*) from consent) + (select count(*) from objection)",
                    Long.class);
            ScreeningIndex.Builder builder = ScreeningIndex.builder(policies, staleBound,
                    (int) Math.min(1 << 28, Math.max(1 << 10, keyCount == null ? 0 : keyCount * 5 / 4)));
            Instant now = clock.instant();
            Counts counts = loadTables(jdbc, builder, now);
            ScreeningIndex index = builder.build(position, now);
            return new Loaded(index, position, preloaded, counts, Duration.ofNanos(System.nanoTime() - started),
                    Duration.ofNanos(java.lang.management.ManagementFactory.getThreadMXBean()
                            .getCurrentThreadCpuTime() - cpuStarted));
        });
    }

    /**
     * Epoch milliseconds computed by the database. PostgreSQL's extract() returns numeric, several times slower over
     * millions of rows than date_part(), which returns double precision (exact to the microsecond for our dates).
     */
    private String epochMillis(String column) {
        return postgres ? "cast(floor(date_part('epoch', " + column + ") * 1000) as bigint)"
                : "cast(extract(epoch from " + column + ") * 1000 as bigint)";
    }

    private Counts loadTables(JdbcTemplate jdbc, ScreeningIndex.Builder builder, Instant now) {
        long[] n = new long[7];
        Map<Long, Integer> sirens = new HashMap<>();
        jdbc.query("select id, siren from professional", rs -> {
            sirens.put(rs.getLong(1), Integer.parseInt(rs.getString(2)));
        });
        // Epoch milliseconds computed by the database: no OffsetDateTime per row for millions of rows.
        jdbc.query("select nsn, " + epochMillis("registered_at") + ", " + epochMillis("effective_from") + ", "
                + epochMillis("term_end") + ", removed_at from opposition_entry", rs -> {
            // Whole seconds, widened: the index keeps a whole-second registration in its compact table and any other
            // as objects (≈120 bytes each, 600 MB for 5 M registrations made through the API with clock precision).
            // Rounding the start down and the end up only makes the list bind a fraction of a second longer.
            long registered = Math.floorDiv(rs.getLong(2), 1000L) * 1000L;
            if (rs.getObject(5) == null) {
                builder.registration(rs.getInt(1), registered, Math.floorDiv(rs.getLong(3), 1000L) * 1000L,
                        Math.ceilDiv(rs.getLong(4), 1000L) * 1000L);
                n[0]++;
            } else {
                builder.retiredRegistration(rs.getInt(1), Instant.ofEpochMilli(registered));
                n[1]++;
            }
        });
        // Equal purpose sets and third-party lists are one object each, not one per consent (Consent keeps an
        // immutable set as given and shares the empty array).
        Map<String, Set<String>> purposeSets = new HashMap<>();
        Map<String, int[]> thirdPartyLists = new HashMap<>();
        jdbc.query("""
                select professional_id, nsn, purposes, third_parties, channel, collected_at, valid_until, withdrawn_at
                from consent where nsn is not null and status in ('ACTIVE', 'WITHDRAWN')""", rs -> {
            Integer siren = sirens.get(rs.getLong(1));
            if (siren == null) {
                return;
            }
            builder.consent(rs.getInt(2), new Consent(siren,
                    thirdPartyLists.computeIfAbsent(nullToEmpty(rs.getString(4)), IndexLoader::ints),
                    purposeSets.computeIfAbsent(nullToEmpty(rs.getString(3)), IndexLoader::codes),
                    DiallerConsents.engineChannel(rs.getString(5)), instant(rs, 6), instant(rs, 7), instant(rs, 8)));
            n[2]++;
        });
        jdbc.query("""
                select e.professional_id, c.nsn, e.slot_date, e.slot_start, e.slot_end
                from consent_event e join consent c on c.id = e.consent_id
                where e.kind = 'GIVEN' and e.slot_date is not null and c.status = 'ACTIVE' and c.nsn is not null""",
                rs -> {
                    Integer siren = sirens.get(rs.getLong(1));
                    if (siren != null) {
                        builder.slot(siren, rs.getInt(2), new AgreedSlot(rs.getObject(3, LocalDate.class),
                                rs.getObject(4, LocalTime.class), rs.getObject(5, LocalTime.class)));
                        n[6]++;
                    }
                });
        jdbc.query("select professional_id, nsn, " + epochMillis("objected_at") + " from objection",
                rs -> {
                    Integer siren = sirens.get(rs.getLong(1));
                    if (siren != null) {
                        builder.objection(siren, rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)));
                        n[3]++;
                    }
                });
        // Attempts and refusals old enough to count for no call from now on stay in the ledger.
        OffsetDateTime attemptsFrom = now.minus(Duration.ofDays(policies.frequencyWindowDays() + 2L))
                .atOffset(ZoneOffset.UTC);
        jdbc.query("select professional_id, nsn, " + epochMillis("attempted_at")
                + " from call_attempt where attempted_at > ?", rs -> {
            Integer siren = sirens.get(rs.getLong(1));
            if (siren != null) {
                builder.attempt(siren, rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)));
                n[4]++;
            }
        }, attemptsFrom);
        OffsetDateTime refusalsFrom = now.minus(Duration.ofDays(policies.refusalCooldownDays() + 2L))
                .atOffset(ZoneOffset.UTC);
        jdbc.query("select professional_id, nsn, " + epochMillis("occurred_at")
                + " from call_outcome where outcome = 'REFUSED' and occurred_at > ?", rs -> {
            Integer siren = sirens.get(rs.getLong(1));
            if (siren != null) {
                builder.refusal(siren, rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)));
                n[5]++;
            }
        }, refusalsFrom);
        return new Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int[] ints(String joined) {
        if (joined == null || joined.isEmpty()) {
            return new int[0];
        }
        String[] parts = joined.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].strip());
        }
        return out;
    }

    private static Set<String> codes(String joined) {
        return joined == null || joined.isEmpty() ? Set.of() : Set.copyOf(java.util.Arrays.asList(joined.split(",")));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
