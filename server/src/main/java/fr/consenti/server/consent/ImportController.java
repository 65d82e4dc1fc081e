package fr.consenti.server.consent;

import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/consents/imports")
@Tag(name = "Consents")
final class ImportController {

    private static final String FORMAT = """
            UTF-8 CSV (a BOM is accepted), fields separated by semicolons, quoted with double quotes when they hold \
            a semicolon, a quote or a line break. The first line names the columns, in any order:

            - number (required): in any usual French form
            - purposes (required): purpose codes separated by commas
            - channel (required): WEB_FORM, PAPER, IN_PERSON, RECORDED_CALL or IMPORT
            - collected_at (required): ISO-8601 with offset, not in the future; the original collection time
            - notice_sha256 or notice (one required): the SHA-256 of a notice already stored, or the notice text
            - notice_language: of the notice text, fr by default
            - evidence_kind (required): FORM_SUBMISSION, CALL_RECORDING or DOCUMENT
            - evidence_ip, evidence_user_agent: for FORM_SUBMISSION
            - evidence_ref: the recording reference (CALL_RECORDING) or document reference (DOCUMENT)
            - evidence_at (required): form submission time, time of the "oui", or signature time
            - valid_until: by default and at most collected_at + consent.max-validity (P1Y)
            - third_parties: SIRENs separated by commas
            - person_ref, slot_date, slot_start, slot_end: optional

            Good lines are recorded (in batches of 1,000, each one transaction); every bad line is reported with its \
            line number (the header is line 1), the column at fault and why. Nothing of a bad line is recorded.""";

    private static final String EXAMPLE = """
            number;purposes;channel;collected_at;notice;evidence_kind;evidence_ip;evidence_user_agent;evidence_ref;evidence_at
            06 12 34 56 78;ENERGY_RENOVATION;WEB_FORM;2026-03-02T10:15:00+01:00;J'accepte d'être appelé…;FORM_SUBMISSION;203.0.113.7;"Mozilla/5.0 (X11; Linux x86_64)";;2026-03-02T10:15:00+01:00
            0698765432;ENERGY_RENOVATION;RECORDED_CALL;2026-04-10T11:02:00+02:00;J'accepte d'être appelé…;CALL_RECORDING;;;rec-2026-04-10-0042;2026-04-10T11:02:31+02:00
            """;

    private final ConsentImports imports;

    ImportController(ConsentImports imports) {
        this.imports = imports;
    }

    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "Import consents in bulk from a CSV body", description = FORMAT,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "text/csv", schema = @Schema(type = "string"),
                    examples = @ExampleObject(value = EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "The report: accepted, rejected, errors[{line, field, message}]")
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: the header is wrong; nothing was recorded")
    ConsentImports.Report importBody(@AuthenticationPrincipal ApiCaller caller, InputStream body) {
        ConsentService.requireOwnKey(caller);
        return imports.importCsv(caller.professionalId(), reader(body));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import consents in bulk from an uploaded CSV file (part \"file\")", description = FORMAT)
    ConsentImports.Report importFile(@AuthenticationPrincipal ApiCaller caller, @RequestPart("file") MultipartFile file)
            throws IOException {
        ConsentService.requireOwnKey(caller);
        try (InputStream in = file.getInputStream()) {
            return imports.importCsv(caller.professionalId(), reader(in));
        }
    }

    private static Reader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
