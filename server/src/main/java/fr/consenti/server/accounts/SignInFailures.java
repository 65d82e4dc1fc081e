package fr.consenti.server.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/** Sends a failed sign-in back to the sign-in page with its reason, so the page can say what to do next. */
@Component
final class SignInFailures implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException failure) throws IOException {
        String reason = switch (failure) {
            case PersonSignIn.EmailNotVerified e -> "unverified";
            case SignInThrottle.Throttled e -> "throttled";
            case PersonSignIn.AccessRemoved e -> "removed";
            default -> "credentials";
        };
        response.sendRedirect(request.getContextPath() + "/login?error=" + reason);
    }
}
