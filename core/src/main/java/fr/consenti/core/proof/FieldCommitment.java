package fr.consenti.core.proof;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA256 under the platform's commitment key) of a personal field value.
 *
 * <p>The hash chain covers the commitment of a personal field, never its raw value, so that purging the raw value
 * after retention (RULES.md §3, §11) and keeping the commitment leaves every link hash unchanged. The commitment is
 * deterministic and unsalted on purpose: the same E.164 number gives the same commitment everywhere, which is what
 * the suppression list needs (RULES.md §11). It hides the value only while the key stays secret (a phone number has
 * about 30 bits of entropy), and the key must be kept for as long as any chain that used it must verify.
 */
public final class FieldCommitment {

    /** Length in bytes of a commitment. */
    public static final int LENGTH = 32;

    static final String ALGORITHM = "HmacSHA256";
    // Domain separation: a commitment can never be confused with another HMAC made with the same key.
    private static final byte[] DOMAIN = "consenti/field-commitment/v1\0".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    /** A commitment scheme under {@code key}, which must hold at least 32 bytes. */
    public FieldCommitment(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a commitment key needs at least 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** The 32-byte commitment of {@code value}; thread-safe, allocates a {@link Mac} per call. */
    public byte[] commit(String value) {
        return commit(newMac(), value);
    }

    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    static byte[] commit(Mac mac, String value) {
        mac.update(DOMAIN);
        mac.update(CanonicalEncoder.utf8(value));
        return mac.doFinal();
    }

    @Override
    public String toString() {
        return "FieldCommitment[key hidden]";
    }
}
