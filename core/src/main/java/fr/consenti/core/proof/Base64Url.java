package fr.consenti.core.proof;

import java.util.Base64;

/** Base64url without padding (RFC 7515 §2), decoding only the one canonical spelling of each byte string. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    /** The unpadded base64url form of {@code bytes}. */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes unpadded base64url; rejects padding, characters outside the alphabet and non-zero trailing bits.
     *
     * @throws IllegalArgumentException when {@code text} is not the canonical encoding of some byte string
     */
    public static byte[] decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("not a base64url character at " + i);
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("impossible base64url length " + text.length());
        }
        byte[] bytes = DECODER.decode(text);
        // The JDK ignores the unused low bits of the last character, so two spellings would decode alike and a
        // changed character in a signature would go unnoticed; only the canonical spelling is accepted.
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("non-canonical base64url (trailing bits set)");
        }
        return bytes;
    }
}
