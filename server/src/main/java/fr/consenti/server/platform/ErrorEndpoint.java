package fr.consenti.server.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC's handlers (a filter's or the container's {@code sendError}, as security
 * filters do) reach the servlet error page; it answers the same problem+json with a code as
 * {@link ProblemDetails}, in place of Spring Boot's own error format.
 */
@RestController
final class ErrorEndpoint implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            // Asked for directly rather than forwarded to by the container: there is no such page.
            return problem(HttpStatus.NOT_FOUND, request.getRequestURI());
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return problem(HttpStatusCode.valueOf(code), uri instanceof String path ? path : null);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String path) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            problem.setDetail(ProblemDetails.INTERNAL_DETAIL);
        }
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        problem.setProperty(ProblemDetails.CODE, ProblemDetails.codeFor(status));
        return ResponseEntity.status(status).body(problem);
    }
}
