package fr.consenti.server.scrub;

import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/scrub-jobs")
@Tag(name = "File cleaning", description = "Clean a call file before a campaign (RULES.md §8): opposition list in the "
        + "opt-out regime, consents in the opt-in regime, objections and uncallable numbers in both. The list itself "
        + "never leaves the registry.")
final class ScrubJobController {

    private final ScrubJobs jobs;

    ScrubJobController(ScrubJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Submit a call file for cleaning",
            description = "The file (part \"file\"): CSV separated by ';', ',' or tab, UTF-8 or Windows-1252, with "
                    + "or without BOM and header, up to 20 million rows. It is streamed to disk, then cleaned in one "
                    + "pass. Answers 202 with the job; follow its Location for progress.")
    @ApiResponse(responseCode = "202", description = "Accepted: the job is queued")
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: an option or the file (errors name each)")
    @ApiResponse(responseCode = "403", description = "NO_SUBSCRIPTION")
    @ApiResponse(responseCode = "429", description = "PLAN_QUOTA_EXCEEDED or ENUMERATION_THROTTLED, with Retry-After")
    @ApiResponse(responseCode = "503", description = "SCRUB_BUSY: the queue is full, with Retry-After")
    ResponseEntity<ScrubJobView> submit(@AuthenticationPrincipal ApiCaller caller,
            @RequestPart(value = "file", required = false) MultipartFile file,
            @Parameter(description = "The purpose code consents must cover (required from 2026-08-11)")
            @RequestParam(required = false) String purpose,
            @Parameter(description = "Campaign date, yyyy-MM-dd; today in Paris by default. A past date audits a "
                    + "past campaign.") @RequestParam(required = false) String at,
            @Parameter(description = "';', ',' or 'tab'; detected by default") @RequestParam(required = false)
            String separator,
            @Parameter(description = "UTF-8 or windows-1252; detected by default") @RequestParam(required = false)
            String encoding,
            @Parameter(description = "The phone column: its header, or its position from 1; found by default")
            @RequestParam(required = false) String column) {
        ScrubJob job = jobs.submit(caller.professionalId(), "api-key:" + caller.apiKeyId(), MultipartUpload.of(file),
                purpose, at, separator, encoding, column);
        return ResponseEntity.accepted().location(URI.create("/api/v1/scrub-jobs/" + job.id()))
                .body(ScrubJobView.of(job, 0));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job's status, progress and counts")
    @ApiResponse(responseCode = "404", description = "SCRUB_JOB_NOT_FOUND (also for another professional's job)")
    ScrubJobView status(@AuthenticationPrincipal ApiCaller caller, @PathVariable UUID id) {
        ScrubJob job = jobs.find(caller.professionalId(), id).orElseThrow(ScrubProblems::jobNotFound);
        return ScrubJobView.of(job, jobs.bytesRead(job));
    }

    @GetMapping("/{id}/result")
    @Operation(summary = "The cleaned file: the same columns in the same order, only the rows that may be called")
    @ApiResponse(responseCode = "409", description = "SCRUB_JOB_NOT_DONE")
    @ApiResponse(responseCode = "410", description = "SCRUB_RESULT_EXPIRED")
    ResponseEntity<Resource> result(@AuthenticationPrincipal ApiCaller caller, @PathVariable UUID id) {
        ScrubJob job = jobs.find(caller.professionalId(), id).orElseThrow(ScrubProblems::jobNotFound);
        return download(jobs.resultFile(job), cleanedName(job.fileName()), "text/csv");
    }

    @GetMapping(value = "/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The report: counts per reason, rejected lines with their line numbers, the snapshot used "
            + "and the validity of the result")
    ResponseEntity<Resource> report(@AuthenticationPrincipal ApiCaller caller, @PathVariable UUID id) {
        ScrubJob job = jobs.find(caller.professionalId(), id).orElseThrow(ScrubProblems::jobNotFound);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new FileSystemResource(jobs.reportFile(job)));
    }

    static ResponseEntity<Resource> download(java.nio.file.Path file, String name, String type) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name, java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .contentType(MediaType.parseMediaType(type))
                .body(new FileSystemResource(file));
    }

    static String cleanedName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return (dot > 0 ? fileName.substring(0, dot) : fileName) + "-nettoye.csv";
    }
}
