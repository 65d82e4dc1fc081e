package fr.consenti.server.scrub;

import fr.consenti.core.scrub.ScrubReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/** A file cleaning job as stored in {@code scrub_job}. */
public record ScrubJob(UUID id, long professionalId, long subscriptionId, String submittedBy, String node, Status status,
                String fileName, String purpose, LocalDate campaignDate, Regime regime, boolean audit,
                Instant screenFrom, Instant screenTo, LocalDate validUntil, String separator, String encoding,
                String column, long uploadBytes, long bytesRead, Long rowsRead, Long rowsKept, Long rowsRejected,
                Long emptyLines, Map<ScrubReason, Long> counts, Long rejectionsNotListed, String detectedSeparator,
                String detectedEncoding, Boolean detectedHeader, String detectedColumn, Long snapshotSequence,
                Instant snapshotAt, Long snapshotCount, String errorCode, String errorMessage, Long errorLine,
                Instant createdAt, Instant startedAt, Instant finishedAt, Instant filesExpireAt,
                Instant filesDeletedAt) {

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    /** OPT_OUT: the opposition list rules the campaign date (up to 2026-08-10); OPT_IN: consent does. */
    public enum Regime { OPT_OUT, OPT_IN }

    /** The first day of the opt-in regime (loi 2025-594 art. 13). */
    static final LocalDate OPT_IN_FROM = LocalDate.of(2026, 8, 11);

    static Regime regimeOn(LocalDate campaignDate) {
        return campaignDate.isBefore(OPT_IN_FROM) ? Regime.OPT_OUT : Regime.OPT_IN;
    }

    public boolean finished() {
        return status == Status.DONE || status == Status.FAILED;
    }

    static String encodeCounts(Map<ScrubReason, Long> counts) {
        StringBuilder joined = new StringBuilder();
        counts.forEach((reason, count) -> {
            if (count > 0) {
                joined.append(joined.isEmpty() ? "" : ",").append(reason.name()).append('=').append(count);
            }
        });
        return joined.toString();
    }

    static Map<ScrubReason, Long> decodeCounts(String joined) {
        Map<ScrubReason, Long> counts = new EnumMap<>(ScrubReason.class);
        if (joined != null && !joined.isEmpty()) {
            for (String pair : joined.split(",")) {
                int eq = pair.indexOf('=');
                counts.put(ScrubReason.valueOf(pair.substring(0, eq)), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return counts;
    }

    static ScrubJob map(ResultSet rs, int row) throws SQLException {
        return new ScrubJob(rs.getObject("id", UUID.class), rs.getLong("professional_id"), rs.getLong("subscription_id"),
                rs.getString("submitted_by"), rs.getString("node"), Status.valueOf(rs.getString("status")),
                rs.getString("file_name"), rs.getString("purpose"), rs.getObject("campaign_date", LocalDate.class),
                Regime.valueOf(rs.getString("regime")), rs.getBoolean("audit"), instant(rs, "screen_from"),
                instant(rs, "screen_to"), rs.getObject("valid_until", LocalDate.class), rs.getString("opt_separator"),
                rs.getString("opt_encoding"), rs.getString("opt_column"), rs.getLong("upload_bytes"),
                rs.getLong("bytes_read"), longOrNull(rs, "rows_read"), longOrNull(rs, "rows_kept"),
                longOrNull(rs, "rows_rejected"), longOrNull(rs, "empty_lines"), decodeCounts(rs.getString("counts")),
                longOrNull(rs, "rejections_not_listed"), rs.getString("detected_separator"),
                rs.getString("detected_encoding"), (Boolean) rs.getObject("detected_header"),
                rs.getString("detected_column"), longOrNull(rs, "snapshot_sequence"), instant(rs, "snapshot_at"),
                longOrNull(rs, "snapshot_count"), rs.getString("error_code"), rs.getString("error_message"),
                longOrNull(rs, "error_line"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), instant(rs, "files_expire_at"), instant(rs, "files_deleted_at"));
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
