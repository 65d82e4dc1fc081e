package fr.consenti.server.calls;

import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Dialler", description = "May I call this number now? Checks, calls, outcomes, objections (RULES.md §12).")
final class CheckController {

    private final Checks checks;
    private final Diallers diallers;

    CheckController(Checks checks, Diallers diallers) {
        this.checks = checks;
        this.diallers = diallers;
    }

    @PostMapping(path = "/api/v1/checks", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Check one number, or a batch of up to 10,000",
            description = "A pure decision on this node's screening index, for the key's professional: no side "
                    + "effect, nothing recorded. Body: one check {number, callerId, purpose, sector?, at?, "
                    + "departement?, ongoingContract?, b2b?} or {\"checks\": [...]}. With `at` the decision is about "
                    + "that instant and says simulated: true (it proves nothing). A batch answers {\"results\": [...]} "
                    + "in order; in a batch an unparseable number is a DENY with NUMBER_INVALID, alone it is a 400.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ApiDocs.CheckBody.class))))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ApiDocs.CheckAnswer.class)))
    @ApiResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED (errors name each field)")
    @ApiResponse(responseCode = "413", description = "BATCH_TOO_LARGE: more than 10,000 checks")
    byte[] check(@AuthenticationPrincipal ApiCaller caller, @RequestBody byte[] body,
                 @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String language) {
        ByteBuffer answer = checks.check(diallers.of(caller), body, DecisionJson.english(language));
        return Arrays.copyOfRange(answer.array(), answer.arrayOffset() + answer.position(),
                answer.arrayOffset() + answer.limit());
    }
}
