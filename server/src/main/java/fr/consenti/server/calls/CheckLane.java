package fr.consenti.server.calls;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.platform.FastLaneEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * {@code POST /api/v1/checks} in the fast lane: the same {@link Checks} as {@link CheckController}, for the ordinary
 * request of a live key. A check has no side effect, so a request this lane declines (a validation error, a
 * delegation no longer in force: each an {@link ErrorResponseException}) is simply judged again by the controller,
 * which answers the problem.
 */
@Component
final class CheckLane implements FastLaneEndpoint {

    private final Checks checks;
    private final Diallers diallers;

    CheckLane(Checks checks, Diallers diallers) {
        this.checks = checks;
        this.diallers = diallers;
    }

    @Override
    public String path() {
        return "/api/v1/checks";
    }

    @Override
    public Answer answer(ApiCaller caller, byte[] body, HttpServletRequest request) {
        try {
            return new Answer(200, checks.check(diallers.of(caller), body,
                    DecisionJson.english(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE))));
        } catch (ErrorResponseException refused) {
            return null;
        }
    }
}
