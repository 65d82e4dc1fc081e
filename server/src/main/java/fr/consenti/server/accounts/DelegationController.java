package fr.consenti.server.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Delegations through the API: the professional's own key grants, lists and revokes them; a key acting under a
 * delegation sees that delegation only and changes nothing.
 */
@RestController
@RequestMapping("/api/v1/delegations")
@Tag(name = "Delegations", description = "A professional lets a call centre act for it, for some purposes, for a "
        + "time, until revoked (RULES.md §1).")
final class DelegationController {

    private final Delegations delegations;
    private final Clock clock;

    DelegationController(Delegations delegations, Clock clock) {
        this.delegations = delegations;
        this.clock = clock;
    }

    @Schema(description = "A delegation. purposes is null when it covers every purpose of the professional.")
    record View(long id, String callCentreSiren, String callCentreName, List<String> purposes, boolean allPurposes,
                Instant validFrom, Instant validUntil, Instant createdAt, Instant revokedAt, String status) {

        static View of(Delegation d, Instant now) {
            return new View(d.id(), d.callCentreSiren(), d.callCentreName(), d.purposes(), d.allPurposes(),
                    d.validFrom(), d.validUntil(), d.createdAt(), d.revokedAt(), d.statusAt(now));
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Grant a delegation to a call centre",
            description = "callCentreSiren: a call centre registered with Consenti; purposes: codes of yours, or "
                    + "allPurposes true; validFrom (now by default, never in the past); validUntil (optional).")
    @ApiResponse(responseCode = "201", description = "Granted")
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: errors name each field")
    @ApiResponse(responseCode = "403", description = "A key acting under a delegation cannot grant one")
    View grant(@AuthenticationPrincipal ApiCaller caller, @RequestBody Delegations.Grant grant) {
        requireOwnKey(caller);
        Delegation granted = delegations.grant(caller.professionalId(), grant, "api-key:" + caller.apiKeyId());
        return View.of(granted, clock.instant());
    }

    @GetMapping
    @Operation(summary = "The delegations the professional granted (a delegation key: its own delegation only)")
    List<View> list(@AuthenticationPrincipal ApiCaller caller) {
        Instant now = clock.instant();
        if (caller.delegationId() != null) {
            return delegations.find(caller.delegationId()).stream().map(d -> View.of(d, now)).toList();
        }
        return delegations.ofProfessional(caller.professionalId()).stream().map(d -> View.of(d, now)).toList();
    }

    @PostMapping("/{id}/revocation")
    @Operation(summary = "Revoke a delegation, at once",
            description = "Every key scoped to it stops on the next request, on every node. Idempotent. 404 for a "
                    + "delegation that is not the caller's.")
    @ApiResponse(responseCode = "404", description = "DELEGATION_NOT_FOUND")
    View revoke(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        requireOwnKey(caller);
        if (!delegations.revoke(caller.professionalId(), id, "api-key:" + caller.apiKeyId())) {
            throw AccountProblems.delegationNotFound();
        }
        return View.of(delegations.find(id).orElseThrow(), clock.instant());
    }

    private static void requireOwnKey(ApiCaller caller) {
        if (caller.delegationId() != null) {
            throw AccountProblems.professionalOnly();
        }
    }
}
