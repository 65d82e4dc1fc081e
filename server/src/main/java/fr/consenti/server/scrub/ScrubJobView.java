package fr.consenti.server.scrub;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * A job as {@code GET /api/v1/scrub-jobs/{id}} shows it: status, progress (bytes read of the upload, and their share
 * from 0 to 1), the counts once done, the error once failed.
 */
record ScrubJobView(UUID id, String status, String fileName, LocalDate campaignDate, String regime, boolean audit,
                    String purpose, double progress, long bytesRead, long bytesTotal, Long rowsRead, Long rowsKept,
                    Long rowsRejected, Map<String, Long> counts, LocalDate validUntil, Error error, Instant createdAt,
                    Instant finishedAt, Links links) {

    /** Why a job failed: a stable code, a message, and the line of the file when it is about one. */
    record Error(String code, String message, Long line) {
    }

    record Links(String self, String result, String report) {
    }

    static ScrubJobView of(ScrubJob job, long bytesRead) {
        boolean done = job.status() == ScrubJob.Status.DONE;
        double progress = done ? 1.0 : job.uploadBytes() == 0 ? 0 : Math.min(1.0, (double) bytesRead / job.uploadBytes());
        String self = "/api/v1/scrub-jobs/" + job.id();
        return new ScrubJobView(job.id(), job.status().name(), job.fileName(), job.campaignDate(), job.regime().name(),
                job.audit(), job.purpose(), Math.round(progress * 1000) / 1000.0, done ? job.uploadBytes() : bytesRead,
                job.uploadBytes(), job.rowsRead(), job.rowsKept(), job.rowsRejected(),
                done ? ScrubJobReport.counts(job.regime(), job.counts()) : null, job.validUntil(),
                job.status() == ScrubJob.Status.FAILED ? new Error(job.errorCode(), job.errorMessage(), job.errorLine())
                        : null,
                job.createdAt(), job.finishedAt(),
                new Links(self, done ? self + "/result" : null, done ? self + "/report" : null));
    }
}
