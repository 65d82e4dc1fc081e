package fr.consenti.core.scrub;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * How to read a call file: what is given and what is detected, the bound on a record's length, how many rejected
 * lines the report keeps, and who hears of progress.
 *
 * @param separator       {@code ;}, {@code ,} or tab, or 0 to detect it from the first line
 * @param charset         UTF-8 or windows-1252, or null to detect it (valid UTF-8 is UTF-8, anything else 1252)
 * @param column          where the phone numbers are
 * @param header          whether the first record is a header
 * @param maxRecordBytes  a longer record is rejected with its line number and skipped without being buffered
 * @param maxRejectionsKept rejected lines listed in the report; the others are only counted
 * @param progress        told the total bytes read after each read, for a progress bar
 * @param pipelined       read and parse on the calling thread while a second one screens, deduplicates and
 *                        writes; the calling thread screens and writes too when the second falls behind
 */
public record ScrubOptions(char separator, Charset charset, ColumnSpec column, HeaderMode header, int maxRecordBytes,
                           int maxRejectionsKept, LongConsumer progress, boolean pipelined) {

    /** 1 MB: far above any real call-file row, far below what would strain memory. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_REJECTIONS_KEPT = 100_000;
    /** ASCII-compatible encodings whose bytes the scrubber reads: UTF-8, or one byte per character. */
    private static final Set<String> SUPPORTED = Set.of("UTF-8", "windows-1252", "ISO-8859-1", "ISO-8859-15",
            "US-ASCII");

    public ScrubOptions {
        if (separator != 0 && separator != ';' && separator != ',' && separator != '\t') {
            throw new IllegalArgumentException("separator must be ';', ',' or tab");
        }
        if (charset != null && !SUPPORTED.contains(charset.name())) {
            throw new IllegalArgumentException("charset must be UTF-8 or windows-1252, not " + charset.name());
        }
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(progress, "progress");
        if (maxRecordBytes < 64) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 64");
        }
        if (maxRejectionsKept < 0) {
            throw new IllegalArgumentException("maxRejectionsKept must be 0 or more");
        }
    }

    /** Everything detected, 1 MB records, 100,000 rejected lines listed, no progress listener, one thread. */
    public static ScrubOptions defaults() {
        return new ScrubOptions((char) 0, null, new ColumnSpec.Auto(), HeaderMode.AUTO, DEFAULT_MAX_RECORD_BYTES,
                DEFAULT_MAX_REJECTIONS_KEPT, bytes -> { }, false);
    }

    public ScrubOptions withSeparator(char separator) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }

    public ScrubOptions withCharset(Charset charset) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }

    public ScrubOptions withColumn(ColumnSpec column) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }

    public ScrubOptions withHeader(HeaderMode header) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }

    public ScrubOptions withMaxRecordBytes(int maxRecordBytes) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }

    public ScrubOptions withMaxRejectionsKept(int maxRejectionsKept) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }

    public ScrubOptions withPipelined(boolean pipelined) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }

    public ScrubOptions withProgress(LongConsumer progress) {
        return new ScrubOptions(separator, charset, column, header, maxRecordBytes, maxRejectionsKept, progress,
                pipelined);
    }
}
