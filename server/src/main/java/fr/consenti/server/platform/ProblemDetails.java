package fr.consenti.server.platform;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Every error the web layer answers is an RFC 9457 problem ({@code application/problem+json}) with a stable
 * {@code code} that clients can switch on, since titles and details are for people and may change.
 * Validation failures list each field with its message in {@code errors}. Unexpected failures are logged
 * with their stack trace and answered without it.
 */
@RestControllerAdvice
final class ProblemDetails extends ResponseEntityExceptionHandler {

    static final String CODE = "code";
    static final String ERRORS = "errors";
    static final String INTERNAL_DETAIL = "An unexpected error occurred. It has been logged; please try again later.";

    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    /** One rejected input: the field (or parameter) and why. */
    record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        for (ObjectError error : ex.getBindingResult().getGlobalErrors()) {
            errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage()));
        }
        return validationFailed(ex, errors, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String parameter = result.getMethodParameter().getParameterName();
            if (result instanceof ParameterErrors bean) {
                for (FieldError error : bean.getFieldErrors()) {
                    errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
                }
            } else {
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(new FieldProblem(parameter, error.getDefaultMessage()));
                }
            }
        }
        return validationFailed(ex, errors, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "The request body is missing or is not valid JSON.");
        // Where the JSON breaks helps the client fix it; Jackson's own message would echo their payload back.
        if (ex.getMostSpecificCause() instanceof JacksonException jackson) {
            TokenStreamLocation at = jackson.getLocation();
            if (at != null && at != TokenStreamLocation.NA && at.getLineNr() > 0) {
                body.setProperty("line", at.getLineNr());
                body.setProperty("column", at.getColumnNr());
            }
        }
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        // This handler runs before Spring's @ResponseStatus resolver would, so it honours the annotation itself.
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
        HttpStatus status = declared != null ? declared.code() : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail body = ProblemDetail.forStatus(status);
        if (declared != null && !declared.reason().isEmpty()) {
            body.setDetail(declared.reason());
        }
        return handleExceptionInternal(ex, body, new HttpHeaders(), status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse errorResponse) {
            // The framework's own exceptions carry their problem; fetched here so that it gets its code too.
            body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem) {
            if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
                // Details of a 500 can name classes and internals: they go to the log only.
                log.error("Unexpected error answering {}", request.getDescription(false), ex);
                problem.setDetail(INTERNAL_DETAIL);
            }
            if (problem.getProperties() == null || !problem.getProperties().containsKey(CODE)) {
                problem.setProperty(CODE, codeFor(ex, status));
            }
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private ResponseEntity<Object> validationFailed(Exception ex, List<FieldProblem> errors, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status,
                "The request is not valid: see errors for each field.");
        body.setProperty(ERRORS, errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    static String codeFor(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            case NoResourceFoundException e -> "NOT_FOUND";
            case NoHandlerFoundException e -> "NOT_FOUND";
            case HttpRequestMethodNotSupportedException e -> "METHOD_NOT_ALLOWED";
            case HttpMediaTypeNotSupportedException e -> "UNSUPPORTED_MEDIA_TYPE";
            case HttpMediaTypeNotAcceptableException e -> "NOT_ACCEPTABLE";
            case HttpMessageNotReadableException e -> "MALFORMED_JSON";
            case MethodArgumentNotValidException e -> "VALIDATION_FAILED";
            case HandlerMethodValidationException e -> "VALIDATION_FAILED";
            case MissingServletRequestParameterException e -> "MISSING_PARAMETER";
            case MissingServletRequestPartException e -> "MISSING_PARAMETER";
            case TypeMismatchException e when !status.is5xxServerError() -> "INVALID_PARAMETER";
            case MaxUploadSizeExceededException e -> "PAYLOAD_TOO_LARGE";
            default -> codeFor(status);
        };
    }

    /** The code of an error known only by its status: the status's name (FORBIDDEN, ...), 5xx all alike. */
    static String codeFor(HttpStatusCode status) {
        if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            return "INTERNAL_ERROR";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.name() : "HTTP_" + status.value();
    }
}
