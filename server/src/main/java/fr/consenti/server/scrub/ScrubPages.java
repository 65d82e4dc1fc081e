package fr.consenti.server.scrub;

import fr.consenti.server.accounts.SignedInPerson;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The professional's file cleaning pages: upload with a live progress bar (htmx polls the job's status fragment),
 * the history of cleanings, each report with its counts per reason as a chart and its rejected lines as a table,
 * and the subscription with its usage. Another professional's job is answered as not found.
 */
@Controller
final class ScrubPages {

    static final int PAGE_SIZE = 50;

    private final ScrubJobs jobs;
    private final Subscriptions subscriptions;
    private final JdbcClient jdbc;
    private final java.time.Clock clock;

    ScrubPages(ScrubJobs jobs, Subscriptions subscriptions, JdbcClient jdbc, java.time.Clock clock) {
        this.jobs = jobs;
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/pro/scrub")
    String upload(@AuthenticationPrincipal SignedInPerson person, Model model) {
        long professional = person.professionalId();
        model.addAttribute("subscription", subscriptions.current(professional).orElse(null));
        model.addAttribute("history", jobs.history(professional, 100));
        model.addAttribute("purposes", jdbc.sql("select code from purpose where professional_id = ? order by id")
                .param(professional).query(String.class).list());
        model.addAttribute("today", LocalDate.ofInstant(clock.instant(), Subscriptions.FRANCE));
        return "pro-scrub";
    }

    @PostMapping("/pro/scrub")
    String submit(@AuthenticationPrincipal SignedInPerson person,
                  @RequestParam(value = "file", required = false) MultipartFile file,
                  @RequestParam(required = false) String purpose, @RequestParam(required = false) String at,
                  @RequestParam(required = false) String separator, @RequestParam(required = false) String encoding,
                  @RequestParam(required = false) String column,
                  @RequestHeader(value = "HX-Request", required = false) String htmx,
                  Model model, HttpServletResponse response) {
        ScrubJob job;
        try {
            job = jobs.submit(person.professionalId(), "person:" + person.personId(),
                    MultipartUpload.of(file), purpose, at, separator, encoding, column);
        } catch (ErrorResponseException refused) {
            model.addAttribute("problem", refused.getBody());
            if (htmx != null) {
                // htmx swaps only successful answers: the refusal is the fragment's content.
                return "pro-scrub :: refused";
            }
            response.setStatus(refused.getStatusCode().value());
            return upload(person, model);
        }
        if (htmx != null) {
            model.addAttribute("job", job);
            model.addAttribute("bytesRead", 0L);
            return "pro-scrub-job :: status";
        }
        return "redirect:/pro/scrub/" + job.id();
    }

    @GetMapping("/pro/scrub/{id}")
    String job(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id,
               @RequestParam(defaultValue = "1") int page, Model model) {
        ScrubJob job = own(person, id);
        model.addAttribute("job", job);
        model.addAttribute("bytesRead", jobs.bytesRead(job));
        if (job.status() == ScrubJob.Status.DONE && job.filesDeletedAt() == null) {
            ScrubJobReport report = jobs.report(job);
            model.addAttribute("report", report);
            model.addAttribute("chart", ScrubChart.of(report.rowsKept(), report.counts()));
            int pages = Math.max(1, (report.rejections().size() + PAGE_SIZE - 1) / PAGE_SIZE);
            int current = Math.min(Math.max(1, page), pages);
            List<ScrubJobReport.Line> lines = report.rejections().subList((current - 1) * PAGE_SIZE,
                    Math.min(report.rejections().size(), current * PAGE_SIZE));
            model.addAttribute("lines", lines);
            model.addAttribute("page", current);
            model.addAttribute("pages", pages);
        }
        return "pro-scrub-job";
    }

    /** The status fragment htmx polls; once the job has ended it sends the browser to the full report. */
    @GetMapping("/pro/scrub/{id}/status")
    String status(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id, Model model,
                  HttpServletResponse response) {
        ScrubJob job = own(person, id);
        model.addAttribute("job", job);
        model.addAttribute("bytesRead", jobs.bytesRead(job));
        if (job.finished()) {
            response.setHeader("HX-Redirect", "/pro/scrub/" + id);
        }
        return "pro-scrub-job :: status";
    }

    @GetMapping("/pro/scrub/{id}/result")
    ResponseEntity<Resource> result(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id) {
        ScrubJob job = own(person, id);
        return ScrubJobController.download(jobs.resultFile(job), ScrubJobController.cleanedName(job.fileName()),
                "text/csv");
    }

    @GetMapping("/pro/scrub/{id}/report.json")
    ResponseEntity<Resource> report(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id) {
        ScrubJob job = own(person, id);
        return ScrubJobController.download(jobs.reportFile(job), "rapport-" + id + ".json",
                MediaType.APPLICATION_JSON_VALUE);
    }

    @GetMapping("/pro/subscription")
    String subscription(@AuthenticationPrincipal SignedInPerson person, Model model) {
        model.addAttribute("subscription", subscriptions.current(person.professionalId()).orElse(null));
        model.addAttribute("plans", subscriptions.plans());
        return "pro-subscription";
    }

    @PostMapping("/pro/subscription")
    String subscribe(@AuthenticationPrincipal SignedInPerson person, @RequestParam(required = false) String plan,
                     Model model, HttpServletResponse response) {
        try {
            subscriptions.subscribe(person.professionalId(), plan, "person:" + person.personId());
        } catch (ErrorResponseException refused) {
            model.addAttribute("problem", refused.getBody());
            response.setStatus(refused.getStatusCode().value());
            return subscription(person, model);
        }
        return "redirect:/pro/subscription";
    }

    private ScrubJob own(SignedInPerson person, UUID id) {
        return jobs.find(person.professionalId(), id)
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND));
    }
}
