package fr.consenti.server.scrub;

import fr.consenti.core.scrub.ScrubException;
import fr.consenti.core.scrub.ScrubOptions;
import fr.consenti.core.scrub.ScrubReason;
import fr.consenti.core.scrub.ScrubReport;
import fr.consenti.core.scrub.Scrubber;
import fr.consenti.server.audit.AuditLog;
import jakarta.annotation.PreDestroy;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * File cleaning jobs: accepts an upload already on disk, queues it on this node's bounded worker pool, cleans it in
 * one pass with core's {@link Scrubber} (progress kept in memory and written to the row every second), meters it
 * against the plan, and keeps the result and the report until they expire. Nothing is left half-done: a job either
 * ends DONE with its result and report, or FAILED with a code and a message (the line, for a file that cannot be
 * read) and no result; a job that a stop or crash interrupted is failed by its node at the next start and can be
 * submitted again.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(ScrubSettings.class)
final class ScrubJobs {

    private static final Logger log = LoggerFactory.getLogger(ScrubJobs.class);
    /** How long a result stays valid after the campaign date (R223-6: a cleaned file is valid 30 days). */
    static final int VALID_DAYS = 30;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ScrubSettings settings;
    private final ScrubFiles files;
    private final Subscriptions subscriptions;
    private final EnumerationFlags flags;
    private final Screens screens;
    private final AuditLog audit;
    private final JsonMapper json;
    private final ThreadPoolExecutor workers;
    private final Map<UUID, AtomicLong> progress = new ConcurrentHashMap<>();

    ScrubJobs(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, ScrubSettings settings, ScrubFiles files,
              Subscriptions subscriptions, EnumerationFlags flags, Screens screens, AuditLog audit, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
        this.files = files;
        this.subscriptions = subscriptions;
        this.flags = flags;
        this.screens = screens;
        this.audit = audit;
        this.json = json;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queue()), runnable -> {
                    Thread thread = new Thread(runnable, "scrub-worker-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        recoverInterrupted();
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** The upload as the web layer stored it in a temporary file, which this takes over. */
    interface Upload {
        String fileName();

        long size();

        void moveTo(Path target) throws IOException;
    }

    /**
     * Checks the options, the subscription, the throttle and the quotas, then queues the job. Throws a problem
     * (400, 403, 429, 503) without queuing anything.
     */
    ScrubJob submit(long professionalId, String actor, Upload upload, String purpose, String at, String separator,
                    String encoding, String column) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Subscriptions.FRANCE);
        ScrubRequest request = ScrubRequest.parse(purpose, at, separator, encoding, column, today);
        if (upload == null || upload.size() == 0) {
            throw ScrubProblems.invalid("file", "the file is empty: send a call file (CSV) in the part named file");
        }
        ScrubJob.Regime regime = ScrubJob.regimeOn(request.campaignDate());
        if (regime == ScrubJob.Regime.OPT_IN) {
            checkPurpose(professionalId, request.purpose(), request.campaignDate());
        }
        UUID id = UUID.randomUUID();
        Path dir = files.createDir(id);
        try {
            upload.moveTo(files.upload(id));
            transactions.executeWithoutResult(status -> insert(id, professionalId, actor, upload, request, regime, now));
        } catch (IOException e) {
            files.deleteAll(id);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            files.deleteAll(id);
            throw e;
        }
        try {
            workers.execute(() -> run(id));
        } catch (RejectedExecutionException e) {
            fail(id, "SCRUB_BUSY", "The cleaning queue was full: submit the file again in a few minutes.", null);
            files.deleteAll(id);
            throw busy();
        }
        log.debug("Scrub job {} queued in {}", id, dir);
        return find(professionalId, id).orElseThrow();
    }

    private void checkPurpose(long professionalId, String purpose, LocalDate campaignDate) {
        if (purpose == null) {
            throw ScrubProblems.invalid("purpose", "required for a campaign from " + ScrubJob.OPT_IN_FROM
                    + " (opt-in regime): the purpose code the consents must cover");
        }
        boolean known = jdbc.sql("select count(*) from purpose where professional_id = ? and code = ?")
                .params(professionalId, purpose).query(Long.class).single() > 0;
        if (!known) {
            throw ScrubProblems.invalid("purpose", "not one of your purposes (GET /api/v1/purposes)");
        }
    }

