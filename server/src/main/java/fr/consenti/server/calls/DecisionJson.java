package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes decisions as JSON by hand (the hot path of the dialler API): one pass into a {@code StringBuilder}, no
 * reflection, no intermediate objects. Shape of one decision:
 * <pre>{"e164":"+33612345678","verdict":"ALLOW","basis":"CONSENT","reasons":[],"nextAllowedAt":null,
 * "ruleSetVersion":"FR-2026-08-11","simulated":false}</pre>
 */
final class DecisionJson {

    private DecisionJson() {
    }

    /** Messages in French unless the client asked for English first. */
    static boolean english(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.regionMatches(true, 0, "en", 0, 2);
    }

    static byte[] single(FrenchNumber number, Decision decision, boolean simulated, boolean english) {
        StringBuilder out = new StringBuilder(256);
        decision(out, number, decision, simulated, english);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] batch(List<FrenchNumber> numbers, List<Decision> decisions, List<Boolean> simulated, boolean english) {
        StringBuilder out = new StringBuilder(200 * decisions.size() + 16);
        out.append("{\"results\":[");
        for (int i = 0; i < decisions.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            decision(out, numbers.get(i), decisions.get(i), simulated.get(i), english);
        }
        out.append("]}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A call's answer: the decision's members plus callId, serverTime, feedPosition and the receipt. */
    static String call(UUID callId, FrenchNumber number, Decision decision, Instant serverTime, long feedPosition,
                       String receipt, boolean english) {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"callId\":");
        string(out, callId == null ? null : callId.toString());
        out.append(",\"serverTime\":");
        string(out, serverTime.toString());
        out.append(",\"feedPosition\":").append(feedPosition);
        out.append(",\"receipt\":");
        string(out, receipt);
        out.append(',');
        decisionMembers(out, number, decision, false, english);
        out.append('}');
        return out.toString();
    }

    static void decision(StringBuilder out, FrenchNumber number, Decision decision, boolean simulated,
                         boolean english) {
        out.append('{');
        decisionMembers(out, number, decision, simulated, english);
        out.append('}');
    }

    private static void decisionMembers(StringBuilder out, FrenchNumber number, Decision decision, boolean simulated,
                                        boolean english) {
        out.append("\"e164\":");
        string(out, number == null ? null : number.e164());
        switch (decision) {
            case Decision.Allow allow -> {
                out.append(",\"verdict\":\"ALLOW\",\"basis\":\"").append(allow.basis().name())
                        .append("\",\"reasons\":[],\"nextAllowedAt\":null");
            }
            case Decision.Deny deny -> {
                out.append(",\"verdict\":\"DENY\",\"basis\":null,\"reasons\":[");
                List<Reason> reasons = deny.reasons();
                for (int i = 0; i < reasons.size(); i++) {
                    Reason r = reasons.get(i);
                    out.append(i == 0 ? "{\"code\":\"" : ",{\"code\":\"").append(r.code().name())
                            .append("\",\"legalRef\":");
                    string(out, r.legalReference());
                    out.append(",\"message\":");
                    string(out, english ? r.messageEn() : r.messageFr());
                    out.append('}');
                }
                out.append("],\"nextAllowedAt\":");
                string(out, deny.nextAllowed() == null ? null : deny.nextAllowed().toString());
            }
        }
        out.append(",\"ruleSetVersion\":");
        string(out, decision.ruleSet().version());
        out.append(",\"simulated\":").append(simulated);
    }

    static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
