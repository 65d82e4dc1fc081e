package fr.consenti.core.proof;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;

/**
 * Encodes a ledger row's named fields into the one byte string its link hash covers.
 *
 * <p>Format v1: a version byte {@code 0x01}, the record type as a string, then per field its name as a string, a
 * tag byte and the value. A string is a 4-byte big-endian length and its UTF-8 bytes, so {@code "ab","c"} and
 * {@code "a","bc"} differ. Tags: {@code 0} null (no value, distinct from the empty string {@code 1 00000000}),
 * {@code 1} string, {@code 2} long (8 bytes big-endian), {@code 3} instant (ISO-8601 UTC string as
 * {@link Instant#toString()} writes it), {@code 4} boolean (one byte), {@code 5} bytes (length-prefixed),
 * {@code 6} string list (4-byte count, then strings), {@code 7} commitment (32 bytes). Every field is
 * self-delimiting, so the concatenation decodes one way only.
 *
 * <p>A personal field is written as the {@link FieldCommitment} of its value: {@link #personal} with the raw value
 * (before purge) and {@link #committed} with the stored commitment (after purge) write the same bytes.
 *
 * <p>Not thread-safe: one encoder per thread, reused from row to row; {@link #begin} resets it.
 */
public final class CanonicalEncoder {

    /** The format version byte that starts every encoding. */
    public static final byte FORMAT_VERSION = 1;

    static final byte NULL = 0;
    static final byte STRING = 1;
    static final byte LONG = 2;
    static final byte INSTANT = 3;
    static final byte BOOLEAN = 4;
    static final byte BYTES = 5;
    static final byte STRING_LIST = 6;
    static final byte COMMITTED = 7;

    private final Mac mac;
    private byte[] buf = new byte[512];
    private int len;
    private boolean begun;

    /** An encoder for rows with personal fields, committed under {@code commitment}. */
    public CanonicalEncoder(FieldCommitment commitment) {
        this.mac = commitment.newMac();
    }

    /** An encoder for rows without personal fields; {@link #personal} then fails. */
    public CanonicalEncoder() {
        this.mac = null;
    }

    /** Starts a new encoding for a record of {@code recordType} (e.g. "consent", "audit"), discarding any previous one. */
    public CanonicalEncoder begin(String recordType) {
        len = 0;
        begun = true;
        put(FORMAT_VERSION);
        putString(requireText(recordType, "record type"));
        return this;
    }

    /** A string field; {@code null} is encoded as null, not as empty. */
    public CanonicalEncoder string(String name, String value) {
        if (value == null) {
            return nullField(name);
        }
        field(name, STRING);
        putString(value);
        return this;
    }

    /** A number field. */
    public CanonicalEncoder number(String name, long value) {
        field(name, LONG);
        putLong(value);
        return this;
    }

    /** A nullable number field. */
    public CanonicalEncoder number(String name, Long value) {
        return value == null ? nullField(name) : number(name, value.longValue());
    }

    /**
     * An instant field, in ISO-8601 UTC. Sub-microsecond precision is refused: PostgreSQL and H2 keep microseconds,
     * so a row hashed with nanoseconds would never verify once read back.
     */
    public CanonicalEncoder instant(String name, Instant value) {
        if (value == null) {
            return nullField(name);
        }
        if (value.getNano() % 1000 != 0) {
            throw new IllegalArgumentException(name + ": truncate instants to microseconds before hashing: " + value);
        }
        field(name, INSTANT);
        putString(value.toString());
        return this;
    }

    /** A nullable boolean field. */
    public CanonicalEncoder bool(String name, Boolean value) {
        if (value == null) {
            return nullField(name);
        }
        field(name, BOOLEAN);
        put((byte) (value ? 1 : 0));
        return this;
    }

    /** A byte-string field (e.g. a notice's SHA-256). */
    public CanonicalEncoder bytes(String name, byte[] value) {
        if (value == null) {
            return nullField(name);
        }
        field(name, BYTES);
        putInt(value.length);
        put(value, value.length);
        return this;
    }

    /** An ordered list of strings (e.g. purpose codes); list order is significant, null elements are refused. */
    public CanonicalEncoder strings(String name, List<String> values) {
        if (values == null) {
            return nullField(name);
        }
        field(name, STRING_LIST);
        putInt(values.size());
        for (String v : values) {
            if (v == null) {
                throw new IllegalArgumentException(name + ": null element in a string list");
            }
            putString(v);
        }
        return this;
    }

    /** A personal field given by its raw value: encoded as its commitment. Null stays null (nothing to hide). */
    public CanonicalEncoder personal(String name, String rawValue) {
        if (mac == null) {
            throw new IllegalStateException("this encoder has no commitment key; build it with a FieldCommitment");
        }
        if (rawValue == null) {
            return nullField(name);
        }
        return committed(name, FieldCommitment.commit(mac, rawValue));
    }

    /** A personal field given by its stored commitment (a purged row); same bytes as {@link #personal} of the value. */
    public CanonicalEncoder committed(String name, byte[] commitment) {
        if (commitment == null) {
            return nullField(name);
        }
        if (commitment.length != FieldCommitment.LENGTH) {
            throw new IllegalArgumentException(name + ": a commitment has 32 bytes, got " + commitment.length);
        }
        field(name, COMMITTED);
        put(commitment, commitment.length);
        return this;
    }

    /** A copy of the encoding built since {@link #begin}. */
    public byte[] toBytes() {
        requireBegun();
        return Arrays.copyOf(buf, len);
    }

    static byte[] utf8(String s) {
        byte[] out = new byte[utf8Length(s)];
        writeUtf8(s, out, 0);
        return out;
    }

    private CanonicalEncoder nullField(String name) {
        field(name, NULL);
        return this;
    }

    private void field(String name, byte tag) {
        requireBegun();
        putString(requireText(name, "field name"));
        put(tag);
    }

    private void requireBegun() {
        if (!begun) {
            throw new IllegalStateException("call begin(recordType) first");
        }
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or empty");
        }
        return s;
    }

    private void putString(String s) {
        int n = utf8Length(s);
        putInt(n);
        ensure(n);
        len = writeUtf8(s, buf, len);
    }

    private void putInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] bytes, int n) {
        ensure(n);
        System.arraycopy(bytes, 0, buf, len, n);
        len += n;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    // Hand-written UTF-8 so a lone surrogate fails instead of becoming '?' (String.getBytes would map two
    // different strings to the same bytes), and so no temporary array is allocated per field.
    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    throw new IllegalArgumentException("lone surrogate at index " + i);
                }
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static int writeUtf8(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }
}
