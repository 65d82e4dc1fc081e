package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Objections", description = "Permanent do-not-contact entries of a professional (RULES.md §4). "
        + "They cannot be removed through the API.")
final class ObjectionController {

    private final Objections objections;
    private final java.time.Clock clock;

    ObjectionController(Objections objections, java.time.Clock clock) {
        this.objections = objections;
        this.clock = clock;
    }

    record ObjectionRequest(String number, String objectedAt) {
    }

    record Created(long id, String e164, Instant objectedAt, Instant recordedAt, String source, boolean created) {
    }

    @PostMapping(path = "/api/v1/objections", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record an objection for one number",
            description = "The consumer told the professional never to call again. Permanent; a second objection "
                    + "for the same number answers the first (200).")
    @ApiResponse(responseCode = "201", description = "Recorded")
    @ApiResponse(responseCode = "200", description = "Already recorded: the first one, unchanged")
    ResponseEntity<Created> record(@AuthenticationPrincipal ApiCaller caller, @RequestBody ObjectionRequest request) {
        if (request.number() == null) {
            throw CallProblems.validation(List.of(new CallProblems.FieldProblem("number", "is required")));
        }
        FrenchNumber number = switch (NumberParser.parse(request.number())) {
            case NumberError e -> throw CallProblems.validation(List.of(new CallProblems.FieldProblem("number",
                    e.message())));
            case FrenchNumber n -> n;
        };
        Instant at = null;
        if (request.objectedAt() != null) {
            try {
                at = OffsetDateTime.parse(request.objectedAt().strip()).toInstant();
            } catch (DateTimeException e) {
                throw CallProblems.validation(List.of(new CallProblems.FieldProblem("objectedAt",
                        "must be an ISO-8601 time with its offset, such as 2026-09-01T10:15:00+02:00")));
            }
            if (at.isAfter(clock.instant())) {
                throw CallProblems.validation(List.of(new CallProblems.FieldProblem("objectedAt",
                        "must not be in the future")));
            }
        }
        Objections.Recorded recorded = objections.record(caller.professionalId(), number, at, "API", null);
        Objections.Objection o = recorded.objection();
        return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new Created(o.id(), o.e164(), o.objectedAt(), o.recordedAt(), o.source(), recorded.created()));
    }

    @PostMapping(path = "/api/v1/objections/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "Import objections from a CSV file",
            description = "Header: number[,objected_at] (comma or semicolon). Good lines are recorded; each bad line "
                    + "is reported with its line number (the header is line 1). Numbers already objected stay as "
                    + "they were.")
    Objections.ImportReport importCsv(@AuthenticationPrincipal ApiCaller caller, HttpServletRequest request)
            throws IOException {
        return objections.importCsv(caller.professionalId(),
                new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
    }

    record Page(List<Objections.Objection> objections, Long nextAfter) {
    }

    @GetMapping(path = "/api/v1/objections", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the professional's objections",
            description = "In the order recorded, up to `limit` (at most 1,000) after the id `after`; nextAfter is "
                    + "the id to pass for the next page, null on the last.")
    Page list(@AuthenticationPrincipal ApiCaller caller, @RequestParam(defaultValue = "0") long after,
              @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1_000) {
            throw CallProblems.validation(List.of(new CallProblems.FieldProblem("limit", "must be 1 to 1000")));
        }
        List<Objections.Objection> page = objections.list(caller.professionalId(), after, limit);
        return new Page(page, page.size() == limit ? page.getLast().id() : null);
    }

    @GetMapping(path = "/api/v1/objections/export", produces = "text/csv")
    @Operation(summary = "Export every objection of the professional as CSV",
            description = "Columns: e164, objected_at, recorded_at, source, call_id.")
    void export(@AuthenticationPrincipal ApiCaller caller, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"objections.csv\"");
        objections.export(caller.professionalId(),
                new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }
}
