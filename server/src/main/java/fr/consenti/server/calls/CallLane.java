package fr.consenti.server.calls;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.platform.FastLaneEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * {@code POST /api/v1/calls} in the fast lane: the same {@link CallService} as {@link CallController}, for the
 * ordinary request of a live key. What it declines has changed nothing, so the controller may handle it again from the
 * start: a validation error or a delegation no longer in force is refused before the call reaches the appender; an
 * idempotency key used for another body is refused without writing; and a retry of a recorded key (whose answer
 * carries {@code Idempotent-Replayed}, a header this lane does not write) gets the stored answer again, which is what
 * the controller gives too.
 */
@Component
final class CallLane implements FastLaneEndpoint {

    private final CallService calls;
    private final Diallers diallers;

    CallLane(CallService calls, Diallers diallers) {
        this.calls = calls;
        this.diallers = diallers;
    }

    @Override
    public String path() {
        return "/api/v1/calls";
    }

    @Override
    public Answer answer(ApiCaller caller, byte[] body, HttpServletRequest request) {
        CallService.Answer answer;
        try {
            answer = calls.call(diallers.of(caller), body, request.getHeader("Idempotency-Key"),
                    DecisionJson.english(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE)));
        } catch (ErrorResponseException refused) {
            return null;
        }
        if (answer.replayed()) {
            return null;
        }
        return new Answer(answer.allowed() ? 201 : 200,
                ByteBuffer.wrap(answer.json().getBytes(StandardCharsets.UTF_8)));
    }
}
