package fr.consenti.core.proof;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;

/** An Ed25519 public key as a JWK (RFC 8037: {@code {"kty":"OKP","crv":"Ed25519","x":...,"kid":...}}). */
public record PublicJwk(String keyId, PublicKey key) {

    public PublicJwk {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isEmpty()) {
            throw new IllegalArgumentException("empty key id");
        }
        Ed25519Keys.requireEd25519(key);
    }

    /** The JWK of {@code key} with its RFC 7638 thumbprint as key id. */
    public static PublicJwk withThumbprint(PublicKey key) {
        return new PublicJwk(Ed25519Keys.thumbprint(key), key);
    }

    /** The JWK JSON, members in a fixed order. */
    public String toJson() {
        return new JsonWriter().beginObject()
                .name("kty").value("OKP")
                .name("crv").value("Ed25519")
                .name("x").value(Base64Url.encode(Ed25519Keys.rawPublicKey(key)))
                .name("kid").value(keyId)
                .name("use").value("sig")
                .name("alg").value("EdDSA")
                .endObject().toString();
    }

    /**
     * Reads a public JWK. Refuses a JWK with a private part ({@code d}): a published key file must never hold one.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static PublicJwk parse(String json) {
        Map<String, Object> jwk = Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
        require(jwk, "kty", "OKP");
        require(jwk, "crv", "Ed25519");
        if (jwk.containsKey("d")) {
            throw new IllegalArgumentException("JWK holds a private key (\"d\"); publish only the public part");
        }
        if (jwk.containsKey("alg") && !"EdDSA".equals(jwk.get("alg"))) {
            throw new IllegalArgumentException("JWK \"alg\" is not EdDSA");
        }
        if (!(jwk.get("x") instanceof String x)) {
            throw new IllegalArgumentException("JWK lacks \"x\"");
        }
        if (!(jwk.get("kid") instanceof String kid)) {
            throw new IllegalArgumentException("JWK lacks \"kid\"");
        }
        return new PublicJwk(kid, Ed25519Keys.publicKeyFromRaw(Base64Url.decode(x)));
    }

    private static void require(Map<String, Object> jwk, String member, String value) {
        if (!value.equals(jwk.get(member))) {
            throw new IllegalArgumentException("JWK \"" + member + "\" must be \"" + value + "\", got " + jwk.get(member));
        }
    }
}
