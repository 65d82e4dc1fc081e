package fr.consenti.server.scrub;

import fr.consenti.core.scrub.DetectedFormat;
import fr.consenti.core.scrub.Rejection;
import fr.consenti.core.scrub.ScrubReason;
import fr.consenti.core.scrub.ScrubReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The report of a done cleaning ({@code GET /api/v1/scrub-jobs/{id}/report}): what was read and how, the counts
 * per reason, the rejected lines with their line numbers (header and empty lines counted, from 1), the snapshot the
 * screening stood on, and the date until which the result may be used (campaign date + 30 days, RULES.md §8).
 */
public record ScrubJobReport(UUID id, String fileName, LocalDate campaignDate, String regime, boolean audit, String note,
                      String purpose, LocalDate validUntil, Format format, long rowsRead, long rowsKept,
                      long rowsRejected, long emptyLines, Map<String, Long> counts, Snapshot snapshot,
                      Instant createdAt, Instant finishedAt, long rejectionsNotListed, List<Line> rejections) {

    /** How the file was read. {@code column} counts from 1. */
    public record Format(String separator, String encoding, boolean bom, boolean header, int column, String columnName) {
    }

    public record Line(long line, String reason, String number) {
    }

    /**
     * The facts the screening read: the change feed's last sequence when it was taken, when, the window of the
     * campaign date it screened ({@code from} inclusive, {@code to} exclusive), and how many listed numbers (opt-out)
     * or consents in scope (opt-in) it held.
     */
    public record Snapshot(long changeFeedSequence, Instant takenAt, Instant from, Instant to, String source, long count) {
    }

    /** The reasons a report always counts (0 included), by regime. */
    static Set<ScrubReason> reasons(ScrubJob.Regime regime) {
        Set<ScrubReason> reasons = EnumSet.of(ScrubReason.NUMBER_INVALID, ScrubReason.NUMBER_NOT_CALLABLE,
                ScrubReason.DUPLICATE, ScrubReason.OBJECTION, ScrubReason.RECORD_TOO_LONG,
                ScrubReason.UNTERMINATED_QUOTE);
        if (regime == ScrubJob.Regime.OPT_OUT) {
            reasons.add(ScrubReason.OPPOSITION_LIST);
        } else {
            reasons.addAll(EnumSet.of(ScrubReason.NO_CONSENT, ScrubReason.CONSENT_EXPIRED,
                    ScrubReason.CONSENT_WITHDRAWN));
        }
        return reasons;
    }

    static Map<String, Long> counts(ScrubJob.Regime regime, Map<ScrubReason, Long> counted) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ScrubReason reason : ScrubReason.values()) {
            if (reasons(regime).contains(reason) || counted.getOrDefault(reason, 0L) > 0) {
                counts.put(reason.name(), counted.getOrDefault(reason, 0L));
            }
        }
        return counts;
    }

    static String note(ScrubJob job) {
        if (job.audit()) {
            return "Audit of a past campaign: the file was screened against the facts as they stood on "
                    + job.campaignDate() + " (" + (job.regime() == ScrubJob.Regime.OPT_OUT
                    ? "opposition list in force then" : "consents valid then") + "); it is not a cleaning for calls "
                    + "to come.";
        }
        return job.regime() == ScrubJob.Regime.OPT_OUT
                ? "Cleaned against the opposition list in force on the campaign date (RULES.md §8)."
                : "Opt-in regime: only numbers with a valid consent in scope of the purpose are kept (RULES.md §3).";
    }

    static ScrubJobReport of(ScrubJob job, ScrubReport report, Snapshot snapshot, Instant finishedAt) {
        DetectedFormat format = report.format();
        Format read = new Format(separatorName(format.separator()), format.charset() == null ? null
                : format.charset().name(), format.bom(), format.header(), format.column() + 1, format.columnName());
        List<Line> lines = report.rejections().stream().map(ScrubJobReport::line).toList();
        return new ScrubJobReport(job.id(), job.fileName(), job.campaignDate(), job.regime().name(), job.audit(),
                note(job), job.purpose(), job.validUntil(), read, report.rowsRead(), report.rowsKept(),
                report.rowsRejected(), report.emptyLines(), counts(job.regime(), report.rejectedByReason()), snapshot,
                job.createdAt(), finishedAt, report.rejectionsNotListed(), lines);
    }

    private static Line line(Rejection rejection) {
        return new Line(rejection.line(), rejection.reason().name(), rejection.number());
    }

    static String separatorName(char separator) {
        return switch (separator) {
            case '\t' -> "tab";
            case 0 -> null;
            default -> String.valueOf(separator);
        };
    }
}
