package fr.consenti.server.calls;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.FeedChange;
import fr.consenti.server.screening.ScreeningService;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Objections (RULES.md §4): permanent do-not-contact entries per professional and number. Recorded by a call's
 * OBJECTION outcome, by the API (one number) and by a CSV import; never removed: no endpoint deletes one, and a second
 * objection for the same number changes nothing (it answers with the first). Each new one appends ObjectionRecorded to
 * the feed in its transaction, so that every node's index denies the number within the lag bound.
 */
@Service
final class Objections {

    /** Rows per transaction of an import: a failure loses no more than one batch, and none is half-done. */
    private static final int IMPORT_BATCH = 1_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ChangeFeed feed;
    private final ScreeningService screening;
    private final AuditLog audit;
    private final Clock clock;

    Objections(JdbcClient jdbc, TransactionTemplate transactions, ChangeFeed feed, ScreeningService screening,
               AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.feed = feed;
        this.screening = screening;
        this.audit = audit;
        this.clock = clock;
    }

    record Objection(long id, String e164, Instant objectedAt, Instant recordedAt, String source, UUID callId) {
    }

    /** The objection, and whether this request created it (false: it existed, unchanged). */
    record Recorded(Objection objection, boolean created) {
    }

    /**
     * Records the objection in the caller's transaction (or one of its own). An objection already there wins: the
     * first is kept as it is.
     */
    Recorded record(long professionalId, FrenchNumber number, Instant objectedAt, String source, UUID callId) {
        Recorded recorded = transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Instant at = objectedAt == null ? now : objectedAt.truncatedTo(ChronoUnit.MICROS);
            int inserted = jdbc.sql("""
                            insert into objection (professional_id, nsn, e164, objected_at, recorded_at, source, call_id)
                            values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(professionalId, number.nsn(), number.e164(), CallService.utc(at), CallService.utc(now),
                            source, callId)
                    .update();
            if (inserted == 1) {
                feed.append(new FeedChange.ObjectionRecorded(professionalId, number.nsn(), at));
            }
            return new Recorded(find(professionalId, number.nsn()), inserted == 1);
        });
        if (recorded.created()) {
            screening.wake();
        }
        return recorded;
    }

    Objection find(long professionalId, int nsn) {
        return jdbc.sql("select id, e164, objected_at, recorded_at, source, call_id from objection "
                        + "where professional_id = ? and nsn = ?")
                .params(professionalId, nsn)
                .query((rs, n) -> new Objection(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5),
                        rs.getObject(6, UUID.class)))
                .single();
    }

    /** One page of the professional's objections, in the order they were recorded, after {@code afterId}. */
    List<Objection> list(long professionalId, long afterId, int limit) {
        return jdbc.sql("""
                        select id, e164, objected_at, recorded_at, source, call_id from objection
                        where professional_id = ? and id > ? order by id fetch first %d rows only""".formatted(limit))
                .params(professionalId, afterId)
                .query((rs, n) -> new Objection(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5),
                        rs.getObject(6, UUID.class)))
                .list();
    }

    /** Writes every objection of the professional as CSV: e164, objected_at, recorded_at, source, call_id. */
    void export(long professionalId, Writer out) {
        try {
            out.write("e164,objected_at,recorded_at,source,call_id\n");
            long after = 0;
            while (true) {
                List<Objection> page = list(professionalId, after, 5_000);
                for (Objection o : page) {
                    out.write(o.e164() + "," + o.objectedAt() + "," + o.recordedAt() + "," + o.source() + ","
                            + (o.callId() == null ? "" : o.callId()) + "\n");
                    after = o.id();
                }
                if (page.size() < 5_000) {
                    break;
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line refused by an import, by its line number in the file (the header is line 1). */
    record LineError(long line, String field, String message) {
    }

    record ImportReport(long lines, long created, long alreadyPresent, List<LineError> errors, long errorCount) {
    }

    /**
     * Imports a CSV file: a header naming the column {@code number} and optionally {@code objected_at} (ISO-8601 with
     * offset, not in the future). Good lines are recorded, in batches of their own transactions; each bad line is
     * reported with its line number (the first 1,000 are listed).
     */
    ImportReport importCsv(long professionalId, Reader csv) {
        Instant now = clock.instant();
        List<LineError> errors = new ArrayList<>();
        long[] counts = new long[4]; // lines, created, present, errors
        List<Pending> batch = new ArrayList<>();
        java.io.BufferedReader buffered = new java.io.BufferedReader(csv, 1 << 16);
        char separator = separator(buffered);
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(separator).detectBomHeader(true)
                .allowExtraFields(true).allowMissingFields(true).skipEmptyLines(true).ofCsvRecord(buffered)) {
            int numberColumn = -1;
            int atColumn = -1;
            for (CsvRecord row : reader) {
                long line = row.getStartingLineNumber();
                if (numberColumn < 0) {
                    for (int i = 0; i < row.getFieldCount(); i++) {
                        String name = row.getField(i).strip().toLowerCase(Locale.ROOT).replace("\uFEFF", "");
                        switch (name) {
                            case "number" -> numberColumn = i;
                            case "objected_at" -> atColumn = i;
                            default -> {
                                throw CallProblems.validation(List.of(new CallProblems.FieldProblem("line 1",
                                        "unknown column \"" + name + "\"; the columns are number, objected_at")));
                            }
                        }
                    }
                    if (numberColumn < 0) {
                        throw CallProblems.validation(List.of(new CallProblems.FieldProblem("line 1",
                                "the header must name the column number (and optionally objected_at)")));
                    }
                    continue;
                }
                if (row.getFieldCount() == 1 && row.getField(0).isBlank()) {
                    continue;
                }
                counts[0]++;
                String raw = numberColumn < row.getFieldCount() ? row.getField(numberColumn) : "";
                ParseOutcome parsed = NumberParser.parse(raw);
                if (parsed instanceof NumberError e) {
                    error(errors, counts, line, "number", e.message());
                    continue;
                }
                Instant at = null;
                if (atColumn >= 0 && atColumn < row.getFieldCount() && !row.getField(atColumn).isBlank()) {
                    try {
                        at = OffsetDateTime.parse(row.getField(atColumn).strip()).toInstant();
                        if (at.isAfter(now)) {
                            error(errors, counts, line, "objected_at", "must not be in the future");
                            continue;
                        }
                    } catch (DateTimeException e) {
                        error(errors, counts, line, "objected_at",
                                "must be an ISO-8601 time with its offset, such as 2026-09-01T10:15:00+02:00");
                        continue;
                    }
                }
                batch.add(new Pending((FrenchNumber) parsed, at));
                if (batch.size() == IMPORT_BATCH) {
                    flush(professionalId, batch, counts);
                }
            }
            flush(professionalId, batch, counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            throw CallProblems.validation(List.of(new CallProblems.FieldProblem("file", e.getMessage())));
        }
        audit.append("professional:" + professionalId, "OBJECTIONS_IMPORTED", "professional:" + professionalId,
                "lines=" + counts[0] + " created=" + counts[1] + " present=" + counts[2] + " errors=" + counts[3]);
        return new ImportReport(counts[0], counts[1], counts[2], errors, counts[3]);
    }

    /** ';' when the header line uses it (French spreadsheets), ',' otherwise. */
    private static char separator(java.io.BufferedReader in) {
        try {
            in.mark(1 << 15);
            char[] head = new char[1 << 14];
            int n = in.read(head);
            in.reset();
            for (int i = 0; i < n && head[i] != '\n'; i++) {
                if (head[i] == ';') {
                    return ';';
                }
            }
            return ',';
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Pending(FrenchNumber number, Instant at) {
    }

    private void flush(long professionalId, List<Pending> batch, long[] counts) {
        if (batch.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            for (Pending p : batch) {
                if (record(professionalId, p.number(), p.at(), "IMPORT", null).created()) {
                    counts[1]++;
                } else {
                    counts[2]++;
                }
            }
        });
        batch.clear();
    }

    private static void error(List<LineError> errors, long[] counts, long line, String field, String message) {
        counts[3]++;
        if (errors.size() < 1_000) {
            errors.add(new LineError(line, field, message));
        }
    }
}
