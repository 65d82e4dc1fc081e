package fr.consenti.server.calls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of a check as almost every dialler sends it, straight from the bytes: objects whose members are
 * known fields holding plain ASCII strings (no escapes), booleans or nulls, one check or {@code {"checks": [...]}}.
 * Anything else (an escape, a number, a non-ASCII byte, an unknown or misplaced member, malformed JSON, an empty or
 * oversized batch) makes it give up with null, and {@link CheckInput#read} reads the body with Jackson, which
 * accepts or refuses it with the precise problem. So this reader never decides what is valid: where it answers,
 * it answers exactly what Jackson's reading would ({@code PlainCheckJsonTest} holds it to that).
 *
 * <p>Why: in a batch of 10,000 checks, Jackson's token stream and the strings it makes for every member took a
 * quarter of the request's CPU (BENCHMARKS.md, dialler API).
 */
final class PlainCheckJson {

    private final byte[] in;
    private int at;

    private PlainCheckJson(byte[] in) {
        this.in = in;
    }

    /** The body read, or null when it is not in the plain form (then Jackson reads it). */
    static CheckInput.Body read(byte[] json, boolean batchAllowed) {
        try {
            return new PlainCheckJson(json).body(batchAllowed);
        } catch (NotPlain e) {
            return null;
        }
    }

    /** Thrown to give up; no stack trace, it is a branch, not an error. */
    private static final class NotPlain extends RuntimeException {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    private static NotPlain notPlain() {
        return NotPlain.INSTANCE;
    }

    private CheckInput.Body body(boolean batchAllowed) {
        expect('{');
        CheckInput.Body body;
        if (peek() == '"' && batchAllowed && matches(CHECKS)) {
            at += CHECKS.length;
            expect(':');
            expect('[');
            List<CheckInput> batch = new ArrayList<>();
            if (peek() == ']') {
                throw notPlain();
            }
            do {
                if (batch.size() == CheckInput.MAX_BATCH) {
                    throw notPlain();
                }
                expect('{');
                batch.add(members());
            } while (comma(']'));
            expect('}');
            body = new CheckInput.Body(null, batch);
        } else {
            body = new CheckInput.Body(members(), null);
        }
        if (!atEnd()) {
            throw notPlain();
        }
        return body;
    }

    /** The members of an object whose '{' has been read, up to and including its '}'. */
    private CheckInput members() {
        String number = null, callerId = null, purpose = null, sector = null, time = null, departement = null;
        Boolean ongoing = null, b2b = null;
        if (peek() == '}') {
            at++;
            return new CheckInput(null, null, null, null, null, null, null, null);
        }
        do {
            if (peek() != '"') {
                throw notPlain();
            }
            int field = field();
            expect(':');
            switch (field) {
                case 0 -> number = string();
                case 1 -> callerId = string();
                case 2 -> purpose = string();
                case 3 -> sector = string();
                case 4 -> time = string();
                case 5 -> departement = string();
                case 6 -> ongoing = bool();
                case 7 -> b2b = bool();
                default -> throw notPlain();
            }
        } while (comma('}'));
        return new CheckInput(number, callerId, purpose, sector, time, departement, ongoing, b2b);
    }

    private static final byte[] CHECKS = "\"checks\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] NAMES = CheckInput.FIELDS.stream()
            .map(name -> ("\"" + name + "\"").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /** The index in {@link CheckInput#FIELDS} of the quoted member name here, which it reads. */
    private int field() {
        for (int f = 0; f < NAMES.length; f++) {
            if (matches(NAMES[f])) {
                at += NAMES[f].length;
                return f;
            }
        }
        throw notPlain();
    }

    private boolean matches(byte[] quoted) {
        if (at + quoted.length > in.length) {
            return false;
        }
        for (int i = 0; i < quoted.length; i++) {
            if (in[at + i] != quoted[i]) {
                return false;
            }
        }
        return true;
    }

    /** A string of printable ASCII without escapes, or null; anything else gives up. */
    private String string() {
        byte b = peek();
        if (b == 'n') {
            literal("null");
            return null;
        }
        if (b != '"') {
            throw notPlain();
        }
        int start = ++at;
        while (at < in.length) {
            byte c = in[at];
            if (c == '"') {
                String s = new String(in, start, at - start, StandardCharsets.ISO_8859_1);
                at++;
                return s;
            }
            if (c == '\\' || c < 0x20) {
                // Escapes, control characters and (as negative bytes) every non-ASCII byte.
                throw notPlain();
            }
            at++;
        }
        throw notPlain();
    }

    private Boolean bool() {
        byte b = peek();
        switch (b) {
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> throw notPlain();
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (at >= in.length || in[at++] != word.charAt(i)) {
                throw notPlain();
            }
        }
        // "nullx", "true1": a literal must end where a token may.
        if (at < in.length) {
            byte next = in[at];
            if (next != ',' && next != '}' && next != ']' && !space(next)) {
                throw notPlain();
            }
        }
    }

    /** After a value: true past a ',', false past the closing {@code end}; anything else gives up. */
    private boolean comma(char end) {
        byte b = peek();
        at++;
        if (b == ',') {
            return true;
        }
        if (b == end) {
            return false;
        }
        throw notPlain();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw notPlain();
        }
        at++;
    }

    /** Skips whitespace; the next byte, which must exist (else the body ended too early). */
    private byte peek() {
        while (at < in.length && space(in[at])) {
            at++;
        }
        if (at == in.length) {
            throw notPlain();
        }
        return in[at];
    }

    /** Skips whitespace; whether nothing else follows. */
    private boolean atEnd() {
        while (at < in.length && space(in[at])) {
            at++;
        }
        return at == in.length;
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
