package fr.consenti.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.calendar.CalleeLocation;
import fr.consenti.core.calendar.CallingCalendar;
import fr.consenti.core.number.Territory;
import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** A professional with a real API key and a purpose, talking to the running server as a dialler would. */
final class DiallerFixture {

    static final String PURPOSE = "ENERGY";
    static final String CALLER_ID = "01 62 00 00 00";
    static final String NOTICE = "J'accepte d'être appelé par Exemple SA pour des offres de rénovation énergétique.";
    private static final CallingCalendar CALENDAR = new CallingCalendar();
    private static final CalleeLocation PARIS = CalleeLocation.of(Territory.METROPOLE);

    final Professional professional;
    final IssuedApiKey key;
    final Http http;
    private final TestClock clock;

    DiallerFixture(TestAccounts accounts, int port, TestClock clock) {
        this.clock = clock;
        this.professional = accounts.professional();
        this.key = accounts.key(professional);
        this.http = Http.withKey(port, key.key());
        HttpResponse<String> purpose = post("/api/v1/purposes",
                "{\"code\":\"" + PURPOSE + "\",\"label\":\"Rénovation\",\"nature\":\"Isolation des logements\"}");
        assertThat(purpose.statusCode()).as(purpose.body()).isEqualTo(201);
    }

    /** A random metropolitan mobile number (061…: never an overseas range such as 0690–0697 or 0639). */
    static String randomMobile() {
        return "061" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        return http.send("POST", path, "application/json", json, headers);
    }

    HttpResponse<String> get(String path) {
        return http.get(path);
    }

    /** Records a web-form consent for {@code number} with the ledger's own API. */
    void giveConsent(String number) {
        String body = """
                {"number": "%s", "purposes": ["%s"], "channel": "WEB_FORM",
                 "notice": {"text": "%s", "language": "fr"},
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "203.0.113.7",
                              "userAgent": "Mozilla/5.0 (X11; Linux x86_64)", "submittedAt": "%s"}}"""
                .formatted(number, PURPOSE, NOTICE, clock.instant().minusSeconds(5));
        HttpResponse<String> response = post("/api/v1/consents", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    static String check(String number, String extra) {
        return "{\"number\":\"" + number + "\",\"callerId\":\"" + CALLER_ID + "\",\"purpose\":\"" + PURPOSE + "\""
                + extra + "}";
    }

    /** The next instant the calling hours are open in Paris, a little after {@code from} (11:00 or later). */
    static Instant nextOpen(Instant from) {
        Instant open = CALENDAR.nextOpen(from, PARIS);
        // Well inside the window rather than on its edge.
        Instant later = open.plus(Duration.ofMinutes(30));
        return CALENDAR.isOpen(later, PARIS) ? later : open;
    }

    /** Moves the application's clock into the calling hours (Paris), if it is not there already. */
    void moveClockIntoCallingHours() {
        Instant now = clock.instant();
        if (!CALENDAR.isOpen(now, PARIS) || !CALENDAR.isOpen(now.plus(Duration.ofMinutes(30)), PARIS)) {
            clock.advance(Duration.between(now, nextOpen(now.plus(Duration.ofMinutes(31)))));
        }
    }

    String simulatedAtOpenHoursInstant() {
        return nextOpen(clock.instant().plus(Duration.ofHours(1))).toString();
    }

    String simulatedAtOpenHours() {
        return nextOpen(clock.instant().plus(Duration.ofHours(1))).atZone(ZoneId.of("Europe/Paris"))
                .toOffsetDateTime().toString();
    }

    /** Checks until the answer satisfies {@code done} or a deadline passes (the index follows the feed). */
    JsonNode checkUntil(String body, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last;
        do {
            HttpResponse<String> response = post("/api/v1/checks", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            last = Http.json(response);
            if (done.test(last)) {
                return last;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        } while (System.nanoTime() < deadline);
        return last;
    }

    static Predicate<JsonNode> verdict(String verdict, String code) {
        return json -> json.get("verdict").asString().equals(verdict) && (code == null
                || json.get("reasons").findValuesAsString("code").contains(code)
                || code.equals(json.get("basis").asString()));
    }
}
