package fr.consenti.server.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors raised outside Spring MVC's handlers (a filter's or the container's {@code sendError}, as security
 * filters do, and page errors that {@link PageErrors} turns into one) reach the servlet error page. A person's
 * browser on a page gets the site's HTML error page; everyone else gets the same problem+json with a code as
 * {@link ProblemDetails}, in place of Spring Boot's own error format.
 */
@RestController
final class ErrorEndpoint implements ErrorController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            // Asked for directly rather than forwarded to by the container: there is no such page.
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(HttpStatus.NOT_FOUND, request.getRequestURI()));
        }
        HttpStatusCode status = HttpStatusCode.valueOf(code);
        // A page that failed while rendering may have set text/html already: the problem says what it is.
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(status, originalPath(request)));
    }

    /** The same error for a client that asks for HTML: a page when it came from a page, problem+json otherwise. */
    @RequestMapping(value = "${server.error.path:/error}", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView errorPage(HttpServletRequest request) {
        boolean forwarded = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer;
        HttpStatusCode status = forwarded
                ? HttpStatusCode.valueOf((Integer) request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE))
                : HttpStatus.NOT_FOUND;
        String path = forwarded ? originalPath(request) : request.getRequestURI();
        String pagePath = path == null ? null : path.substring(Math.min(path.length(), request.getContextPath().length()));
        if (!PageErrors.isPage(request, pagePath)) {
            ModelAndView json = new ModelAndView(new ProblemView(problem(status, path)));
            json.setStatus(status);
            return json;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("status", status.value());
        model.put("kind", kind(status, request));
        ModelAndView page = new ModelAndView("error-page", model);
        page.setStatus(status);
        return page;
    }

    /** Which message the page shows: a known status, a form that lost its CSRF token, or any other error. */
    private static String kind(HttpStatusCode status, HttpServletRequest request) {
        if (status.value() == 403 && request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException) {
            return "csrf";
        }
        return switch (status.value()) {
            case 400, 403, 404, 405, 410, 413 -> Integer.toString(status.value());
            default -> status.is5xxServerError() ? "500" : "other";
        };
    }

    private static String originalPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String path ? path : null;
    }

    private static ProblemDetail problem(HttpStatusCode status, String path) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            problem.setDetail(ProblemDetails.INTERNAL_DETAIL);
        }
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        problem.setProperty(ProblemDetails.CODE, ProblemDetails.codeFor(status));
        return problem;
    }

    /** Writes a problem as application/problem+json, for an API client that happened to accept HTML too. */
    private record ProblemView(ProblemDetail problem) implements View {

        @Override
        public String getContentType() {
            return MediaType.APPLICATION_PROBLEM_JSON_VALUE;
        }

        @Override
        public void render(Map<String, ?> model, jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", problem.getType().toString());
            body.put("title", problem.getTitle());
            body.put("status", problem.getStatus());
            if (problem.getDetail() != null) {
                body.put("detail", problem.getDetail());
            }
            if (problem.getInstance() != null) {
                body.put("instance", problem.getInstance().toString());
            }
            if (problem.getProperties() != null) {
                body.putAll(problem.getProperties());
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            JSON.writeValue(response.getOutputStream(), body);
        }
    }
}
