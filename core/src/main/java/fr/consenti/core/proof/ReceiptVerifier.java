package fr.consenti.core.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies compact JWS receipts (EdDSA / Ed25519) against a set of public keys by key id, offline. It returns the
 * signed payload bytes and leaves reading them to the caller (e.g. {@link ConsentReceipt#fromJson}), so one verifier
 * serves every kind of receipt. Thread-safe.
 */
public final class ReceiptVerifier {

    // A receipt is a few kilobytes; the bound keeps a hostile file from costing memory before the check fails.
    static final int MAX_LENGTH = 1 << 20;
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "kid", "typ");

    private final Map<String, PublicKey> keysById;

    /** A verifier trusting {@code keysById} (current and retired platform keys). */
    public ReceiptVerifier(Map<String, PublicKey> keysById) {
        keysById.values().forEach(Ed25519Keys::requireEd25519);
        this.keysById = Map.copyOf(keysById);
    }

    /** A verifier trusting one published key. */
    public static ReceiptVerifier of(PublicJwk jwk) {
        return new ReceiptVerifier(Map.of(jwk.keyId(), jwk.key()));
    }

    /** Verifies {@code compact} whatever its header type; the caller must then check {@link ReceiptCheck.Valid#type()}. */
    public ReceiptCheck verify(String compact) {
        return verify(compact, null);
    }

    /** Verifies {@code compact} and that its header type is {@code expectedType} (so one kind of receipt cannot pass for another). */
    public ReceiptCheck verify(String compact, String expectedType) {
        Objects.requireNonNull(compact, "compact");
        if (compact.length() > MAX_LENGTH) {
            return invalid(ReceiptFailure.BAD_FORMAT, "longer than " + MAX_LENGTH + " characters");
        }
        int first = compact.indexOf('.');
        int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
        if (second < 0 || compact.indexOf('.', second + 1) >= 0) {
            return invalid(ReceiptFailure.BAD_FORMAT, "a compact JWS has exactly three dot-separated parts");
        }
        byte[] headerBytes;
        byte[] payload;
        byte[] signature;
        try {
            headerBytes = Base64Url.decode(compact.substring(0, first));
            payload = Base64Url.decode(compact.substring(first + 1, second));
            signature = Base64Url.decode(compact.substring(second + 1));
        } catch (IllegalArgumentException e) {
            return invalid(ReceiptFailure.BAD_FORMAT, e.getMessage());
        }
        Map<String, Object> header;
        try {
            header = Json.parseObject(headerBytes);
        } catch (IllegalArgumentException e) {
            return invalid(ReceiptFailure.BAD_HEADER, e.getMessage());
        }
        Object alg = header.get("alg");
        if (!"EdDSA".equals(alg)) {
            return invalid(ReceiptFailure.WRONG_ALGORITHM, "alg is " + alg + ", expected EdDSA");
        }
        // Unknown members include "crit" (RFC 7515 §4.1.11): an extension we do not understand must fail.
        for (String member : header.keySet()) {
            if (!HEADER_MEMBERS.contains(member)) {
                return invalid(ReceiptFailure.BAD_HEADER, "unexpected header member \"" + member + "\"");
            }
        }
        if (!(header.get("kid") instanceof String kid)) {
            return invalid(ReceiptFailure.BAD_HEADER, "no \"kid\" string in the header");
        }
        Object typ = header.get("typ");
        if (typ != null && !(typ instanceof String)) {
            return invalid(ReceiptFailure.BAD_HEADER, "\"typ\" is not a string");
        }
        if (expectedType != null && !expectedType.equals(typ)) {
            return invalid(ReceiptFailure.WRONG_TYPE, "typ is " + typ + ", expected " + expectedType);
        }
        PublicKey key = keysById.get(kid);
        if (key == null) {
            return invalid(ReceiptFailure.UNKNOWN_KEY, "no key with id \"" + kid + "\"");
        }
        if (!verifySignature(key, compact.substring(0, second), signature)) {
            return invalid(ReceiptFailure.BAD_SIGNATURE, "the signature does not verify with key \"" + kid + "\"");
        }
        return new ReceiptCheck.Valid(kid, (String) typ, payload);
    }

    static boolean verifySignature(PublicKey key, String signingInput, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            // The JDK throws rather than returning false for some malformed signatures (e.g. a non-canonical R).
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification unavailable", e);
        }
    }

    private static ReceiptCheck invalid(ReceiptFailure failure, String detail) {
        return new ReceiptCheck.Invalid(failure, detail);
    }
}
