package fr.consenti.server.platform;

import fr.consenti.server.accounts.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;

/**
 * An API endpoint that a machine calls thousands of times a second, answered by {@link FastLane} ahead of Spring
 * Security's filter chain and Spring MVC when the request is an ordinary one: a live key, a JSON body, an answer
 * that succeeds. Anything else (no key, a refused key, a validation error, a refused delegation) goes down the full
 * stack, whose controller for the same path gives the one and only definition of those answers.
 */
public interface FastLaneEndpoint {

    /** A JSON answer: its status and its bytes, from position to limit of an array-backed buffer. */
    record Answer(int status, ByteBuffer json) {
    }

    /** The exact request path, answered for POST only. */
    String path();

    /**
     * The answer to a POST by {@code caller} with this body, or null to let the full stack answer it: the endpoint
     * declines what its controller would refuse (a validation error, a problem), and must not have changed anything
     * when it does, since the full stack then handles the same request again from the start. An exception is an
     * error of the request (500), not a refusal: it goes to the error page, as one from a controller does.
     */
    Answer answer(ApiCaller caller, byte[] body, HttpServletRequest request);
}
