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

    /**
     * The Ed25519 signature of some bytes with the signer's key. Ed25519 signatures are deterministic (RFC 8032): any
     * correct implementation gives the same 64 bytes, so a faster one can stand in for the JDK's without changing a
     * receipt.
     */
    @FunctionalInterface
    public interface RawSigner {
        byte[] sign(byte[] signingInput);
    }

    private final String keyId;
    private final RawSigner raw;

    /** A signer with the platform's private key, published under {@code keyId}, signing with the JDK. */
    public ReceiptSigner(PrivateKey key, String keyId) {
        this(key, keyId, input -> sign(key, input));
    }

    /** A signer with the platform's private key, published under {@code keyId}, signing through {@code raw}. */
    public ReceiptSigner(PrivateKey key, String keyId, RawSigner raw) {
        Ed25519Keys.requireEd25519(key);
        if (keyId == null || keyId.isEmpty()) {
            throw new IllegalArgumentException("a key id is required, so that verifiers can rotate keys");
        }
        this.keyId = keyId;
        this.raw = Objects.requireNonNull(raw, "raw");
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
        return signingInput + "." + Base64Url.encode(raw.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] sign(PrivateKey key, String signingInput) {
        return sign(key, signingInput.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sign(PrivateKey key, byte[] signingInput) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
