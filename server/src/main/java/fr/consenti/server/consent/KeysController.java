package fr.consenti.server.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform's public receipt key, for anyone to verify a receipt offline (./consenti verify-receipt). */
@RestController
@Tag(name = "Keys", description = "Public keys that verify Consenti's signed receipts.")
final class KeysController {

    private final LedgerKeys keys;

    KeysController(LedgerKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/.well-known/consenti-keys.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The JWK set of the receipt signing keys (public, no authentication)")
    String keys() {
        return "{\"keys\":[" + keys.publicJwk().toJson() + "]}";
    }
}
