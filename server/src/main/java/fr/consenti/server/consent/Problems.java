package fr.consenti.server.consent;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The ledger's refusals, as problem+json with their stable code (see the platform package). */
final class Problems {

    /** One rejected input, named as the client sent it (a JSON path, or a CSV column). */
    record FieldProblem(String field, String message) {
    }

    private Problems() {
    }

    static ErrorResponseException of(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return new ErrorResponseException(status, problem, null);
    }

    static ErrorResponseException validation(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is not valid: see errors for each field.");
        problem.setProperty("code", "VALIDATION_FAILED");
        problem.setProperty("errors", errors);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    /** Not found, whether it does not exist or belongs to another professional: the answer never tells which. */
    static ErrorResponseException consentNotFound() {
        return of(HttpStatus.NOT_FOUND, "CONSENT_NOT_FOUND", "No such consent.");
    }
}
