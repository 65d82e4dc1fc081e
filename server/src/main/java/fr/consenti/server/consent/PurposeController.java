package fr.consenti.server.consent;

import fr.consenti.server.accounts.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/purposes")
@Tag(name = "Purposes", description = "The purposes a consent's scope is made of.")
final class PurposeController {

    private final Purposes purposes;

    PurposeController(Purposes purposes) {
        this.purposes = purposes;
    }

    record PurposeRequest(
            @Schema(description = "A code of 1 to 40 characters among A-Z 0-9 _ -", example = "ENERGY_RENOVATION")
            String code,
            @Schema(description = "A label for people (1 to 200 characters)", example = "Rénovation énergétique")
            String label,
            @Schema(description = "The nature of the goods or services covered (RULES.md §3)",
                    example = "Isolation et pompes à chaleur pour les logements")
            String nature) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Define a purpose code",
            description = "Unique per professional and never redefined: past consents keep the scope they had.")
    @ApiResponse(responseCode = "201", description = "Defined")
    @ApiResponse(responseCode = "409", description = "PURPOSE_EXISTS")
    Purposes.Purpose define(@AuthenticationPrincipal ApiCaller caller, @RequestBody PurposeRequest request) {
        ConsentService.requireOwnKey(caller);
        return purposes.define(caller.professionalId(),
                Purposes.validated(request.code(), request.label(), request.nature()), "api-key:" + caller.apiKeyId());
    }

    @GetMapping
    @Operation(summary = "The caller's purposes, in the order they were defined")
    List<Purposes.Purpose> list(@AuthenticationPrincipal ApiCaller caller) {
        return List.copyOf(purposes.of(caller.professionalId()).values());
    }
}
