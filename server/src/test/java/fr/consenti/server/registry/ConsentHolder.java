package fr.consenti.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Professional;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.net.http.HttpResponse;
import java.time.Clock;
import tools.jackson.databind.JsonNode;

/** A professional holding consents, recorded through the ledger's API with its own key. */
final class ConsentHolder {

    static final String PURPOSE = "OFFERS";

    final Professional professional;
    private final Http http;
    private final Clock clock;

    ConsentHolder(TestAccounts accounts, int port, Clock clock) {
        this.clock = clock;
        this.professional = accounts.professional();
        this.http = Http.withKey(port, accounts.key(professional).key());
        HttpResponse<String> purpose = http.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"" + PURPOSE + "\",\"label\":\"Offres\",\"nature\":\"Offres de téléphonie\"}");
        assertThat(purpose.statusCode()).as(purpose.body()).isEqualTo(201);
    }

    /** A web-form consent for the number; returns its id. */
    String give(String number) {
        HttpResponse<String> response = http.send("POST", "/api/v1/consents", "application/json", """
                {"number": "%s", "purposes": ["%s"], "channel": "WEB_FORM",
                 "notice": {"text": "J'accepte d'être appelé pour des offres de téléphonie.", "language": "fr"},
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "203.0.113.7",
                              "userAgent": "Mozilla/5.0 (X11; Linux x86_64)", "submittedAt": "%s"}}"""
                .formatted(number, PURPOSE, clock.instant().minusSeconds(5)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response).get("id").asString();
    }

    /** The consents of the number as the professional lists them. */
    JsonNode consents(String number) {
        HttpResponse<String> response = http.get("/api/v1/consents?number=" + java.net.URLEncoder.encode(number,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }
}
