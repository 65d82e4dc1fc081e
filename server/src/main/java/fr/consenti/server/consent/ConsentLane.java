package fr.consenti.server.consent;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.platform.FastLaneEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/consents} in the fast lane: the same {@link ConsentService} as {@link ConsentController}, read
 * and written with the same JSON mapper as Spring MVC's. A request that does not read or does not validate is
 * declined before anything is written, and the controller answers its problem; once valid, the consent is recorded
 * here and never handed on, so it cannot be recorded twice.
 */
@Component
final class ConsentLane implements FastLaneEndpoint {

    private final ConsentService consents;
    private final JsonMapper json;

    ConsentLane(ConsentService consents, JsonMapper json) {
        this.consents = consents;
        this.json = json;
    }

    @Override
    public String path() {
        return "/api/v1/consents";
    }

    @Override
    public Answer answer(ApiCaller caller, byte[] body, HttpServletRequest request) {
        ConsentService.Prepared prepared;
        try {
            ConsentRequest consent = json.readValue(body, ConsentRequest.class);
            if (consent == null) {
                return null;
            }
            prepared = consents.prepare(caller, consent);
        } catch (JacksonException | ErrorResponseException refused) {
            return null;
        }
        ConsentService.Recorded recorded = consents.record(prepared);
        return new Answer(201, ByteBuffer.wrap(json.writeValueAsBytes(new ConsentController.Created(recorded.id(),
                recorded.e164(), recorded.validFrom(), recorded.validUntil(), recorded.receipt()))));
    }
}