    private void insert(UUID id, long professionalId, String actor, Upload upload, ScrubRequest request,
                        ScrubJob.Regime regime, Instant now) {
        subscriptions.lockProfessional(professionalId);
        Subscription subscription = subscriptions.current(professionalId).orElseThrow(() -> ScrubProblems.of(
                HttpStatus.FORBIDDEN, "NO_SUBSCRIPTION", "File cleaning needs a subscription in the professional's "
                        + "own name: POST /api/v1/subscriptions with one of GET /api/v1/plans."));
        flags.checkNotThrottled(professionalId);
        if (subscription.cleaningsLeft() == 0 || subscription.rowsLeft() == 0) {
            throw ScrubProblems.tooMany("PLAN_QUOTA_EXCEEDED", "The " + subscription.plan().name() + " plan allows "
                    + subscription.plan().cleaningsPerYear() + " cleanings and " + subscription.plan().numbersPerYear()
                    + " numbers a year; this year (until " + subscription.yearEnd() + ") "
                    + subscription.cleaningsUsed() + " cleanings and " + subscription.rowsUsed()
                    + " numbers are used. Change plan or wait for the next subscription year.",
                    Duration.between(now, subscription.yearEnd()));
        }
        if (workers.getQueue().remainingCapacity() == 0) {
            throw busy();
        }
        LocalDate today = LocalDate.ofInstant(now, Subscriptions.FRANCE);
        LocalDate date = request.campaignDate();
        Instant dayStart = date.atStartOfDay(Subscriptions.FRANCE).toInstant();
        Instant from = date.equals(today) ? now : dayStart;
        Instant to = date.plusDays(1).atStartOfDay(Subscriptions.FRANCE).toInstant();
        LocalDate validUntil = date.plusDays(VALID_DAYS);
        Instant validEnd = validUntil.plusDays(1).atStartOfDay(Subscriptions.FRANCE).toInstant();
        Instant expire = validEnd.isAfter(now.plus(Duration.ofDays(VALID_DAYS))) ? validEnd
                : now.plus(Duration.ofDays(VALID_DAYS));
        jdbc.sql("""
                        insert into scrub_job (id, professional_id, subscription_id, submitted_by, node, status, file_name,
                            purpose, campaign_date, regime, audit, screen_from, screen_to, valid_until, opt_separator,
                            opt_encoding, opt_column, upload_bytes, created_at, files_expire_at)
                        values (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, professionalId, subscription.id(), actor, settings.node(), fileName(upload.fileName()),
                        request.purpose(), date, regime.name(), date.isBefore(today), utc(from), utc(to), validUntil,
                        request.separator(), request.encoding(), request.column(), upload.size(), utc(now),
                        utc(expire))
                .update();
        audit.append(actor, "SCRUB_JOB_SUBMITTED", "scrub_job:" + id, "campaign=" + date + " regime=" + regime
                + " bytes=" + upload.size());
    }

    private static ErrorResponseBusy busy() {
        return new ErrorResponseBusy();
    }

    /** 503 SCRUB_BUSY with a Retry-After. */
    private static final class ErrorResponseBusy extends org.springframework.web.ErrorResponseException {
        ErrorResponseBusy() {
            super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
            getHeaders().set("Retry-After", "60");
        }

        private static org.springframework.http.ProblemDetail problem() {
            var problem = org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "Every file cleaning worker of this node is busy and its queue is full: try again in a minute.");
            problem.setProperty("code", "SCRUB_BUSY");
            return problem;
        }
    }

    private static String fileName(String name) {
        String base = name == null || name.isBlank() ? "calls.csv" : Path.of(name.replace('\\', '/')).getFileName()
                .toString();
        String cleaned = base.replaceAll("[\\p{Cntrl}\"]", "_");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }

    Optional<ScrubJob> find(long professionalId, UUID id) {
        return jdbc.sql("select * from scrub_job where id = ? and professional_id = ?").params(id, professionalId)
                .query(ScrubJob::map).optional();
    }

    List<ScrubJob> history(long professionalId, int limit) {
        return jdbc.sql("select * from scrub_job where professional_id = ? order by created_at desc fetch first "
                + limit + " rows only").param(professionalId).query(ScrubJob::map).list();
    }

    /** Bytes read so far: live from this node's worker, else what the row last said. */
    long bytesRead(ScrubJob job) {
        AtomicLong live = progress.get(job.id());
        return live != null ? live.get() : job.bytesRead();
    }

    /** Runs a queued job on this thread (a worker's). */
    void run(UUID id) {
        ScrubJob job = jdbc.sql("select * from scrub_job where id = ?").param(id).query(ScrubJob::map).optional()
                .orElse(null);
        if (job == null || job.status() != ScrubJob.Status.QUEUED) {
            return;
        }
        int started = jdbc.sql("update scrub_job set status = 'RUNNING', started_at = ? where id = ? and status = 'QUEUED'")
                .params(utc(clock.instant()), id).update();
        if (started == 0) {
            return;
        }
        AtomicLong bytes = new AtomicLong();
        progress.put(id, bytes);
        Path upload = files.upload(id);
        Path partial = files.dir(id).resolve("result.partial");
        try {
            Screens.Built built = screens.build(job);
            ScrubReportWriter persisted = new ScrubReportWriter(id, bytes);
            ScrubOptions options = ScrubOptions.defaults()
                    .withSeparator(ScrubRequest.separatorChar(job.separator()))
                    .withCharset(ScrubRequest.charset(job.encoding()))
                    .withColumn(ScrubRequest.columnSpec(job.column()))
                    .withMaxRejectionsKept(settings.maxRejectionsListed())
                    .withPipelined(settings.pipelined())
                    .withProgress(persisted);
            ScrubReport report;
            try (InputStream in = Files.newInputStream(upload);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                report = new Scrubber(built.screen(), options).scrub(in, out);
            }
            finish(job, built, report, partial);
        } catch (ScrubException e) {
            fail(id, "FILE_UNREADABLE", e.getMessage(), e.line() > 0 ? e.line() : null);
        } catch (InterruptedIOException | UncheckedIOException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof InterruptedIOException) {
                fail(id, "INTERRUPTED", "The cleaning was interrupted (the server stopped): submit the file again.",
                        null);
            } else {
                log.error("Scrub job {} failed", id, e);
                fail(id, "INTERNAL_ERROR", "The cleaning failed unexpectedly; it has been logged. Submit the file "
                        + "again.", null);
            }
        } catch (Exception e) {
            log.error("Scrub job {} failed", id, e);
            fail(id, "INTERNAL_ERROR", "The cleaning failed unexpectedly; it has been logged. Submit the file again.",
                    null);
        } finally {
            progress.remove(id);
            files.deleteQuietly(upload);
            files.deleteQuietly(partial);
        }
    }

    /** Writes the bytes read to the job's row at most once a second, for other nodes and after the job. */
    private final class ScrubReportWriter implements java.util.function.LongConsumer {
        private final UUID id;
        private final AtomicLong bytes;
        private long lastWrite = System.nanoTime();

        ScrubReportWriter(UUID id, AtomicLong bytes) {
            this.id = id;
            this.bytes = bytes;
        }

        @Override
        public void accept(long read) {
            bytes.set(read);
            long now = System.nanoTime();
            if (now - lastWrite > 1_000_000_000L) {
                lastWrite = now;
                jdbc.sql("update scrub_job set bytes_read = ? where id = ?").params(read, id).update();
            }
        }
    }

    private void finish(ScrubJob job, Screens.Built built, ScrubReport report, Path partial) throws IOException {
        UUID id = job.id();
        Instant now = clock.instant();
        long sequential = built.watch().sequentialRows();
        if (sequential >= settings.sequentialRows()) {
            transactions.executeWithoutResult(status -> {
                meter(id, report.rowsRead(), now);
                flags.flag(job.professionalId(), id, EnumerationFlags.Kind.SEQUENTIAL, sequential + " of "
                        + report.rowsRead() + " rows in sequential runs of " + settings.sequentialRun()
                        + " numbers or more");
            });
            fail(id, "ENUMERATION_SUSPECTED", "The file looks like an enumeration of number ranges (" + sequential
                    + " rows in sequential runs), not a call file: no result is given and the registry operator was "
                    + "told.", null);
            return;
        }
        boolean overQuota = Boolean.TRUE.equals(transactions.execute(status -> {
            subscriptions.lockProfessional(job.professionalId());
            Subscription subscription = subscriptions.current(job.professionalId()).orElse(null);
            long left = subscription == null ? 0 : subscription.rowsLeft();
            if (report.rowsRead() > left) {
                if (subscription != null
                        && report.rowsRead() >= settings.volumeFactor() * subscription.plan().numbersPerYear()) {
                    flags.flag(job.professionalId(), id, EnumerationFlags.Kind.VOLUME, report.rowsRead()
                            + " rows against a plan of " + subscription.plan().numbersPerYear() + " a year");
                }
                return true;
            }
            meter(id, report.rowsRead(), now);
            return false;
        }));
        if (overQuota) {
            fail(id, "PLAN_QUOTA_EXCEEDED", "The file holds " + report.rowsRead() + " rows, more than the numbers "
                    + "left in this year of the plan: no result is given and nothing is counted. Change plan or send "
                    + "a smaller file.", null);
            return;
        }
        ScrubJobReport.Snapshot snapshot = new ScrubJobReport.Snapshot(built.snapshotSequence(), built.snapshotAt(),
                job.screenFrom(), job.screenTo(), job.regime() == ScrubJob.Regime.OPT_OUT ? "OPPOSITION_LIST"
                : "CONSENTS", built.snapshotCount());
        ScrubJobReport written = ScrubJobReport.of(job, report, snapshot, now);
        Path reportFile = files.report(id);
        json.writeValue(reportFile.toFile(), written);
        Files.move(partial, files.result(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        var format = report.format();
        jdbc.sql("""
                        update scrub_job set status = 'DONE', bytes_read = ?, rows_read = ?, rows_kept = ?,
                            rows_rejected = ?, empty_lines = ?, counts = ?, rejections_not_listed = ?,
                            detected_separator = ?, detected_encoding = ?, detected_header = ?, detected_column = ?,
                            snapshot_sequence = ?, snapshot_at = ?, snapshot_count = ?, finished_at = ?
                        where id = ?""")
                .params(report.bytesRead(), report.rowsRead(), report.rowsKept(), report.rowsRejected(),
                        report.emptyLines(), ScrubJob.encodeCounts(report.rejectedByReason()),
                        report.rejectionsNotListed(), ScrubJobReport.separatorName(format.separator()),
                        format.charset() == null ? null : format.charset().name(), format.header(),
                        format.columnName() != null ? format.columnName() : Integer.toString(format.column() + 1),
                        built.snapshotSequence(), utc(built.snapshotAt()), built.snapshotCount(), utc(now), id)
                .update();
    }

    private void meter(UUID id, long rows, Instant now) {
        jdbc.sql("update scrub_job set metered_rows = ?, metered_at = ? where id = ?").params(rows, utc(now), id)
                .update();
    }

    private void fail(UUID id, String code, String message, Long line) {
        jdbc.sql("""
                        update scrub_job set status = 'FAILED', error_code = ?, error_message = ?, error_line = ?,
                            finished_at = ? where id = ? and status in ('QUEUED', 'RUNNING')""")
                .params(code, message.length() > 1000 ? message.substring(0, 1000) : message, line,
                        utc(clock.instant()), id)
                .update();
        files.deleteQuietly(files.result(id));
        files.deleteQuietly(files.report(id));
    }

    /** Fails the unfinished jobs this node owned: a stop or a crash interrupted them. Runs at start. */
    int recoverInterrupted() {
        List<UUID> orphans = jdbc.sql("select id from scrub_job where node = ? and status in ('QUEUED', 'RUNNING')")
                .param(settings.node()).query(UUID.class).list();
        for (UUID orphan : orphans) {
            fail(orphan, "INTERRUPTED", "The cleaning was interrupted by a restart of the server: submit the file "
                    + "again.", null);
            files.deleteAll(orphan);
        }
        if (!orphans.isEmpty()) {
            log.warn("Failed {} file cleaning jobs interrupted by the last stop of node {}", orphans.size(),
                    settings.node());
        }
        return orphans.size();
    }

    /** Deletes the files of jobs past their expiry (hourly by default). */
    @Scheduled(initialDelayString = "${consenti.scrub.purge-every:PT1H}",
            fixedDelayString = "${consenti.scrub.purge-every:PT1H}")
    void scheduledPurge() {
        int purged = purgeExpired();
        if (purged > 0) {
            log.info("Deleted the files of {} expired file cleaning jobs", purged);
        }
    }

    int purgeExpired() {
        Instant now = clock.instant();
        List<UUID> expired = jdbc.sql("""
                        select id from scrub_job where files_expire_at <= ? and files_deleted_at is null
                        and status in ('DONE', 'FAILED')""")
                .param(utc(now)).query(UUID.class).list();
        for (UUID id : expired) {
            files.deleteAll(id);
            jdbc.sql("update scrub_job set files_deleted_at = ? where id = ?").params(utc(now), id).update();
        }
        return expired.size();
    }

    Path resultFile(ScrubJob job) {
        return readable(job, files.result(job.id()));
    }

    Path reportFile(ScrubJob job) {
        return readable(job, files.report(job.id()));
    }

    private Path readable(ScrubJob job, Path file) {
        if (job.status() != ScrubJob.Status.DONE) {
            throw ScrubProblems.of(HttpStatus.CONFLICT, "SCRUB_JOB_NOT_DONE", job.status() == ScrubJob.Status.FAILED
                    ? "The job failed (" + job.errorCode() + "): it has no result." : "The job is " + job.status()
                    + ": its result is not ready yet.");
        }
        if (job.filesDeletedAt() != null || !Files.exists(file)) {
            throw ScrubProblems.of(HttpStatus.GONE, "SCRUB_RESULT_EXPIRED", "The result was deleted at the end of "
                    + "its validity (" + job.filesExpireAt() + "): clean the file again.");
        }
        return file;
    }

    ScrubJobReport report(ScrubJob job) {
        return json.readValue(reportFile(job).toFile(), ScrubJobReport.class);
    }

    static ScrubReason[] reasons() {
        return ScrubReason.values();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
