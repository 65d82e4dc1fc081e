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

    /** The exact request path, answered for POST only. */
    String path();

    /**
     * The JSON answer (status 200) to a POST by {@code caller} with this body, its bytes from position to limit of an
     * array-backed buffer, or null to let the full stack answer.
     * It must have had no side effect when it returns null or throws: the full stack then handles the same request
     * again from the start.
     */
    ByteBuffer answer(ApiCaller caller, byte[] body, HttpServletRequest request);
}
