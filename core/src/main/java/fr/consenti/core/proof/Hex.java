package fr.consenti.core.proof;

/** Lower-case hexadecimal encoding of hashes and keys, strict on decoding. */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Two lower-case hex digits per byte. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** Decodes an even-length string of hex digits (either case); anything else is an {@link IllegalArgumentException}. */
    public static byte[] decode(CharSequence hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("hex string of odd length " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(hex, 2 * i) << 4) | digit(hex, 2 * i + 1));
        }
        return out;
    }

    private static int digit(CharSequence hex, int index) {
        int d = Character.digit(hex.charAt(index), 16);
        // Character.digit also accepts non-ASCII digits (fullwidth, Arabic-Indic), which must not alias ASCII ones.
        if (d < 0 || hex.charAt(index) > 'f') {
            throw new IllegalArgumentException("not a hex digit at " + index + ": '" + hex.charAt(index) + "'");
        }
        return d;
    }
}
