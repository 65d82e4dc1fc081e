package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.CallerId;
import fr.consenti.core.rules.Sector;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One check or call as the dialler sends it, read by hand from the JSON bytes (no data binding on the hot path), with
 * every unknown member and every wrong type reported under its own path.
 *
 * @param at absent (null) for a check at server time; an ISO-8601 instant with offset for a simulated one
 */
record CheckInput(String number, String callerId, String purpose, String sector, String at, String departement,
                  Boolean ongoingContract, Boolean b2b) {

    static final int MAX_BATCH = 10_000;
    static final List<String> FIELDS = List.of("number", "callerId", "purpose", "sector", "at", "departement",
            "ongoingContract", "b2b");
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern DEPARTEMENT = Pattern.compile("0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-8]");
    private static final Sector[] SECTORS = Sector.values();

    /** The body: one check, or {@code {"checks": [...]}}. */
    record Body(CheckInput single, List<CheckInput> batch) {
    }

    static Body read(byte[] json, boolean batchAllowed) {
        Body plain = PlainCheckJson.read(json, batchAllowed);
        return plain != null ? plain : readWithJackson(json, batchAllowed);
    }

    /** Any body, valid or not: the reference reading, with a precise problem for every error. */
    static Body readWithJackson(byte[] json, boolean batchAllowed) {
        List<CallProblems.FieldProblem> errors = new ArrayList<>();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw CallProblems.malformed("The request body must be a JSON object.", 1, 1);
            }
            Body body;
            JsonToken first = p.nextToken();
            if (batchAllowed && first == JsonToken.PROPERTY_NAME && "checks".equals(p.currentName())) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    errors.add(new CallProblems.FieldProblem("checks", "must be an array of checks"));
                    throw CallProblems.validation(errors);
                }
                List<CheckInput> batch = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (batch.size() == MAX_BATCH) {
                        throw CallProblems.of(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE,
                                "BATCH_TOO_LARGE", "A batch holds at most " + MAX_BATCH + " checks.");
                    }
                    if (t != JsonToken.START_OBJECT) {
                        errors.add(new CallProblems.FieldProblem("checks[" + batch.size() + "]", "must be an object"));
                        p.skipChildren();
                        batch.add(null);
                        continue;
                    }
                    batch.add(members(p, p.nextToken(), batch.size(), errors));
                }
                if (p.nextToken() != JsonToken.END_OBJECT) {
                    errors.add(new CallProblems.FieldProblem(p.currentName() == null ? "checks" : p.currentName(),
                            "a batch holds only \"checks\""));
                }
                if (batch.isEmpty()) {
                    errors.add(new CallProblems.FieldProblem("checks", "must hold at least one check"));
                }
                body = new Body(null, batch);
            } else {
                body = new Body(members(p, first, -1, errors), null);
            }
            if (p.nextToken() != null) {
                throw CallProblems.malformed("Only one JSON value is expected in the body.", 0, 0);
            }
            if (!errors.isEmpty()) {
                throw CallProblems.validation(errors);
            }
            return body;
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw CallProblems.malformed("The request body is missing or is not valid JSON.",
                    at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
        }
    }

    /**
     * Reads the members of an object whose first token after '{' is {@code t}, up to its '}'; {@code index} is its
     * place in a batch, -1 for a single check.
     */
    private static CheckInput members(JsonParser p, JsonToken t, int index, List<CallProblems.FieldProblem> errors) {
        String number = null, callerId = null, purpose = null, sector = null, at = null, departement = null;
        Boolean ongoing = null, b2b = null;
        for (; t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.PROPERTY_NAME) {
                throw CallProblems.malformed("The request body is missing or is not valid JSON.", 0, 0);
            }
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "number" -> number = string(p, v, index, name, errors);
                case "callerId" -> callerId = string(p, v, index, name, errors);
                case "purpose" -> purpose = string(p, v, index, name, errors);
                case "sector" -> sector = string(p, v, index, name, errors);
                case "at" -> at = string(p, v, index, name, errors);
                case "departement" -> departement = string(p, v, index, name, errors);
                case "ongoingContract" -> ongoing = bool(p, v, index, name, errors);
                case "b2b" -> b2b = bool(p, v, index, name, errors);
                default -> {
                    errors.add(new CallProblems.FieldProblem(field(index, name),
                            "unknown field; the fields are " + String.join(", ", FIELDS)));
                    p.skipChildren();
                }
            }
        }
        return new CheckInput(number, callerId, purpose, sector, at, departement, ongoing, b2b);
    }

    /** The name of a field in errors: {@code number} alone, {@code checks[3].number} in a batch. */
    private static String field(int index, String name) {
        return index < 0 ? name : "checks[" + index + "]." + name;
    }

    private static String string(JsonParser p, JsonToken v, int index, String name,
                                 List<CallProblems.FieldProblem> errors) {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (v == JsonToken.VALUE_NUMBER_INT && name.equals("number")) {
            return p.getString();
        }
        errors.add(new CallProblems.FieldProblem(field(index, name), "must be a string"));
        p.skipChildren();
        return null;
    }

    private static Boolean bool(JsonParser p, JsonToken v, int index, String name,
                                List<CallProblems.FieldProblem> errors) {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
            return v == JsonToken.VALUE_TRUE;
        }
        errors.add(new CallProblems.FieldProblem(field(index, name), "must be true or false"));
        p.skipChildren();
        return null;
    }

    /**
     * The engine's request for a check alone (not in a batch), or null with {@code errors} filled.
     * {@code numberMustParse}: an unparseable number is a request error (single check, call) rather than a
     * NUMBER_INVALID verdict (batch). {@code atAllowed}: false for a call, which is judged at server time only.
     */
    CallRequest toRequest(Dialler dialler, Instant now, boolean numberMustParse, boolean atAllowed,
                          List<CallProblems.FieldProblem> errors) {
        return toRequest(dialler, now, -1, numberMustParse, atAllowed, errors, new Repeats());
    }

    /**
     * Within one request, the values that most checks of a batch share (the caller id shown, the purpose, the
     * instant simulated) are parsed once: a batch of 10,000 checks otherwise spent more time parsing one date 10,000
     * times than judging.
     */
    static final class Repeats {
        private String callerIdText;
        private CallerId callerId;
        private String atText;
        private Instant at;
        /** A purpose already found valid for this dialler, and its stripped form. */
        private String purposeText;
        private String purpose;
    }

    /** As above, for the check at {@code index} of a batch (-1 alone), with the values parsed earlier in its batch. */
    CallRequest toRequest(Dialler dialler, Instant now, int index, boolean numberMustParse, boolean atAllowed,
                          List<CallProblems.FieldProblem> errors, Repeats repeats) {
        int before = errors.size();
        ParseOutcome callee = null;
        if (number == null) {
            errors.add(new CallProblems.FieldProblem(field(index, "number"), "is required"));
        } else {
            callee = NumberParser.parse(number);
            if (numberMustParse && callee instanceof NumberError e) {
                errors.add(new CallProblems.FieldProblem(field(index, "number"), e.message()));
            }
        }
        CallerId caller = null;
        if (callerId == null) {
            errors.add(new CallProblems.FieldProblem(field(index, "callerId"),
                    "is required: the number presented to the callee, or \"HIDDEN\""));
        } else if (callerId.equals(repeats.callerIdText)) {
            caller = repeats.callerId;
        } else {
            caller = callerId.isBlank() || callerId.strip().equalsIgnoreCase("HIDDEN")
                    ? new CallerId.Hidden()
                    : CallerId.of(NumberParser.parse(callerId));
            repeats.callerIdText = callerId;
            repeats.callerId = caller;
        }
        String stripped = null;
        if (purpose != null && purpose.equals(repeats.purposeText)) {
            stripped = repeats.purpose;
        } else if (purpose == null || purpose.isBlank()) {
            errors.add(new CallProblems.FieldProblem(field(index, "purpose"), "is required: the purpose code of the call"));
        } else if (purpose.length() > 100) {
            errors.add(new CallProblems.FieldProblem(field(index, "purpose"), "must be at most 100 characters"));
        } else if (!dialler.mayCallFor(purpose)) {
            errors.add(new CallProblems.FieldProblem(field(index, "purpose"),
                    "is not among the purposes this key's delegation covers"));
        } else {
            stripped = purpose.strip();
            repeats.purposeText = purpose;
            repeats.purpose = stripped;
        }
        Sector s = Sector.OTHER;
        if (sector != null) {
            s = null;
            for (Sector candidate : SECTORS) {
                if (candidate.name().equals(sector)) {
                    s = candidate;
                }
            }
            if (s == null) {
                errors.add(new CallProblems.FieldProblem(field(index, "sector"), "must be one of "
                        + String.join(", ", java.util.Arrays.stream(SECTORS).map(Enum::name).toList())));
            }
        }
        Instant when = now;
        if (at != null) {
            if (!atAllowed) {
                errors.add(new CallProblems.FieldProblem(field(index, "at"),
                        "is not accepted here: a call is judged at server time (use POST /api/v1/checks to simulate)"));
            } else {
                try {
                    if (!at.equals(repeats.atText)) {
                        repeats.at = OffsetDateTime.parse(at.strip()).toInstant();
                        repeats.atText = at;
                    }
                    when = repeats.at;
                } catch (DateTimeException e) {
                    errors.add(new CallProblems.FieldProblem(field(index, "at"),
                            "must be an ISO-8601 time with its offset, such as 2026-09-01T10:15:00+02:00"));
                }
            }
        }
        if (departement != null && !DEPARTEMENT.matcher(departement).matches()) {
            errors.add(new CallProblems.FieldProblem(field(index, "departement"),
                    "must be a French département code such as 75, 2A, 57 or 974"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new CallRequest(callee, caller, dialler.professionalSiren(), dialler.callCentreSiren(), stripped,
                s, when, departement, Boolean.TRUE.equals(b2b), Boolean.TRUE.equals(ongoingContract));
    }

    boolean simulated() {
        return at != null;
    }

    /** The number as parsed, when it parses. */
    static FrenchNumber parsed(CallRequest request) {
        return request.callee() instanceof FrenchNumber n ? n : null;
    }
}
