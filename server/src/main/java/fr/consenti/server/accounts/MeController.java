package fr.consenti.server.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who an API key acts for: the first call to make with a new key, to see that it works and for whom. */
@RestController
@Tag(name = "Accounts")
final class MeController {

    /** The caller of an API request as its key says. */
    record Me(long professionalId, String siren, String name, Long delegationId, long apiKeyId) {
    }

    private final Professionals professionals;

    MeController(Professionals professionals) {
        this.professionals = professionals;
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The professional (and delegation) this API key acts for")
    Me me(@AuthenticationPrincipal ApiCaller caller) {
        Professional professional = professionals.findById(caller.professionalId()).orElseThrow();
        return new Me(professional.id(), professional.siren().value(), professional.name(), caller.delegationId(),
                caller.apiKeyId());
    }
}
