package fr.consenti.server.consent;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import fr.consenti.server.accounts.Siren;
import fr.consenti.server.consent.Problems.FieldProblem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a consent request field by field and, when every field holds, builds its GIVEN event. Pure apart from the
 * inputs given (the professional's purposes, the known notices, the time): the API and the bulk import share it,
 * each naming fields its own way ({@link Naming}).
 */
final class ConsentValidator {

    enum Channel { WEB_FORM, PAPER, IN_PERSON, RECORDED_CALL, IMPORT }

    enum EvidenceKind { FORM_SUBMISSION, CALL_RECORDING, DOCUMENT }

    /** How fields are named in errors: as JSON paths, or as the bulk import's columns. */
    enum Naming {
        JSON, CSV;

        private static final Map<String, String> COLUMNS = Map.ofEntries(
                Map.entry("collectedAt", "collected_at"), Map.entry("validUntil", "valid_until"),
                Map.entry("notice", "notice"), Map.entry("notice.text", "notice"),
                Map.entry("notice.sha256", "notice_sha256"), Map.entry("notice.language", "notice_language"),
                Map.entry("evidence", "evidence_kind"), Map.entry("evidence.kind", "evidence_kind"),
                Map.entry("evidence.ip", "evidence_ip"), Map.entry("evidence.userAgent", "evidence_user_agent"),
                Map.entry("evidence.submittedAt", "evidence_at"), Map.entry("evidence.saidYesAt", "evidence_at"),
                Map.entry("evidence.signedAt", "evidence_at"), Map.entry("evidence.recordingRef", "evidence_ref"),
                Map.entry("evidence.documentRef", "evidence_ref"), Map.entry("offHoursSlot", "slot_date"),
                Map.entry("offHoursSlot.date", "slot_date"), Map.entry("offHoursSlot.start", "slot_start"),
                Map.entry("offHoursSlot.end", "slot_end"), Map.entry("thirdParties", "third_parties"),
                Map.entry("personRef", "person_ref"));

        String name(String jsonPath) {
            if (this == JSON) {
                return jsonPath;
            }
            String base = jsonPath.replaceAll("\\[\\d+]", "");
            return COLUMNS.getOrDefault(base, base);
        }
    }

    /** The outcome of checking one request. */
    sealed interface Outcome {
        /** Every field holds: the event to append, and the notice to store first when its text came with it. */
        record Valid(ConsentEvent given, StoredNotice newNotice, FrenchNumber number) implements Outcome {
        }

        record Invalid(List<FieldProblem> errors) implements Outcome {
        }
    }

    record StoredNotice(String sha256, String text, String language) {
    }

    static final int MAX_PURPOSES = 20;
    static final int MAX_THIRD_PARTIES = 50;
    static final int MAX_NOTICE_LENGTH = 100_000;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final ConsentPolicy policy;
    private final Naming naming;

    ConsentValidator(ConsentPolicy policy, Naming naming) {
        this.policy = policy;
        this.naming = naming;
    }

    /**
     * Checks {@code request} of professional {@code professionalId} at {@code now}.
     *
     * @param purposes     the professional's purpose codes
     * @param noticeExists whether a notice with this SHA-256 is stored
     */
    Outcome check(long professionalId, ConsentRequest request, Instant now, Set<String> purposes,
                  Predicate<String> noticeExists) {
        List<FieldProblem> errors = new ArrayList<>();
        FrenchNumber number = number(request.number(), now, errors);
        List<String> codes = purposes(request.purposes(), purposes, errors);
        Channel channel = constant(Channel.class, "channel", request.channel(), errors);
        Instant collectedAt = request.collectedAt() == null || request.collectedAt().isBlank()
                ? now : time("collectedAt", request.collectedAt(), errors);
        if (collectedAt != null && collectedAt.isAfter(now)) {
            errors.add(problem("collectedAt", "must not be in the future (server time " + now + ")"));
            collectedAt = null;
        }
        StoredNotice[] newNotice = new StoredNotice[1];
        String noticeSha256 = notice(request.notice(), noticeExists, newNotice, errors);
        EvidenceFacts evidence = evidence(request.evidence(), channel, now, errors);
        Instant validUntil = validUntil(request.validUntil(), collectedAt, errors);
        SlotFacts slot = slot(request.offHoursSlot(), number, collectedAt, validUntil, errors);
        List<String> thirdParties = thirdParties(request.thirdParties(), errors);
        String personRef = text("personRef", request.personRef(), 200, false, errors);
        if (!errors.isEmpty()) {
            return new Outcome.Invalid(errors);
        }
        ConsentEvent given = new ConsentEvent(0, ConsentEvent.Kind.GIVEN, ConsentIds.next(now), professionalId,
                number.e164(), null, number.nsn(), null, personRef, null, thirdParties, codes, channel.name(),
                collectedAt, noticeSha256, evidence.kind().name(), evidence.ip(), null, evidence.userAgent(), null,
                evidence.ref(), null, evidence.at(), collectedAt, validUntil,
                slot == null ? null : slot.date(), slot == null ? null : slot.start(),
                slot == null ? null : slot.end(), collectedAt, now, null, null);
        return new Outcome.Valid(given, newNotice[0], number);
    }

    private FrenchNumber number(String input, Instant now, List<FieldProblem> errors) {
        if (input == null || input.isBlank()) {
            errors.add(problem("number", "is required"));
            return null;
        }
        ParseOutcome outcome = NumberParser.parse(input, LocalDate.ofInstant(now, FRANCE));
        return switch (outcome) {
            case NumberError e -> {
                errors.add(problem("number", e.message()));
                yield null;
            }
            case FrenchNumber n when !n.callable() -> {
                errors.add(problem("number", "is a " + n.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " number, which is never called (RULES.md §6): no consent can cover it"));
                yield null;
            }
            case FrenchNumber n -> n;
        };
    }

    private List<String> purposes(List<String> given, Set<String> known, List<FieldProblem> errors) {
        if (given == null || given.isEmpty()) {
            errors.add(problem("purposes", "at least one purpose code is required"));
            return List.of();
        }
        if (given.size() > MAX_PURPOSES) {
            errors.add(problem("purposes", "at most " + MAX_PURPOSES + " purposes"));
            return List.of();
        }
        List<String> codes = new ArrayList<>(given.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String code = given.get(i) == null ? null : given.get(i).strip();
            String field = "purposes[" + i + "]";
            if (code == null || code.isEmpty()) {
                errors.add(problem(field, "is empty"));
            } else if (!known.contains(code)) {
                errors.add(problem(field, "unknown purpose " + quote(code) + ": define it first (POST /api/v1/purposes)"));
            } else if (!seen.add(code)) {
                errors.add(problem(field, "purpose " + code + " is listed twice"));
            } else {
                codes.add(code);
            }
        }
        return codes;
    }

    private String notice(ConsentRequest.Notice notice, Predicate<String> exists, StoredNotice[] newNotice,
                          List<FieldProblem> errors) {
        if (notice == null) {
            errors.add(problem("notice", "is required: the exact text shown, or the SHA-256 of one sent before"));
            return null;
        }
        boolean hasText = notice.text() != null && !notice.text().isBlank();
        boolean hasSha = notice.sha256() != null && !notice.sha256().isBlank();
        String language = notice.language() == null || notice.language().isBlank() ? "fr" : notice.language().strip();
        if (!LANGUAGE.matcher(language).matches() || language.length() > 35) {
            errors.add(problem("notice.language", "must be a BCP 47 language tag such as fr or fr-FR"));
        }
        if (hasText) {
            String text = text("notice.text", notice.text(), MAX_NOTICE_LENGTH, true, errors);
            if (text == null) {
                return null;
            }
            String sha256 = sha256Hex(text);
            if (hasSha && !sha256.equals(notice.sha256().strip())) {
                errors.add(problem("notice.sha256", "is not the SHA-256 of notice.text (" + sha256 + ")"));
                return null;
            }
            newNotice[0] = new StoredNotice(sha256, text, language);
            return sha256;
        }
        if (!hasSha) {
            errors.add(problem("notice", "give its text, or the SHA-256 of a notice sent before"));
            return null;
        }
        String sha256 = notice.sha256().strip();
        if (!SHA256_HEX.matcher(sha256).matches()) {
            errors.add(problem("notice.sha256", "must be 64 lower-case hexadecimal digits"));
            return null;
        }
        if (!exists.test(sha256)) {
            errors.add(problem("notice.sha256", "no notice with this SHA-256 is stored: send its text once"));
            return null;
        }
        return sha256;
    }

    private record EvidenceFacts(EvidenceKind kind, String ip, String userAgent, String ref, Instant at) {
    }

    private EvidenceFacts evidence(ConsentRequest.Evidence evidence, Channel channel, Instant now,
                                   List<FieldProblem> errors) {
        if (evidence == null) {
            errors.add(problem("evidence", "is required: the proof of the positive act"));
            return null;
        }
        EvidenceKind kind = constant(EvidenceKind.class, "evidence.kind", evidence.kind(), errors);
        if (kind == null) {
            return null;
        }
        EvidenceKind expected = channel == null ? null : switch (channel) {
            case WEB_FORM -> EvidenceKind.FORM_SUBMISSION;
            case RECORDED_CALL -> EvidenceKind.CALL_RECORDING;
            case PAPER, IN_PERSON -> EvidenceKind.DOCUMENT;
            case IMPORT -> kind;
        };
        if (expected != null && expected != kind) {
            errors.add(problem("evidence.kind", "channel " + channel + " is proven by " + expected + ", not " + kind));
            return null;
        }
        int before = errors.size();
        EvidenceFacts facts = switch (kind) {
            case FORM_SUBMISSION -> new EvidenceFacts(kind, ip(evidence.ip(), errors),
                    text("evidence.userAgent", required("evidence.userAgent", evidence.userAgent(), errors), 1000,
                            false, errors),
                    null, pastTime("evidence.submittedAt", evidence.submittedAt(), now, errors));
            case CALL_RECORDING -> new EvidenceFacts(kind, null, null,
                    text("evidence.recordingRef", required("evidence.recordingRef", evidence.recordingRef(), errors),
                            500, false, errors),
                    pastTime("evidence.saidYesAt", evidence.saidYesAt(), now, errors));
            case DOCUMENT -> new EvidenceFacts(kind, null, null,
                    text("evidence.documentRef", required("evidence.documentRef", evidence.documentRef(), errors),
                            500, false, errors),
                    pastTime("evidence.signedAt", evidence.signedAt(), now, errors));
        };
        return errors.size() == before ? facts : null;
    }

    private String ip(String input, List<FieldProblem> errors) {
        String ip = required("evidence.ip", input, errors);
        if (ip == null) {
            return null;
        }
        ip = ip.strip();
        if (IPV4.matcher(ip).matches()) {
            return ip;
        }
        // Only a literal with a colon reaches InetAddress, which then parses it as IPv6 and never looks up a name.
        if (ip.indexOf(':') >= 0 && IPV6_CHARS.matcher(ip).matches()) {
            try {
                return InetAddress.getByName(ip).getHostAddress();
            } catch (UnknownHostException e) {
                // falls through to the error
            }
        }
        errors.add(problem("evidence.ip", "must be an IPv4 or IPv6 address"));
        return null;
    }

    private Instant validUntil(String input, Instant collectedAt, List<FieldProblem> errors) {
        if (collectedAt == null) {
            return null;
        }
        Instant latest = policy.latestValidUntil(collectedAt).truncatedTo(ChronoUnit.MICROS);
        if (input == null || input.isBlank()) {
            return latest;
        }
        Instant until = time("validUntil", input, errors);
        if (until == null) {
            return null;
        }
        if (!until.isAfter(collectedAt)) {
            errors.add(problem("validUntil", "must be after collectedAt (" + collectedAt + ")"));
            return null;
        }
        if (until.isAfter(latest)) {
            errors.add(problem("validUntil", "a consent is valid at most " + policy.maxValidity()
                    + " after its collection (RULES.md §3): no later than " + latest));
            return null;
        }
        return until;
    }

    private record SlotFacts(LocalDate date, LocalTime start, LocalTime end) {
    }

    private SlotFacts slot(ConsentRequest.Slot slot, FrenchNumber number, Instant collectedAt, Instant validUntil,
                           List<FieldProblem> errors) {
        if (slot == null || (blank(slot.date()) && blank(slot.start()) && blank(slot.end()))) {
            return null;
        }
        int before = errors.size();
        LocalDate date = parse("offHoursSlot.date", slot.date(), LocalDate::parse, "a date such as 2026-09-12", errors);
        LocalTime start = parse("offHoursSlot.start", slot.start(), LocalTime::parse, "a time such as 20:30", errors);
        LocalTime end = parse("offHoursSlot.end", slot.end(), LocalTime::parse, "a time such as 21:00", errors);
        if (errors.size() > before) {
            return null;
        }
        // Kept to the minute: a slot is agreed to the minute, and the database's time type keeps no more.
        start = start.truncatedTo(ChronoUnit.MINUTES);
        end = end.truncatedTo(ChronoUnit.MINUTES);
        if (!end.isAfter(start)) {
            errors.add(problem("offHoursSlot.end", "must be after offHoursSlot.start"));
            return null;
        }
        if (number != null && collectedAt != null && validUntil != null) {
            Instant from = date.atTime(start).atZone(number.zone()).toInstant();
            if (from.isBefore(collectedAt) || !from.isBefore(validUntil)) {
                errors.add(problem("offHoursSlot.date", "the slot must fall within the consent's validity"));
                return null;
            }
        }
        return new SlotFacts(date, start, end);
    }

    private List<String> thirdParties(List<String> given, List<FieldProblem> errors) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_THIRD_PARTIES) {
            errors.add(problem("thirdParties", "at most " + MAX_THIRD_PARTIES + " third parties"));
            return List.of();
        }
        List<String> sirens = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String siren = given.get(i) == null ? "" : given.get(i).strip();
            if (!Siren.isValid(siren)) {
                errors.add(problem("thirdParties[" + i + "]", "not a SIREN (9 digits with a valid Luhn check): "
                        + quote(siren)));
            } else if (sirens.contains(siren)) {
                errors.add(problem("thirdParties[" + i + "]", "SIREN " + siren + " is listed twice"));
            } else {
                sirens.add(siren);
            }
        }
        return sirens;
    }

    private Instant pastTime(String field, String input, Instant now, List<FieldProblem> errors) {
        if (required(field, input, errors) == null) {
            return null;
        }
        Instant at = time(field, input, errors);
        if (at != null && at.isAfter(now)) {
            errors.add(problem(field, "must not be in the future (server time " + now + ")"));
            return null;
        }
        return at;
    }

    private Instant time(String field, String input, List<FieldProblem> errors) {
        OffsetDateTime at = parse(field, input, OffsetDateTime::parse,
                "an ISO-8601 time with its offset, such as 2026-09-01T10:15:00+02:00", errors);
        // Both databases keep microseconds; the link hash must cover what they keep.
        return at == null ? null : at.toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    private <T> T parse(String field, String input, java.util.function.Function<String, T> parser, String expected,
                        List<FieldProblem> errors) {
        if (blank(input)) {
            errors.add(problem(field, "is required"));
            return null;
        }
        try {
            return parser.apply(input.strip());
        } catch (DateTimeException e) {
            errors.add(problem(field, "must be " + expected));
            return null;
        }
    }

    private <E extends Enum<E>> E constant(Class<E> type, String field, String input, List<FieldProblem> errors) {
        if (blank(input)) {
            errors.add(problem(field, "is required"));
            return null;
        }
        try {
            return Enum.valueOf(type, input.strip());
        } catch (IllegalArgumentException e) {
            List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            errors.add(problem(field, "must be one of " + String.join(", ", names)));
            return null;
        }
    }

    private String required(String field, String input, List<FieldProblem> errors) {
        if (blank(input)) {
            errors.add(problem(field, "is required"));
            return null;
        }
        return input;
    }

    /** A free text: bounded, and only characters that the canonical encoding and a reader can take. */
    private String text(String field, String input, int max, boolean multiline, List<FieldProblem> errors) {
        if (input == null) {
            return null;
        }
        String text = multiline ? input : input.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > max) {
            errors.add(problem(field, "at most " + max + " characters"));
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowedControl = multiline && (c == '\n' || c == '\r' || c == '\t');
            if (Character.isISOControl(c) && !allowedControl) {
                errors.add(problem(field, "holds a control character at position " + (i + 1)));
                return null;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    errors.add(problem(field, "holds an unpaired surrogate at position " + (i + 1)));
                    return null;
                }
            }
        }
        return text;
    }

    private FieldProblem problem(String jsonPath, String message) {
        return new FieldProblem(naming.name(jsonPath), message);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
