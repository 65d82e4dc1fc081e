package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Siren;
import fr.consenti.server.testsupport.Http;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** A professional with a real API key and a purpose, talking to the running server as a client would. */
final class LedgerFixture {

    static final String PURPOSE = "ENERGY";
    static final String NOTICE = "J'accepte d'être appelé par Exemple SA pour des offres de rénovation énergétique.";

    final Professional professional;
    final String key;
    final Http http;
    private final Clock clock;

    LedgerFixture(Professionals professionals, ApiKeys keys, int port, Clock clock) {
        this.clock = clock;
        this.professional = professionals.create(randomSiren(), "Exemple SA", "ENERGY");
        this.key = keys.issue(professional.id(), "test").key();
        this.http = new Http(port);
        HttpResponse<String> purpose = post("/api/v1/purposes",
                "{\"code\":\"" + PURPOSE + "\",\"label\":\"Rénovation\",\"nature\":\"Isolation des logements\"}");
        assertThat(purpose.statusCode()).as(purpose.body()).isEqualTo(201);
    }

    static Siren randomSiren() {
        String eight = String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        for (int last = 0; last <= 9; last++) {
            if (Siren.isValid(eight + last)) {
                return new Siren(eight + last);
            }
        }
        throw new IllegalStateException("every 8 digits have a Luhn check digit");
    }

    HttpResponse<String> post(String path, String json) {
        return http.send("POST", path, "application/json", json, "Authorization", "Bearer " + key);
    }

    HttpResponse<String> get(String path) {
        return http.get(path, "Authorization", "Bearer " + key);
    }

    /**
     * A web-form consent for {@code number} with {@code extra} JSON members (each with a leading comma), submitted
     * a little before the server's (test) clock: the real time runs ahead of a test clock started earlier.
     */
    String webForm(String number, String extra) {
        return """
                {"number": "%s", "purposes": ["%s"], "channel": "WEB_FORM",
                 "notice": {"text": "%s", "language": "fr"},
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "203.0.113.7",
                              "userAgent": "Mozilla/5.0 (X11; Linux x86_64)", "submittedAt": "%s"}%s}"""
                .formatted(number, PURPOSE, NOTICE, clock.instant().minusSeconds(5), extra);
    }

    JsonNode give(String number) {
        HttpResponse<String> response = post("/api/v1/consents", webForm(number, ""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response);
    }
}
