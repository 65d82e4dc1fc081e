package fr.consenti.server.calls;

import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Dialler")
final class CallController {

    private final CallService calls;
    private final Outcomes outcomes;
    private final NextAllowed nextAllowed;
    private final Diallers diallers;

    CallController(CallService calls, Outcomes outcomes, NextAllowed nextAllowed, Diallers diallers) {
        this.calls = calls;
        this.outcomes = outcomes;
        this.nextAllowed = nextAllowed;
        this.diallers = diallers;
    }

    @PostMapping(path = "/api/v1/calls", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The dialler is about to dial: decide now, and count the attempt when allowed",
            description = "The same decision as a check, at server time (no `at`). When allowed, the attempt is "
                    + "counted atomically against the cap of 4 per 30 days (across every node), and a call id and a "
                    + "signed screening receipt are returned and stored (201). A denial records nothing (200). "
                    + "Idempotency-Key: a retry with the same key and body returns the first answer and counts once.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ApiDocs.CheckBody.class))))
    @ApiResponse(responseCode = "201", description = "Allowed and counted",
            content = @Content(schema = @Schema(implementation = ApiDocs.CallAnswer.class)))
    @ApiResponse(responseCode = "200", description = "Denied (or a retry of an earlier request)")
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED")
    ResponseEntity<byte[]> call(@AuthenticationPrincipal ApiCaller caller, @RequestBody byte[] body,
                                @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String language) {
        CallService.Answer answer = calls.call(diallers.of(caller), body, key, DecisionJson.english(language));
        HttpStatus status = answer.allowed() ? HttpStatus.CREATED : HttpStatus.OK;
        // UTF-8 bytes as application/json, exactly as the fast lane answers the same call (CallLane).
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (answer.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(answer.json().getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping(path = "/api/v1/calls/{id}/outcome", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record what happened on a call",
            description = "NO_ANSWER, ANSWERED, REFUSED (starts the refusal cooldown), OBJECTION (permanent: the "
                    + "professional never calls the number again), CONSENT_WITHDRAWN (oral: every consent of the "
                    + "professional for the number is withdrawn), CONSENT_GIVEN (with recordingRef, purposes and the "
                    + "notice read; recorded as a RECORDED_CALL consent). One outcome per call: the same one again "
                    + "answers the first, another is refused with 409. Only the call's professional may post it.")
    @ApiResponse(responseCode = "201", description = "Recorded")
    @ApiResponse(responseCode = "200", description = "The same outcome was recorded before")
    @ApiResponse(responseCode = "404", description = "CALL_NOT_FOUND (or another professional's call)")
    @ApiResponse(responseCode = "409", description = "OUTCOME_ALREADY_RECORDED")
    ResponseEntity<Outcomes.Recorded> outcome(@AuthenticationPrincipal ApiCaller caller, @PathVariable UUID id,
                                              @RequestBody byte[] body) {
        Outcomes.Recorded recorded = outcomes.record(diallers.of(caller), id, body);
        return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK).body(recorded);
    }

    @GetMapping(path = "/api/v1/numbers/{number}/next-allowed", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The earliest instant this professional may call the number, or none, and why",
            description = "Judged now on this node's index for the given caller ID and purpose. nextAllowedAt is now "
                    + "when the call is allowed, a later instant when only time rules (days, hours, cap, cooldown) "
                    + "deny it, and null when another rule denies it (the reasons say which).")
    NextAllowed.Answer nextAllowed(@AuthenticationPrincipal ApiCaller caller,
                                   @Parameter(description = "The number, any usual French form") @PathVariable String number,
                                   @Parameter(description = "Caller ID presented, or HIDDEN") @RequestParam String callerId,
                                   @Parameter(description = "Purpose code of the call") @RequestParam String purpose,
                                   @RequestParam(required = false) String sector,
                                   @RequestParam(required = false) String departement,
                                   @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String language) {
        return nextAllowed.of(diallers.of(caller), new CheckInput(number, callerId, purpose, sector, null, departement,
                null, null), DecisionJson.english(language));
    }
}
