package fr.consenti.server.consent;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import fr.consenti.server.consent.ConsentValidator.Outcome;
import fr.consenti.server.consent.ConsentValidator.StoredNotice;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Bulk import of consents from CSV. Streams the file: each line is checked on its own, good lines are recorded in
 * batches of {@value #BATCH} (one transaction and one chain lock per batch), bad lines are reported with their line
 * number and go no further. A batch either commits whole or not at all; lines already committed stay recorded.
 */
@Component
final class ConsentImports {

    static final int BATCH = 1000;
    /** Errors listed in a report; beyond this they are counted only, so a wrong file cannot exhaust memory. */
    static final int MAX_LISTED_ERRORS = 100_000;

    /** Columns, by name in the header line; order is free, unknown columns are refused. */
    static final List<String> COLUMNS = List.of("number", "purposes", "channel", "collected_at", "notice_sha256",
            "notice", "notice_language", "evidence_kind", "evidence_ip", "evidence_user_agent", "evidence_ref",
            "evidence_at", "valid_until", "third_parties", "person_ref", "slot_date", "slot_start", "slot_end");
    static final Set<String> REQUIRED = Set.of("number", "purposes", "channel", "collected_at", "evidence_kind",
            "evidence_at");

    record LineError(long line, String field, String message) {
    }

    record Report(long accepted, long rejected, List<LineError> errors, boolean errorsTruncated) {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConsentImports.class);

    private final ConsentService consents;
    private final ConsentLedger ledger;
    private final ReceiptMails mails;

    ConsentImports(ConsentService consents, ConsentLedger ledger, ReceiptMails mails) {
        this.mails = mails;
        this.consents = consents;
        this.ledger = ledger;
    }

    Report importCsv(long professionalId, Reader csv) {
        Instant now = ledger.now();
        Set<String> purposeCodes = consents.purposes(professionalId).keySet();
        ConsentValidator validator = consents.validator(ConsentValidator.Naming.CSV);
        Set<String> knownNotices = new HashSet<>();
        Progress progress = new Progress();
        long started = System.nanoTime();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(';').detectBomHeader(true)
                .allowExtraFields(true).allowMissingFields(true).skipEmptyLines(true).ofCsvRecord(csv)) {
            var rows = reader.iterator();
            if (!rows.hasNext()) {
                throw Problems.validation(List.of(new Problems.FieldProblem("header", "the file is empty: the first "
                        + "line names the columns, e.g. " + String.join(";", REQUIRED))));
            }
            Map<String, Integer> header = header(rows.next());
            List<ConsentEvent> batch = new ArrayList<>(BATCH);
            Map<String, StoredNotice> batchNotices = new LinkedHashMap<>();
            while (true) {
                CsvRecord row;
                try {
                    if (!rows.hasNext()) {
                        break;
                    }
                    row = rows.next();
                } catch (CsvParseException e) {
                    // The parser cannot resynchronise after a broken quote: what follows is not read.
                    progress.error(new LineError(progress.lastLine + 1, "line",
                            "not readable as CSV, reading stopped here: " + e.getMessage()));
                    break;
                }
                progress.lastLine = row.getStartingLineNumber();
                long checking = System.nanoTime();
                ConsentRequest request = request(row, header);
                Outcome outcome = validator.check(professionalId, request, now, purposeCodes,
                        sha -> knownNotices.contains(sha) || batchNotices.containsKey(sha)
                                || remember(knownNotices, sha, consents.noticeExists(sha)));
                switch (outcome) {
                    case Outcome.Invalid invalid -> invalid.errors().forEach(error -> progress.error(
                            new LineError(row.getStartingLineNumber(), error.field(), error.message())));
                    case Outcome.Valid valid -> {
                        if (valid.newNotice() != null && !knownNotices.contains(valid.newNotice().sha256())) {
                            batchNotices.putIfAbsent(valid.newNotice().sha256(), valid.newNotice());
                        }
                        batch.add(valid.given());
                    }
                }
                if (outcome instanceof Outcome.Invalid) {
                    progress.rejected++;
                }
                progress.checkingNanos += System.nanoTime() - checking;
                if (batch.size() == BATCH) {
                    flush(batch, batchNotices, knownNotices, progress);
                }
            }
            flush(batch, batchNotices, knownNotices, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Consent import for professional {}: {} accepted, {} rejected in {} ms ({} ms checking lines, {} ms "
                + "recording)", professionalId, progress.accepted, progress.rejected,
                (System.nanoTime() - started) / 1_000_000, progress.checkingNanos / 1_000_000,
                progress.recordingNanos / 1_000_000);
        return new Report(progress.accepted, progress.rejected, progress.errors, progress.truncated);
    }

    private void flush(List<ConsentEvent> batch, Map<String, StoredNotice> notices, Set<String> knownNotices,
                       Progress progress) {
        long recording = System.nanoTime();
        if (!notices.isEmpty()) {
            consents.storeNotices(notices.values());
            knownNotices.addAll(notices.keySet());
            notices.clear();
        }
        if (!batch.isEmpty()) {
            List<ConsentEvent> recorded = ledger.recordGiven(List.copyOf(batch));
            mails.mailImported(recorded);
            progress.accepted += batch.size();
            batch.clear();
        }
        progress.recordingNanos += System.nanoTime() - recording;
    }

    private static boolean remember(Set<String> known, String sha, boolean exists) {
        if (exists) {
            known.add(sha);
        }
        return exists;
    }

    private static Map<String, Integer> header(CsvRecord header) {
        Map<String, Integer> columns = new HashMap<>();
        List<Problems.FieldProblem> errors = new ArrayList<>();
        for (int i = 0; i < header.getFieldCount(); i++) {
            String name = header.getField(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                errors.add(new Problems.FieldProblem("header", "unknown column \"" + name + "\"; columns are "
                        + String.join(";", COLUMNS)));
            } else if (columns.putIfAbsent(name, i) != null) {
                errors.add(new Problems.FieldProblem("header", "column " + name + " appears twice"));
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                errors.add(new Problems.FieldProblem("header", "column " + required + " is missing"));
            }
        }
        if (!columns.containsKey("notice") && !columns.containsKey("notice_sha256")) {
            errors.add(new Problems.FieldProblem("header", "a notice or notice_sha256 column is required"));
        }
        if (!errors.isEmpty()) {
            throw Problems.validation(errors);
        }
        return columns;
    }

    private static ConsentRequest request(CsvRecord row, Map<String, Integer> header) {
        Cells cells = new Cells(row, header);
        String evidenceKind = cells.get("evidence_kind");
        String ref = cells.get("evidence_ref");
        String at = cells.get("evidence_at");
        String kind = evidenceKind == null ? "" : evidenceKind.strip();
        ConsentRequest.Evidence evidence = new ConsentRequest.Evidence(evidenceKind, cells.get("evidence_ip"),
                cells.get("evidence_user_agent"), kind.equals("FORM_SUBMISSION") ? at : null,
                kind.equals("CALL_RECORDING") ? ref : null, kind.equals("CALL_RECORDING") ? at : null,
                kind.equals("DOCUMENT") ? ref : null, kind.equals("DOCUMENT") ? at : null);
        return new ConsentRequest(cells.get("number"), cells.list("purposes"), cells.get("channel"),
                new ConsentRequest.Notice(cells.get("notice"), cells.get("notice_sha256"), cells.get("notice_language")),
                evidence, cells.get("collected_at"), cells.get("valid_until"),
                new ConsentRequest.Slot(cells.get("slot_date"), cells.get("slot_start"), cells.get("slot_end")),
                cells.list("third_parties"), cells.get("person_ref"));
    }

    private record Cells(CsvRecord row, Map<String, Integer> header) {

        String get(String column) {
            Integer index = header.get(column);
            if (index == null || index >= row.getFieldCount()) {
                return null;
            }
            String value = row.getField(index);
            return value.isBlank() ? null : value;
        }

        /** A list inside one cell, comma-separated. */
        List<String> list(String column) {
            String value = get(column);
            return value == null ? null : Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        }
    }

    private static final class Progress {
        long accepted;
        long rejected;
        long lastLine = 1;
        boolean truncated;
        long checkingNanos;
        long recordingNanos;
        final List<LineError> errors = new ArrayList<>();

        void error(LineError error) {
            if (errors.size() < MAX_LISTED_ERRORS) {
                errors.add(error);
            } else {
                truncated = true;
            }
        }
    }
}
