package fr.consenti.core.proof;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The payload of a signed consent receipt, with the fields of an ISO/IEC TS 27560 consent record where they fit.
 *
 * <p>{@link #toJson()} writes one deterministic byte form (members in the fixed order of this record, no whitespace,
 * UTF-8, instants in ISO-8601 UTC); {@link #fromJson(byte[])} reads it back strictly (every member present, none
 * unknown), so {@code fromJson(b).toJson()} equals {@code b} for every receipt this class wrote. Signing and
 * verification work on bytes ({@link ReceiptSigner}, {@link ReceiptVerifier}); a holder of the published JWK checks
 * the signature first, then reads the verified payload with {@link #fromJson(byte[])}.
 *
 * @param recordId        the consent's id in the ledger (27560 record id); the same for its withdrawal receipt
 * @param issuedAt        when this receipt was issued (server time)
 * @param state           the consent's state this receipt attests
 * @param piiPrincipalId  the number that consented, in E.164
 * @param controller      the professional the consent is given to (27560 PII controller)
 * @param authorisedCallers call centres allowed to call for the controller (may be empty)
 * @param purposes        the scope: the controller's purpose codes with their labels and the nature of goods or services
 * @param notice          the notice shown, by SHA-256 of its exact text, and its language
 * @param channel         how consent was collected (27560 collection method)
 * @param collectedAt     when consent was collected (server time, or the original time of an imported consent)
 * @param evidence        a summary of the evidence of the positive act
 * @param validFrom       start of validity
 * @param validUntil      end of validity (at most one year after collection by policy; not checked here)
 * @param offHoursSlot    the precisely agreed off-hours date and slot, or null
 * @param chain           the ledger row this receipt attests, by sequence and link hash
 */
public record ConsentReceipt(
        String recordId,
        Instant issuedAt,
        State state,
        String piiPrincipalId,
        Party controller,
        List<Party> authorisedCallers,
        List<Purpose> purposes,
        Notice notice,
        Channel channel,
        Instant collectedAt,
        Evidence evidence,
        Instant validFrom,
        Instant validUntil,
        Slot offHoursSlot,
        ChainPosition chain) {

    /** The schema name written in every receipt. */
    public static final String SCHEMA = "consenti.consent-receipt";
    /** The schema version this class writes and reads. */
    public static final long VERSION = 1;
    /** The JWS header type of a signed consent receipt. */
    public static final String JWS_TYPE = "consent-receipt+jws";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Whether the consent stands or was withdrawn. */
    public enum State { GIVEN, WITHDRAWN }

    /**
     * How consent was collected (RULES.md §3); {@code IMPORT} for a consent collected before the professional adopted
     * Consenti whose original channel is not known.
     */
    public enum Channel { WEB_FORM, PAPER, IN_PERSON, RECORDED_CALL, IMPORT }

    /** A company by its SIREN and name. */
    public record Party(String siren, String name) {
        public Party {
            Objects.requireNonNull(siren, "siren");
            Objects.requireNonNull(name, "name");
        }
    }

    /** A processing purpose: the controller's code, its label and the nature of the goods or services it covers. */
    public record Purpose(String code, String label, String nature) {
        public Purpose {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(nature, "nature");
        }
    }

    /** The notice shown, by the SHA-256 (lower-case hex) of its exact text, and its language tag. */
    public record Notice(String sha256, String language) {
        public Notice {
            if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException("notice sha256 must be 64 lower-case hex digits: " + sha256);
            }
            Objects.requireNonNull(language, "language");
        }
    }

    /** The evidence of the positive act: its kind (e.g. FORM_SUBMISSION, CALL_RECORDING), a summary, and when. */
    public record Evidence(String kind, String summary, Instant at) {
        public Evidence {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A time slot, start inclusive, end exclusive. */
    public record Slot(Instant from, Instant until) {
        public Slot {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("slot ends before it starts: " + from + " / " + until);
            }
        }
    }

    /** A row of the consent ledger's hash chain. */
    public record ChainPosition(long sequence, String linkHash) {
        public ChainPosition {
            if (sequence < 1) {
                throw new IllegalArgumentException("chain sequences start at 1: " + sequence);
            }
            if (linkHash == null || !SHA256_HEX.matcher(linkHash).matches()) {
                throw new IllegalArgumentException("link hash must be 64 lower-case hex digits: " + linkHash);
            }
        }
    }

    public ConsentReceipt {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(piiPrincipalId, "piiPrincipalId");
        Objects.requireNonNull(controller, "controller");
        authorisedCallers = List.copyOf(authorisedCallers);
        purposes = List.copyOf(purposes);
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("a consent covers at least one purpose");
        }
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(collectedAt, "collectedAt");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        if (!validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("validity ends before it starts: " + validFrom + " / " + validUntil);
        }
        Objects.requireNonNull(chain, "chain");
    }

    /** The deterministic JSON form, the bytes to sign. */
    public byte[] toJson() {
        JsonWriter w = new JsonWriter().beginObject()
                .name("schema").value(SCHEMA)
                .name("version").value(VERSION)
                .name("recordId").value(recordId)
                .name("issuedAt").value(issuedAt.toString())
                .name("state").value(state.name())
                .name("piiPrincipalId").value(piiPrincipalId)
                .name("piiController");
        party(w, controller);
        w.name("authorisedCallers").beginArray();
        authorisedCallers.forEach(p -> party(w, p));
        w.endArray().name("purposes").beginArray();
        for (Purpose p : purposes) {
            w.beginObject().name("code").value(p.code()).name("label").value(p.label())
                    .name("nature").value(p.nature()).endObject();
        }
        w.endArray()
                .name("notice").beginObject()
                .name("sha256").value(notice.sha256()).name("language").value(notice.language()).endObject()
                .name("collection").beginObject()
                .name("channel").value(channel.name())
                .name("collectedAt").value(collectedAt.toString())
                .name("evidence").beginObject()
                .name("kind").value(evidence.kind()).name("summary").value(evidence.summary())
                .name("at").value(evidence.at().toString()).endObject()
                .endObject()
                .name("validity").beginObject()
                .name("from").value(validFrom.toString()).name("until").value(validUntil.toString()).endObject()
                .name("offHoursSlot");
        if (offHoursSlot == null) {
            w.nullValue();
        } else {
            w.beginObject().name("from").value(offHoursSlot.from().toString())
                    .name("until").value(offHoursSlot.until().toString()).endObject();
        }
        w.name("chain").beginObject()
                .name("sequence").value(chain.sequence()).name("linkHash").value(chain.linkHash()).endObject();
        return w.endObject().toBytes();
    }

    /** Signs this receipt's JSON with the platform key. */
    public String sign(ReceiptSigner signer) {
        return signer.sign(JWS_TYPE, toJson());
    }

    /**
     * Reads a receipt written by {@link #toJson()}: every member present with its type, none unknown, this schema and
     * version.
     *
     * @throws IllegalArgumentException naming the first member that is wrong
     */
    public static ConsentReceipt fromJson(byte[] json) {
        Obj root = new Obj("", Json.parseObject(json), Set.of("schema", "version", "recordId", "issuedAt", "state",
                "piiPrincipalId", "piiController", "authorisedCallers", "purposes", "notice", "collection",
                "validity", "offHoursSlot", "chain"));
        if (!SCHEMA.equals(root.string("schema"))) {
            throw new IllegalArgumentException("not a consent receipt: schema " + root.string("schema"));
        }
        if (root.number("version") != VERSION) {
            throw new IllegalArgumentException("unsupported consent receipt version " + root.number("version"));
        }
        Obj collection = root.obj("collection", Set.of("channel", "collectedAt", "evidence"));
        Obj evidence = collection.obj("evidence", Set.of("kind", "summary", "at"));
        Obj notice = root.obj("notice", Set.of("sha256", "language"));
        Obj validity = root.obj("validity", Set.of("from", "until"));
        Obj chain = root.obj("chain", Set.of("sequence", "linkHash"));
        Obj slot = root.optionalObj("offHoursSlot", Set.of("from", "until"));
        return root.wrap(() -> new ConsentReceipt(
                root.string("recordId"),
                root.instant("issuedAt"),
                root.constant("state", State::valueOf),
                root.string("piiPrincipalId"),
                party(root.obj("piiController", Set.of("siren", "name"))),
                root.list("authorisedCallers", o -> party(o.keys(Set.of("siren", "name")))),
                root.list("purposes", o -> o.keys(Set.of("code", "label", "nature"))
                        .wrap(() -> new Purpose(o.string("code"), o.string("label"), o.string("nature")))),
                notice.wrap(() -> new Notice(notice.string("sha256"), notice.string("language"))),
                collection.constant("channel", Channel::valueOf),
                collection.instant("collectedAt"),
                evidence.wrap(() -> new Evidence(evidence.string("kind"), evidence.string("summary"), evidence.instant("at"))),
                validity.instant("from"),
                validity.instant("until"),
                slot == null ? null : slot.wrap(() -> new Slot(slot.instant("from"), slot.instant("until"))),
                chain.wrap(() -> new ChainPosition(chain.number("sequence"), chain.string("linkHash")))));
    }

    private static void party(JsonWriter w, Party p) {
        w.beginObject().name("siren").value(p.siren()).name("name").value(p.name()).endObject();
    }

    private static Party party(Obj o) {
        return o.wrap(() -> new Party(o.string("siren"), o.string("name")));
    }

    /** A JSON object being read, with its path for error messages. */
    private record Obj(String path, Map<String, Object> members) {

        Obj(String path, Map<String, Object> members, Set<String> expected) {
            this(path, members);
            keys(expected);
        }

        Obj keys(Set<String> expected) {
            for (String key : members.keySet()) {
                if (!expected.contains(key)) {
                    throw new IllegalArgumentException("unknown member " + path + key);
                }
            }
            for (String key : expected) {
                if (!members.containsKey(key)) {
                    throw new IllegalArgumentException("missing member " + path + key);
                }
            }
            return this;
        }

        Object get(String key) {
            if (!members.containsKey(key)) {
                throw new IllegalArgumentException("missing member " + path + key);
            }
            return members.get(key);
        }

        String string(String key) {
            if (get(key) instanceof String s) {
                return s;
            }
            throw new IllegalArgumentException(path + key + " must be a string");
        }

        long number(String key) {
            if (get(key) instanceof Long n) {
                return n;
            }
            throw new IllegalArgumentException(path + key + " must be an integer");
        }

        Instant instant(String key) {
            try {
                return Instant.parse(string(key));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(path + key + " must be an ISO-8601 UTC instant", e);
            }
        }

        <E> E constant(String key, Function<String, E> valueOf) {
            String s = string(key);
            try {
                return valueOf.apply(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + key + ": unknown value " + s, e);
            }
        }

        @SuppressWarnings("unchecked")
        Obj obj(String key, Set<String> expected) {
            if (get(key) instanceof Map<?, ?> m) {
                return new Obj(path + key + ".", (Map<String, Object>) m, expected);
            }
            throw new IllegalArgumentException(path + key + " must be an object");
        }

        Obj optionalObj(String key, Set<String> expected) {
            return get(key) == null ? null : obj(key, expected);
        }

        @SuppressWarnings("unchecked")
        <T> List<T> list(String key, Function<Obj, T> item) {
            if (!(get(key) instanceof List<?> items)) {
                throw new IllegalArgumentException(path + key + " must be an array");
            }
            List<T> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException(path + key + "[" + i + "] must be an object");
                }
                out.add(item.apply(new Obj(path + key + "[" + i + "].", (Map<String, Object>) m)));
            }
            return out;
        }

        <T> T wrap(java.util.function.Supplier<T> build) {
            try {
                return build.get();
            } catch (NullPointerException e) {
                throw new IllegalArgumentException(path + e.getMessage() + " must not be null", e);
            }
        }
    }
}
