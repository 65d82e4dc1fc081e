package fr.consenti.server.consent;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/consents")
@Tag(name = "Consents", description = "The consent ledger: record, withdraw, list and prove consents (RULES.md §3).")
final class ConsentController {

    private final ConsentService consents;
    private final ProofBundles proofs;

    ConsentController(ConsentService consents, ProofBundles proofs) {
        this.consents = consents;
        this.proofs = proofs;
    }

    @Schema(description = "A consent recorded, with its signed receipt (compact JWS, EdDSA; key at "
            + "/.well-known/consenti-keys.json).")
    record Created(UUID id, String e164, Instant validFrom, Instant validUntil, String receipt) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a consent",
            description = "Appends a GIVEN event to the hash-chained ledger and returns the signed receipt. "
                    + "A past collectedAt imports a consent collected before adopting Consenti; its validity counts "
                    + "from that time and never exceeds consent.max-validity (P1Y).")
    @ApiResponse(responseCode = "201", description = "Recorded")
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: errors name each field")
    Created give(@AuthenticationPrincipal ApiCaller caller, @RequestBody ConsentRequest request) {
        ConsentService.Recorded recorded = consents.give(caller, request);
        return new Created(recorded.id(), recorded.e164(), recorded.validFrom(), recorded.validUntil(),
                recorded.receipt());
    }

    record WithdrawalRequest(
            @Schema(description = "How the consumer withdrew.", example = "PHONE_CALL",
                    allowableValues = {"WEB_FORM", "PAPER", "IN_PERSON", "RECORDED_CALL", "PHONE_CALL", "EMAIL",
                            "API", "CONSUMER_WALLET"})
            String channel,
            @Schema(description = "When the consumer withdrew (never in the future); now by default.")
            String at) {
    }

    record Withdrawn(UUID id, String status, Instant withdrawnAt) {
    }

    @PostMapping("/{id}/withdrawal")
    @Operation(summary = "Withdraw a consent",
            description = "Effective at once (or at the past time given). Idempotent: a second request answers the "
                    + "first withdrawal. 404 for a consent that is not the caller's.")
    @ApiResponse(responseCode = "200", description = "Withdrawn")
    @ApiResponse(responseCode = "404", description = "CONSENT_NOT_FOUND")
    Withdrawn withdraw(@AuthenticationPrincipal ApiCaller caller, @PathVariable UUID id,
                       @RequestBody(required = false) WithdrawalRequest request) {
        consents.requireVisible(caller, id);
        WithdrawalRequest body = request == null ? new WithdrawalRequest("API", null) : request;
        ConsentLedger.Withdrawal withdrawal = consents.withdraw(caller.professionalId(), id,
                body.channel() == null ? "API" : body.channel(), body.at());
        return new Withdrawn(withdrawal.consentId(), "WITHDRAWN", withdrawal.withdrawnAt());
    }

    record Listed(String e164, List<ConsentService.Summary> consents) {
    }

    @GetMapping
    @Operation(summary = "List the caller's consents for a number",
            description = "Status is computed at the request's time: ACTIVE, EXPIRED or WITHDRAWN.")
    Listed list(@AuthenticationPrincipal ApiCaller caller,
                @Parameter(description = "The number, in any usual French form") @RequestParam String number) {
        return switch (NumberParser.parse(number)) {
            case NumberError e -> throw Problems.validation(List.of(new Problems.FieldProblem("number", e.message())));
            case FrenchNumber n -> new Listed(n.e164(), consents.forNumber(caller, n.e164()));
        };
    }

    @GetMapping("/{id}/proof")
    @Operation(summary = "The proof bundle of one consent, for an inspector",
            description = "The record, the notice text, the evidence, every ledger event with its chain position, "
                    + "the signed receipt and the id of the key that signed it.")
    @ApiResponse(responseCode = "404", description = "CONSENT_NOT_FOUND")
    ProofBundles.Bundle proof(@AuthenticationPrincipal ApiCaller caller, @PathVariable UUID id) {
        consents.requireVisible(caller, id);
        return proofs.bundle(caller.professionalId(), id);
    }
}
