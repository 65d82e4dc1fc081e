package fr.consenti.server.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the page session of a person whose access their team removed, at their next request on any node: the session
 * holds only ids, so the person row is read again (one primary-key lookup per page request of a signed-in person).
 * The request then goes on as anonymous, and the pages send it to the sign-in page. Not a bean, so that Spring Boot
 * does not also register it for every request: SecurityConfig places it in the pages' filter chain.
 */
public final class RemovedAccess extends OncePerRequestFilter {

    private final People people;

    public RemovedAccess(People people) {
        this.people = people;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInPerson person
                && person.role() != Role.CONSUMER && !people.active(person.personId())) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }
}
