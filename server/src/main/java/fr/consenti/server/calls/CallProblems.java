package fr.consenti.server.calls;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The dialler API's refusals, as problem+json with their stable code (see the platform package). */
final class CallProblems {

    /** One rejected input: the field as the client sent it ({@code checks[3].number}), or a CSV line. */
    record FieldProblem(String field, String message) {
    }

    private CallProblems() {
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

    static ErrorResponseException malformed(String detail, int line, int column) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("code", "MALFORMED_JSON");
        if (line > 0) {
            problem.setProperty("line", line);
            problem.setProperty("column", column);
        }
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    static ErrorResponseException callNotFound() {
        return of(HttpStatus.NOT_FOUND, "CALL_NOT_FOUND", "No such call.");
    }
}
