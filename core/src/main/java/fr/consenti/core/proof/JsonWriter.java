package fr.consenti.core.proof;

import java.nio.charset.StandardCharsets;

/**
 * A minimal JSON writer producing one deterministic byte form: members in the order written, no whitespace,
 * the shortest escapes of RFC 8259 §7, UTF-8; signed payloads rely on writing the same value to the same bytes.
 */
public final class JsonWriter {

    private static final int MAX_DEPTH = 64;

    private final StringBuilder out = new StringBuilder(256);
    // needsComma[d]: a value was already written at depth d; afterName: the next value completes a member.
    private final boolean[] needsComma = new boolean[MAX_DEPTH + 1];
    private int depth;
    private boolean afterName;

    /** Starts an object (as a value or a member value). */
    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push();
        return this;
    }

    /** Ends the current object. */
    public JsonWriter endObject() {
        pop();
        out.append('}');
        return this;
    }

    /** Starts an array. */
    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push();
        return this;
    }

    /** Ends the current array. */
    public JsonWriter endArray() {
        pop();
        out.append(']');
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        if (afterName || depth == 0) {
            throw new IllegalStateException("a member name must follow a value inside an object");
        }
        comma();
        quote(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /** Writes a string, or null. */
    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        quote(value);
        return this;
    }

    /** Writes an integer. */
    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** Writes a boolean. */
    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** Writes {@code null}. */
    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** The document written so far, in UTF-8. */
    public byte[] toBytes() {
        if (depth != 0) {
            throw new IllegalStateException("unclosed object or array");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else {
            comma();
        }
    }

    private void comma() {
        if (needsComma[depth]) {
            out.append(',');
        }
        needsComma[depth] = true;
    }

    private void push() {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("nesting deeper than " + MAX_DEPTH);
        }
        depth++;
        needsComma[depth] = false;
    }

    private void pop() {
        if (depth == 0 || afterName) {
            throw new IllegalStateException("nothing to close, or a member without a value");
        }
        depth--;
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else if (Character.isSurrogate(c)) {
                        // A lone surrogate would become '?' in UTF-8, so two different strings would sign alike.
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            throw new IllegalArgumentException("lone surrogate at " + i);
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
