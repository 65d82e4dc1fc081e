package fr.consenti.server.scrub;

import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "File cleaning")
final class SubscriptionController {

    private final Subscriptions subscriptions;

    SubscriptionController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    record SubscribeRequest(String plan) {
    }

    /** A subscription with its usage in the current subscription year. */
    record SubscriptionView(String plan, String planName, long numbersPerYear, int cleaningsPerYear, Instant startedAt,
                            Instant yearStart, Instant yearEnd, long numbersUsed, long cleaningsUsed,
                            long numbersLeft, long cleaningsLeft) {

        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.plan().code(), s.plan().name(), s.plan().numbersPerYear(),
                    s.plan().cleaningsPerYear(), s.startedAt(), s.yearStart(), s.yearEnd(), s.rowsUsed(),
                    s.cleaningsUsed(), s.rowsLeft(), s.cleaningsLeft());
        }
    }

    @GetMapping("/api/v1/plans")
    @Operation(summary = "The plans: numbers and cleanings per subscription year")
    List<Plan> plans() {
        return subscriptions.plans();
    }

    @PostMapping("/api/v1/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Subscribe the professional to a plan (or change plan)",
            description = "In the professional's own name only: a call centre's key acting under a delegation is "
                    + "refused (403 DELEGATION_CANNOT_SUBSCRIBE). A change of plan starts a new subscription year.")
    @ApiResponse(responseCode = "201", description = "Subscribed")
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: unknown plan")
    @ApiResponse(responseCode = "403", description = "DELEGATION_CANNOT_SUBSCRIBE")
    SubscriptionView subscribe(@AuthenticationPrincipal ApiCaller caller, @RequestBody SubscribeRequest request) {
        return SubscriptionView.of(subscriptions.subscribe(caller, request == null ? null : request.plan()));
    }

    @GetMapping("/api/v1/subscriptions/current")
    @Operation(summary = "The current subscription and its usage this year")
    @ApiResponse(responseCode = "404", description = "NO_SUBSCRIPTION")
    SubscriptionView current(@AuthenticationPrincipal ApiCaller caller) {
        return subscriptions.current(caller.professionalId()).map(SubscriptionView::of)
                .orElseThrow(() -> ScrubProblems.of(HttpStatus.NOT_FOUND, "NO_SUBSCRIPTION",
                        "No current subscription: POST /api/v1/subscriptions."));
    }
}
