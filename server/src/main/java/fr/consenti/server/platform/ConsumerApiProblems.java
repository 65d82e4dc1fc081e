package fr.consenti.server.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The refusals of the consumer's session API (the opposition list), as problem+json with stable codes:
 * {@code UNAUTHENTICATED} (401: sign in first), {@code CSRF_TOKEN_MISSING} (403: send X-CSRF-TOKEN) and
 * {@code FORBIDDEN} (403: not a consumer).
 */
final class ConsumerApiProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        write(request, response, HttpStatus.UNAUTHORIZED, SecurityProblems.UNAUTHENTICATED,
                "Sign in as a consumer first (POST /login), then send the session cookie.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        if (denied instanceof CsrfException) {
            write(request, response, HttpStatus.FORBIDDEN, "CSRF_TOKEN_MISSING", "Send the session's CSRF token in "
                    + "the X-CSRF-TOKEN header (GET /api/v1/registry/session gives it).");
        } else {
            write(request, response, HttpStatus.FORBIDDEN, SecurityProblems.FORBIDDEN,
                    "Only a consumer's session may use the opposition list API.");
        }
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String code, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put(ProblemDetails.CODE, code);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
