package fr.consenti.core.scrub;

import java.util.List;
import java.util.Map;

/**
 * What a file cleaning did: the format it read, rows read, kept and removed, the count for each reason, and the
 * first rejected lines ({@link #rejectionsNotListed()} more were counted but not listed).
 *
 * @param rowsRead data records read: neither the header nor empty lines
 */
public record ScrubReport(DetectedFormat format, long rowsRead, long rowsKept, long rowsRejected, long emptyLines,
                          Map<ScrubReason, Long> rejectedByReason, List<Rejection> rejections,
                          long rejectionsNotListed, long bytesRead) {

    public ScrubReport {
        rejectedByReason = Map.copyOf(rejectedByReason);
        rejections = List.copyOf(rejections);
    }

    /** Rows removed for this reason. */
    public long count(ScrubReason reason) {
        return rejectedByReason.getOrDefault(reason, 0L);
    }
}
