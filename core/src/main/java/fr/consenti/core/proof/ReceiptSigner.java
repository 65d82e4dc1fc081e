package fr.consenti.core.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/**
 * Signs receipt payloads as compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037). The protected header is
 * {@code {"alg":"EdDSA","kid":<key id>,"typ":<type>}}. Thread-safe: a {@link Signature} is made per call.
 */
public final class ReceiptSigner {

    private final PrivateKey key;
    private final String keyId;

    /** A signer with the platform's private key, published under {@code keyId}. */
    public ReceiptSigner(PrivateKey key, String keyId) {
        Ed25519Keys.requireEd25519(key);
        if (keyId == null || keyId.isEmpty()) {
            throw new IllegalArgumentException("a key id is required, so that verifiers can rotate keys");
        }
        this.key = key;
        this.keyId = keyId;
    }

    /** The key id written in every header. */
    public String keyId() {
        return keyId;
    }

    /** The compact JWS of {@code payload} (JSON bytes) with header type {@code type}, e.g. "consent-receipt+jwt". */
    public String sign(String type, byte[] payload) {
        Objects.requireNonNull(type, "type");
        byte[] header = new JsonWriter().beginObject()
                .name("alg").value("EdDSA")
                .name("kid").value(keyId)
                .name("typ").value(type)
                .endObject().toBytes();
        String signingInput = Base64Url.encode(header) + "." + Base64Url.encode(payload);
        return signingInput + "." + Base64Url.encode(sign(key, signingInput));
    }

    static byte[] sign(PrivateKey key, String signingInput) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
