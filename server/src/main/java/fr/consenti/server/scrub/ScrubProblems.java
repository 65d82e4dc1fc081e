package fr.consenti.server.scrub;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The refusals of file cleaning and subscriptions, as problem+json with a stable {@code code}:
 * <ul>
 *   <li>400 {@code VALIDATION_FAILED}: an option or the file is wrong ({@code errors} name each field);</li>
 *   <li>403 {@code NO_SUBSCRIPTION}: the professional has no current subscription;</li>
 *   <li>403 {@code DELEGATION_CANNOT_SUBSCRIBE}: a call centre's key tried to subscribe for its client;</li>
 *   <li>429 {@code PLAN_QUOTA_EXCEEDED}: the cleanings (or numbers) of the plan's current year are used up;
 *       {@code Retry-After} says when the next subscription year starts;</li>
 *   <li>429 {@code ENUMERATION_THROTTLED}: a recent submission looked like enumeration of the list; submissions
 *       are refused until the flag is cleared by the operator or {@code consenti.scrub.throttle} has passed;</li>
 *   <li>503 {@code SCRUB_BUSY}: this node's queue of jobs is full;</li>
 *   <li>404 {@code SCRUB_JOB_NOT_FOUND}: no such job, or another professional's (never told apart);</li>
 *   <li>409 {@code SCRUB_JOB_NOT_DONE}: no result (yet, or ever: a failed job); 410 {@code SCRUB_RESULT_EXPIRED}:
 *       the files were deleted after their validity.</li>
 * </ul>
 * Quotas answer 429 rather than 402: nothing is for sale through the API, and the refusal ends with the year.
 */
final class ScrubProblems {

    record FieldProblem(String field, String message) {
    }

    private ScrubProblems() {
    }

    static ErrorResponseException of(HttpStatus status, String code, String detail) {
        return of(status, code, detail, new HttpHeaders());
    }

    static ErrorResponseException of(HttpStatus status, String code, String detail, HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        ErrorResponseException exception = new ErrorResponseException(status, problem, null);
        exception.getHeaders().addAll(headers);
        return exception;
    }

    static ErrorResponseException tooMany(String code, String detail, Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return of(HttpStatus.TOO_MANY_REQUESTS, code, detail, headers);
    }

    static ErrorResponseException validation(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is not valid: see errors for each field.");
        problem.setProperty("code", "VALIDATION_FAILED");
        problem.setProperty("errors", errors);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    static ErrorResponseException invalid(String field, String message) {
        return validation(List.of(new FieldProblem(field, message)));
    }

    static ErrorResponseException jobNotFound() {
        return of(HttpStatus.NOT_FOUND, "SCRUB_JOB_NOT_FOUND", "No such file cleaning job.");
    }
}
