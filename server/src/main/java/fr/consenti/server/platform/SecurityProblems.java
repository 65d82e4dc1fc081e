package fr.consenti.server.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's refusals, answered by the security filters before any controller runs, in the same problem+json
 * shape and with stable codes as {@link ProblemDetails}: {@code UNAUTHENTICATED} (401, with the
 * {@code WWW-Authenticate: Bearer} challenge of RFC 6750) and {@code FORBIDDEN} (403).
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    static final String FORBIDDEN = "FORBIDDEN";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        boolean refused = request.getAttribute(ApiKeyFilter.REFUSED_KEY) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, refused
                ? "Bearer realm=\"consenti\", error=\"invalid_token\", error_description=\"unknown or revoked API key\""
                : "Bearer realm=\"consenti\"");
        write(request, response, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, refused
                ? "The API key is unknown or has been revoked."
                : "An API key is required: send it as 'Authorization: Bearer ck_…' or 'X-Api-Key: ck_…'.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, FORBIDDEN, "This API key may not do this.");
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
