package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Reason;
import fr.consenti.core.rules.ReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes decisions as JSON by hand (the hot path of the dialler API): one pass into a byte buffer, no reflection, no
 * intermediate objects. A reason's JSON (code, legal reference and message, the same for every number it denies) is
 * encoded once per reason and language and copied after that. Shape of one decision:
 * <pre>{"e164":"+33612345678","verdict":"ALLOW","basis":"CONSENT","reasons":[],"nextAllowedAt":null,
 * "ruleSetVersion":"FR-2026-08-11","simulated":false}</pre>
 */
final class DecisionJson {

    /** Reasons are a few dozen codes times their legal references; past this many, something is wrong: stop caching. */
    private static final int MAX_CACHED_REASONS = 10_000;
    private static final ConcurrentHashMap<Reason, byte[][]> REASONS = new ConcurrentHashMap<>();
    private static final byte[][][] BY_CODE = new byte[ReasonCode.values().length][][];

    static {
        for (ReasonCode code : ReasonCode.values()) {
            BY_CODE[code.ordinal()] = encodeReason(
                    new Reason(code, code.legalReference(), code.messageFr(), code.messageEn()));
        }
    }

    private DecisionJson() {
    }

    /** Messages in French unless the client asked for English first. */
    static boolean english(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.regionMatches(true, 0, "en", 0, 2);
    }

    static byte[] single(FrenchNumber number, Decision decision, boolean simulated, boolean english) {
        Out out = new Out(512);
        decision(out, number, decision, simulated, english);
        return out.toBytes();
    }

    /** The batch's answer, wrapping the buffer it was written in (a batch's is megabytes: not copied again). */
    static ByteBuffer batch(List<FrenchNumber> numbers, List<Decision> decisions, List<Boolean> simulated,
                            boolean english) {
        Out out = new Out(400 * decisions.size() + 16);
        out.ascii("{\"results\":[");
        for (int i = 0; i < decisions.size(); i++) {
            if (i > 0) {
                out.ascii(',');
            }
            decision(out, numbers.get(i), decisions.get(i), simulated.get(i), english);
        }
        out.ascii("]}");
        return ByteBuffer.wrap(out.buf, 0, out.size);
    }

    /** A call's answer: the decision's members plus callId, serverTime, feedPosition and the receipt. */
    static String call(UUID callId, FrenchNumber number, Decision decision, Instant serverTime, long feedPosition,
                       String receipt, boolean english) {
        Out out = new Out(1024);
        out.ascii("{\"callId\":");
        out.string(callId == null ? null : callId.toString());
        out.ascii(",\"serverTime\":");
        out.string(serverTime.toString());
        out.ascii(",\"feedPosition\":").ascii(Long.toString(feedPosition));
        out.ascii(",\"receipt\":");
        out.string(receipt);
        out.ascii(',');
        decisionMembers(out, number, decision, false, english);
        out.ascii('}');
        return new String(out.buf, 0, out.size, StandardCharsets.UTF_8);
    }

    private static void decision(Out out, FrenchNumber number, Decision decision, boolean simulated, boolean english) {
        out.ascii('{');
        decisionMembers(out, number, decision, simulated, english);
        out.ascii('}');
    }

    private static void decisionMembers(Out out, FrenchNumber number, Decision decision, boolean simulated,
                                        boolean english) {
        out.ascii("\"e164\":");
        out.string(number == null ? null : number.e164());
        switch (decision) {
            case Decision.Allow allow -> out.ascii(",\"verdict\":\"ALLOW\",\"basis\":\"").ascii(allow.basis().name())
                    .ascii("\",\"reasons\":[],\"nextAllowedAt\":null");
            case Decision.Deny deny -> {
                out.ascii(",\"verdict\":\"DENY\",\"basis\":null,\"reasons\":[");
                List<Reason> reasons = deny.reasons();
                for (int i = 0; i < reasons.size(); i++) {
                    if (i > 0) {
                        out.ascii(',');
                    }
                    out.bytes(reason(reasons.get(i), english));
                }
                out.ascii("],\"nextAllowedAt\":");
                out.string(deny.nextAllowed() == null ? null : deny.nextAllowed().toString());
            }
        }
        out.ascii(",\"ruleSetVersion\":");
        out.string(decision.ruleSet().version());
        out.ascii(",\"simulated\":").ascii(simulated ? "true" : "false");
    }

    /** {@code {"code":…,"legalRef":…,"message":…}} in the language asked for, encoded once. */
    private static byte[] reason(Reason r, boolean english) {
        ReasonCode code = r.code();
        // Most reasons carry their code's own reference and messages: found by the code, without hashing the texts.
        if (r.legalReference() == code.legalReference() && r.messageFr() == code.messageFr()
                && r.messageEn() == code.messageEn()) {
            return BY_CODE[code.ordinal()][english ? 1 : 0];
        }
        byte[][] encoded = REASONS.get(r);
        if (encoded == null) {
            encoded = encodeReason(r);
            if (REASONS.size() < MAX_CACHED_REASONS) {
                REASONS.put(r, encoded);
            }
        }
        return encoded[english ? 1 : 0];
    }

    private static byte[][] encodeReason(Reason r) {
        return new byte[][] {encodeReason(r, false), encodeReason(r, true)};
    }

    private static byte[] encodeReason(Reason r, boolean english) {
        Out out = new Out(256);
        out.ascii("{\"code\":").string(r.code().name());
        out.ascii(",\"legalRef\":").string(r.legalReference());
        out.ascii(",\"message\":").string(english ? r.messageEn() : r.messageFr());
        out.ascii('}');
        return out.toBytes();
    }

    /** A growable UTF-8 buffer. */
    private static final class Out {

        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        Out ascii(char c) {
            room(1);
            buf[size++] = (byte) c;
            return this;
        }

        /** Text known to be ASCII and to need no escaping (JSON punctuation, enum names, digits). */
        Out ascii(String s) {
            int n = s.length();
            room(n);
            for (int i = 0; i < n; i++) {
                buf[size + i] = (byte) s.charAt(i);
            }
            size += n;
            return this;
        }

        Out bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        /** A JSON string (or null), escaped, in UTF-8. */
        Out string(String s) {
            if (s == null) {
                return ascii("null");
            }
            ascii('"');
            int from = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\' || c < 0x20) {
                    text(s, from, i);
                    escape(c);
                    from = i + 1;
                }
            }
            text(s, from, s.length());
            return ascii('"');
        }

        /** Characters that need no escaping, in UTF-8 (ASCII copied byte for byte, the rest through the JDK). */
        private void text(String s, int from, int to) {
            for (int i = from; i < to; i++) {
                if (s.charAt(i) >= 0x80) {
                    bytes(s.substring(from, to).getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            room(to - from);
            for (int i = from; i < to; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        }

        private void escape(char c) {
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\n' -> ascii("\\n");
                case '\r' -> ascii("\\r");
                case '\t' -> ascii("\\t");
                default -> ascii(String.format("\\u%04x", (int) c));
            }
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, size);
        }
    }
}
