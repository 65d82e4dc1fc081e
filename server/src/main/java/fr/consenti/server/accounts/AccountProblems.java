package fr.consenti.server.accounts;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Refusals of the accounts API, as problem+json with their stable code, shaped like the ledger's. */
final class AccountProblems {

    /** One rejected input, named as the client sent it. */
    record FieldProblem(String field, String message) {
    }

    private AccountProblems() {
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

    /** Not found, whether it does not exist or is another's: the answer never tells which. */
    static ErrorResponseException delegationNotFound() {
        return of(HttpStatus.NOT_FOUND, "DELEGATION_NOT_FOUND", "No such delegation.");
    }

    /** A delegation key may act within its delegation, never manage delegations or the professional's settings. */
    static ErrorResponseException professionalOnly() {
        return of(HttpStatus.FORBIDDEN, "FORBIDDEN",
                "Only the professional's own API key may do this, not a key acting under a delegation.");
    }
}
