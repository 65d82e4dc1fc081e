package fr.consenti.server.platform;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.accounts.ApiKeyAuthenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API request by its key, given as {@code Authorization: Bearer ck_…} or {@code X-Api-Key: ck_…}.
 * A request without a key goes on anonymous (and is refused by the authorization rules); a request with a key
 * that is not a live one is refused here, so that a client with a revoked key is told so rather than treated
 * as anonymous.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String API_KEY_HEADER = "X-Api-Key";
    /** Set on a request whose key was refused, so that the entry point can say {@code error="invalid_token"}. */
    static final String REFUSED_KEY = ApiKeyFilter.class.getName() + ".refused";
    private static final String BEARER = "bearer ";

    private final ApiKeyAuthenticator authenticator;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyFilter(ApiKeyAuthenticator authenticator, AuthenticationEntryPoint entryPoint) {
        this.authenticator = authenticator;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiCaller> caller = authenticator.authenticate(presented);
        if (caller.isEmpty()) {
            SecurityContextHolder.clearContext();
            request.setAttribute(REFUSED_KEY, Boolean.TRUE);
            entryPoint.commence(request, response, new BadCredentialsException("unknown or revoked API key"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(caller.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** The key the request presents, or null; a header that is present but empty counts as a (bad) key. */
    static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        String header = request.getHeader(API_KEY_HEADER);
        if (header != null) {
            return header.strip();
        }
        // Another Authorization scheme (Basic, ...) is a credential this API does not take: refuse it clearly.
        return authorization != null ? "" : null;
    }
}
