package fr.consenti.server.testsupport;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that exist only in tests, to drive the error handling the real endpoints share: a JSON body with
 * constraints, a constrained path variable, and a failure.
 */
@TestComponent
@RestController
@RequestMapping("/api/test/probe")
public class ProbeController {

    public record Registration(@NotBlank String name, @NotNull @Pattern(regexp = "[0-9]{9}") String siren) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Registration register(@Valid @RequestBody Registration registration) {
        return registration;
    }

    @GetMapping("/sirens/{siren}")
    String siren(@PathVariable @Pattern(regexp = "[0-9]{9}") String siren) {
        return siren;
    }

    /** As a servlet filter (security) refuses a request: outside the MVC handlers. */
    @GetMapping("/forbidden")
    void forbidden(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
    }

    @ResponseStatus(code = HttpStatus.CONFLICT, reason = "Already registered.")
    static final class AlreadyRegistered extends RuntimeException {
    }

    @GetMapping("/conflict")
    String conflict() {
        throw new AlreadyRegistered();
    }

    /** As a feature refuses a request with a code of its own. */
    @GetMapping("/refusal")
    String refusal() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "Not a French number.");
        problem.setProperty("code", "NUMBER_INVALID");
        throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
    }

    @GetMapping("/failure")
    String failure() {
        throw new IllegalStateException("secret internal detail");
    }
}
