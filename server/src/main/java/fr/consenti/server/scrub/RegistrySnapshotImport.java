package fr.consenti.server.scrub;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * Imports a full snapshot of the opposition list (the operator's file, CSV {@code number;registered_at}, header
 * optional) into {@code opposition_entry} with source IMPORT, in one transaction:
 * <ol>
 *   <li>every line is parsed and checked (a bad line is reported with its line number and goes no further; the good
 *       ones go through); a number given twice keeps its earliest registration;</li>
 *   <li>the good lines go to a staging table: with {@code COPY} on PostgreSQL (the JDBC driver's CopyManager), in
 *       batched inserts on H2;</li>
 *   <li>imported numbers absent from the new snapshot are removed ({@code removed_at} = now), numbers not yet listed
 *       are inserted, with their dates from the policy of RULES.md §8 (effective {@code effectiveDelay} after
 *       registration, at most 30 days; a term of {@code term} from registration, tacitly renewed by whole terms until
 *       it ends after now); numbers already listed (by an earlier import or a consumer's registration) are left
 *       as they are;</li>
 *   <li>each removal and insertion appends its change feed event ({@code OPPOSITION_REMOVED},
 *       {@code OPPOSITION_REGISTERED}, the rows {@code ChangeFeed} writes for {@code FeedChange.OppositionRemoved}
 *       and {@code OppositionRegistered}), set-based so that millions of rows stay a matter of seconds, so that every
 *       running node follows.</li>
 * </ol>
 * Public for the command-line tool, which has no Spring context.
 */
public final class RegistrySnapshotImport {

    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter COPY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSX");
    private static final int BATCH = 10_000;
    /** Bad lines listed in a result; the others are counted. */
    static final int MAX_LISTED_ERRORS = 10_000;
    private static final String STAGE = "registry_import_stage";

    /** A line that was not imported. */
    public record LineError(long line, String message) {
    }

    /** What an import did. {@code unchanged}: good numbers already listed, left as they were. */
    public record Result(long lines, long good, long bad, List<LineError> errors, long duplicates, long added,
                         long removed, long unchanged, String method) {
    }

    private final Period effectiveDelay;
    private final Period term;

    public RegistrySnapshotImport(Period effectiveDelay, Period term) {
        if (effectiveDelay.isNegative() || LocalDate.EPOCH.plus(effectiveDelay).isAfter(LocalDate.EPOCH.plusDays(30))) {
            throw new IllegalArgumentException("the effective delay is at most 30 days (R223-3): " + effectiveDelay);
        }
        if (term.isNegative() || term.isZero()) {
            throw new IllegalArgumentException("the term must be positive: " + term);
        }
        this.effectiveDelay = effectiveDelay;
        this.term = term;
    }

    /** Reads the file (UTF-8, a BOM is skipped) and imports it at {@code now} through {@code connection}. */
    public Result run(Connection connection, InputStream file, Instant now) throws IOException, SQLException {
        Parsed parsed = parse(new InputStreamReader(file, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), now);
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains("postgres");
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            createStage(connection, postgres);
            if (postgres) {
                copy(connection, parsed);
            } else {
                insert(connection, parsed);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("create index " + STAGE + "_nsn on " + STAGE + " (nsn)");
                if (postgres) {
                    statement.execute("analyze " + STAGE);
                }
            }
            // Microseconds, as both databases store them: the removal's feed rows are found by this exact instant.
            OffsetDateTime at = OffsetDateTime.ofInstant(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                    ZoneOffset.UTC);
            long removed = removeAbsent(connection, at);
            long added = addNew(connection, at);
            try (Statement statement = connection.createStatement()) {
                statement.execute("drop table " + STAGE);
                if (postgres && removed + added > 0) {
                    // As ChangeFeed.append does: wake every node's follower at commit, rather than at its next poll.
                    statement.execute("select pg_notify('change_feed', '')");
                }
            }
            connection.commit();
            return new Result(parsed.lines, parsed.good + parsed.duplicates, parsed.bad, parsed.errors,
                    parsed.duplicates, added, removed, parsed.good - added, postgres ? "COPY" : "BATCH_INSERT");
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void createStage(Connection connection, boolean postgres) throws SQLException {
        String columns = " (nsn integer not null, registered_at timestamp with time zone not null, "
                + "effective_from timestamp with time zone not null, term_end timestamp with time zone not null)";
        try (Statement statement = connection.createStatement()) {
            statement.execute(postgres ? "create temporary table " + STAGE + columns + " on commit drop"
                    : "create local temporary table " + STAGE + columns);
        }
    }

    private void copy(Connection connection, Parsed parsed) throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("copy " + STAGE + " (nsn, registered_at, effective_from, term_end) from stdin with (format csv)",
                new Reader() {
                    private int next;
                    private String pending = "";
                    private int offset;

                    @Override
                    public int read(char[] buffer, int off, int len) {
                        if (offset == pending.length()) {
                            if (next == parsed.size) {
                                return -1;
                            }
                            pending = line(parsed, next++);
                            offset = 0;
                        }
                        int n = Math.min(len, pending.length() - offset);
                        pending.getChars(offset, offset + n, buffer, off);
                        offset += n;
                        return n;
                    }

                    @Override
                    public void close() {
                    }
                }, 1 << 16);
    }

    private String line(Parsed parsed, int i) {
        Instant registered = Instant.ofEpochSecond(parsed.registered[i]);
        Instant[] dates = dates(registered, parsed.now);
        return parsed.nsns[i] + "," + time(registered) + "," + time(dates[0]) + "," + time(dates[1]) + "\n";
    }

    private static String time(Instant instant) {
        return COPY_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private void insert(Connection connection, Parsed parsed) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + STAGE
                + " (nsn, registered_at, effective_from, term_end) values (?, ?, ?, ?)")) {
            for (int i = 0; i < parsed.size; i++) {
                Instant registered = Instant.ofEpochSecond(parsed.registered[i]);
                Instant[] dates = dates(registered, parsed.now);
                insert.setInt(1, parsed.nsns[i]);
                insert.setObject(2, registered.atOffset(ZoneOffset.UTC));
                insert.setObject(3, dates[0].atOffset(ZoneOffset.UTC));
                insert.setObject(4, dates[1].atOffset(ZoneOffset.UTC));
                insert.addBatch();
                if ((i + 1) % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Effective from and term end of a registration (RULES.md §8), the term renewed tacitly past {@code now}. */
    Instant[] dates(Instant registeredAt, Instant now) {
        ZonedDateTime registered = registeredAt.atZone(FRANCE);
        Instant effective = registered.plus(effectiveDelay).toInstant();
        ZonedDateTime end = registered.plus(term);
        while (!end.toInstant().isAfter(now) || !end.toInstant().isAfter(effective)) {
            end = end.plus(term);
        }
        return new Instant[] {effective, end.toInstant()};
    }

    private static long removeAbsent(Connection connection, OffsetDateTime at) throws SQLException {
        long removed;
        try (PreparedStatement update = connection.prepareStatement("update opposition_entry set removed_at = ? "
                + "where source = 'IMPORT' and removed_at is null and not exists (select 1 from " + STAGE
                + " s where s.nsn = opposition_entry.nsn)")) {
            update.setObject(1, at);
            removed = update.executeUpdate();
        }
        if (removed > 0) {
            try (PreparedStatement feed = connection.prepareStatement("insert into change_feed (kind, nsn, "
                    + "occurred_at, recorded_at) select 'OPPOSITION_REMOVED', nsn, ?, ? from opposition_entry "
                    + "where source = 'IMPORT' and removed_at = ? order by nsn")) {
                feed.setObject(1, at);
                feed.setObject(2, at);
                feed.setObject(3, at);
                feed.executeUpdate();
            }
        }
        return removed;
    }

    private static long addNew(Connection connection, OffsetDateTime at) throws SQLException {
        long before;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select coalesce(max(id), 0) from opposition_entry")) {
            rs.next();
            before = rs.getLong(1);
        }
        long added;
        try (Statement statement = connection.createStatement()) {
            added = statement.executeUpdate("insert into opposition_entry (nsn, registered_at, effective_from, "
                    + "term_end, source) select s.nsn, s.registered_at, s.effective_from, s.term_end, 'IMPORT' from "
                    + STAGE + " s where not exists (select 1 from opposition_entry e where e.nsn = s.nsn and "
                    + "e.removed_at is null) order by s.nsn");
        }
        if (added > 0) {
            try (PreparedStatement feed = connection.prepareStatement("insert into change_feed (kind, nsn, "
                    + "occurred_at, effective_from, ends_at, recorded_at) select 'OPPOSITION_REGISTERED', nsn, "
                    + "registered_at, effective_from, term_end, ? from opposition_entry where id > ? and "
                    + "source = 'IMPORT' order by id")) {
                feed.setObject(1, at);
                feed.setLong(2, before);
                feed.executeUpdate();
            }
        }
        return added;
    }

    /** The good lines, deduplicated by number (earliest registration kept), and the bad ones. */
    private static final class Parsed {
        int[] nsns = new int[1024];
        long[] registered = new long[1024];
        int size;
        long lines;
        long good;
        long bad;
        long duplicates;
        final List<LineError> errors = new ArrayList<>();
        Instant now;

        void add(int nsn, long epochSecond) {
            if (size == nsns.length) {
                nsns = Arrays.copyOf(nsns, size * 2);
                registered = Arrays.copyOf(registered, size * 2);
            }
            nsns[size] = nsn;
            registered[size++] = epochSecond;
        }

        void error(long line, String message) {
            bad++;
            if (errors.size() < MAX_LISTED_ERRORS) {
                errors.add(new LineError(line, message));
            }
        }

        /** Sorts by number and keeps each number once, with its earliest registration. */
        void deduplicate() {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                keys[i] = (long) nsns[i] << 32 | i;
            }
            Arrays.sort(keys);
            int[] outNsns = new int[size];
            long[] outRegistered = new long[size];
            int n = 0;
            for (long key : keys) {
                int nsn = (int) (key >>> 32);
                long when = registered[(int) key];
                if (n > 0 && outNsns[n - 1] == nsn) {
                    outRegistered[n - 1] = Math.min(outRegistered[n - 1], when);
                    duplicates++;
                } else {
                    outNsns[n] = nsn;
                    outRegistered[n++] = when;
                }
            }
            nsns = outNsns;
            registered = outRegistered;
            size = n;
            good = n;
        }
    }

    private static Parsed parse(Reader input, Instant now) throws IOException {
        Parsed parsed = new Parsed();
        parsed.now = now;
        try (BufferedReader reader = new BufferedReader(input, 1 << 16)) {
            String line;
            long number = 0;
            while (true) {
                try {
                    line = reader.readLine();
                } catch (CharacterCodingException e) {
                    parsed.error(number + 1, "not UTF-8 text; reading stopped here");
                    break;
                }
                if (line == null) {
                    break;
                }
                number++;
                parsed.lines++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(";", -1);
                if (number == 1 && isHeader(fields)) {
                    continue;
                }
                if (fields.length != 2) {
                    parsed.error(number, "expected 2 fields (number;registered_at), found " + fields.length);
                    continue;
                }
                ParseOutcome outcome = NumberParser.parse(fields[0].strip());
                if (outcome instanceof NumberError error) {
                    parsed.error(number, "number: " + error.message());
                    continue;
                }
                FrenchNumber french = (FrenchNumber) outcome;
                if (french.nsn() < 0 || !french.callable()) {
                    parsed.error(number, "number: " + fields[0].strip() + " is not a number that may be called "
                            + "(RULES.md §6), so it has no place on the list");
                    continue;
                }
                Instant registeredAt;
                try {
                    registeredAt = instant(fields[1].strip());
                } catch (DateTimeParseException e) {
                    parsed.error(number, "registered_at: not a date (2024-03-01) or date and time "
                            + "(2024-03-01T10:15:00+01:00): " + fields[1].strip());
                    continue;
                }
                if (registeredAt.isAfter(now)) {
                    parsed.error(number, "registered_at: in the future: " + fields[1].strip());
                    continue;
                }
                parsed.add(french.nsn(), registeredAt.getEpochSecond());
            }
        }
        parsed.deduplicate();
        return parsed;
    }

    private static boolean isHeader(String[] fields) {
        return fields.length >= 1 && fields[0].strip().chars().noneMatch(Character::isDigit);
    }

    /** A date (midnight in Paris), a date and time without offset (Paris), or with an offset or Z. */
    static Instant instant(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(FRANCE).toInstant();
        }
        String iso = text.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(iso).atZone(FRANCE).toInstant();
        }
    }
}
