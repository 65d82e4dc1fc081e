package fr.consenti.server.calls;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Shapes for the OpenAPI document only: the dialler endpoints read and write their JSON by hand. */
final class ApiDocs {

    private ApiDocs() {
    }

    @Schema(description = "One check (or call). Unknown fields are refused.")
    record CheckBody(
            @Schema(description = "The number to call, any usual French form", example = "06 12 34 56 78") String number,
            @Schema(description = "The number presented to the callee (an NPV number), or HIDDEN", example = "0162000000")
            String callerId,
            @Schema(description = "Purpose code, matched against consents' scope", example = "ENERGY") String purpose,
            @Schema(description = "Sector (RULES.md §7); OTHER by default",
                    allowableValues = {"ENERGY_RENOVATION", "AGEING_ADAPTATION", "CPF_TRAINING", "PRESS", "POLLING",
                            "NON_PROFIT", "OTHER"}) String sector,
            @Schema(description = "Checks only: judge at this instant instead of now (simulated)",
                    example = "2026-09-01T10:15:00+02:00") String at,
            @Schema(description = "The callee's département from their address, wins over the number", example = "57")
            String departement,
            @Schema(description = "The call is within an ongoing contract, about its object") Boolean ongoingContract,
            @Schema(description = "The line belongs to a business, called for its trade") Boolean b2b) {
    }

    record Reason(@Schema(example = "OUTSIDE_HOURS") String code, String legalRef, String message) {
    }

    @Schema(description = "A decision. A batch answers {\"results\": [decision, ...]}.")
    record CheckAnswer(@Schema(example = "+33612345678") String e164,
                       @Schema(allowableValues = {"ALLOW", "DENY"}) String verdict,
                       @Schema(description = "Legal basis when allowed") String basis,
                       List<Reason> reasons,
                       @Schema(description = "When only time rules deny: the first instant the call is allowed")
                       Instant nextAllowedAt,
                       String ruleSetVersion,
                       boolean simulated) {
    }

    @Schema(description = "A call's answer: the decision, and when allowed the call id and the signed screening "
            + "receipt (compact JWS, EdDSA; key at /.well-known/consenti-keys.json).")
    record CallAnswer(UUID callId, Instant serverTime, long feedPosition, String receipt, String e164, String verdict,
                      String basis, List<Reason> reasons, Instant nextAllowedAt, String ruleSetVersion,
                      boolean simulated) {
    }
}
