package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Delegations from a professional to a call centre, through the API, and what a delegation key may do. */
@ConsentiIT
class DelegationsIT {

    static final String NOTICE = "J'accepte d'être appelé par Exemple SA pour ses offres.";

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CallCentres callCentres;
    @Autowired
    Delegations delegations;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    Professional professional;
    Http own;
    CallCentre callCentre;

    @BeforeEach
    void professionalWithTwoPurposes() {
        professional = accounts.professional();
        own = Http.withKey(port, accounts.key(professional).key());
        for (String code : List.of("ENERGY", "INSURANCE")) {
            HttpResponse<String> purpose = own.send("POST", "/api/v1/purposes", "application/json",
                    "{\"code\":\"" + code + "\",\"label\":\"" + code + "\",\"nature\":\"Offres " + code + "\"}");
            assertThat(purpose.statusCode()).as(purpose.body()).isEqualTo(201);
        }
        callCentre = callCentres.create(TestAccounts.newSiren(), "Centre d'appels Test");
    }

    @Test
    void aCallCentreSirenMustPassTheLuhnCheckAndBeRegistered() {
        HttpResponse<String> bad = grant("{\"callCentreSiren\":\"123456789\",\"purposes\":[\"ENERGY\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(fields(bad)).containsExactly("callCentreSiren");
        assertThat(Http.json(bad).path("errors").get(0).path("message").asString()).contains("Luhn");

        HttpResponse<String> unknown = grant("{\"callCentreSiren\":\"" + TestAccounts.newSiren().value()
                + "\",\"purposes\":[\"ENERGY\"]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Http.json(unknown).path("errors").get(0).path("message").asString()).contains("registered");
    }

    @Test
    void everyBadFieldOfAGrantIsNamed() {
        HttpResponse<String> response = grant("{\"callCentreSiren\":\"" + callCentre.siren().value() + "\","
                + "\"purposes\":[\"ENERGY\",\"GARDENING\"],\"validFrom\":\"yesterday\","
                + "\"validUntil\":\"" + clock.instant().minus(Duration.ofDays(1)) .atOffset(java.time.ZoneOffset.UTC)
                + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(fields(response)).containsExactlyInAnyOrder("purposes[1]", "validFrom");
        HttpResponse<String> neither = grant("{\"callCentreSiren\":\"" + callCentre.siren().value() + "\"}");
        assertThat(fields(neither)).containsExactly("purposes");
    }

    @Test
    void aDelegationKeyActsForTheProfessionalWithinTheDelegatedPurposesOnly() {
        JsonNode delegation = granted("ENERGY");
        Http key = Http.withKey(port, apiKeys.issueForDelegation(delegations.find(delegation.path("id").asLong())
                .orElseThrow(), "cc", "test").key());

        JsonNode me = Http.json(key.get("/api/v1/me"));
        assertThat(me.path("professionalId").asLong()).isEqualTo(professional.id());
        assertThat(me.path("delegationId").asLong()).isEqualTo(delegation.path("id").asLong());

        HttpResponse<String> energy = key.send("POST", "/api/v1/consents", "application/json", consent("0611000001", "ENERGY"));
        assertThat(energy.statusCode()).as(energy.body()).isEqualTo(201);
        HttpResponse<String> insurance = key.send("POST", "/api/v1/consents", "application/json",
                consent("0611000001", "INSURANCE"));
        assertThat(insurance.statusCode()).as("a purpose outside the delegation").isEqualTo(400);
        assertThat(fields(insurance)).containsExactly("purposes[0]");
        // The professional records an INSURANCE consent for the same number itself.
        HttpResponse<String> byProfessional = own.send("POST", "/api/v1/consents", "application/json",
                consent("0611000001", "INSURANCE"));
        assertThat(byProfessional.statusCode()).isEqualTo(201);
        String insuranceId = Http.json(byProfessional).path("id").asString();

        assertThat(purposesListed(own, "0611000001")).containsExactlyInAnyOrder("ENERGY", "INSURANCE");
        assertThat(purposesListed(key, "0611000001")).as("only what the delegation covers").containsExactly("ENERGY");
        assertThat(key.get("/api/v1/consents/" + insuranceId + "/proof").statusCode()).isEqualTo(404);
        assertThat(key.send("POST", "/api/v1/consents/" + insuranceId + "/withdrawal", "application/json", "{}")
                .statusCode()).isEqualTo(404);
        assertThat(key.get("/api/v1/consents/" + Http.json(energy).path("id").asString() + "/proof").statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("select professional_id from consent where id = ?")
                .param(java.util.UUID.fromString(Http.json(energy).path("id").asString())).query(Long.class).single())
                .as("recorded for the delegating professional").isEqualTo(professional.id());
    }

    @Test
    void aDelegationKeyCannotManageDelegationsPurposesOrImports() {
        JsonNode delegation = granted("ENERGY");
        Http key = Http.withKey(port, apiKeys.issueForDelegation(delegations.find(delegation.path("id").asLong())
                .orElseThrow(), "cc", "test").key());

        assertThat(grantWith(key, "{\"callCentreSiren\":\"" + callCentre.siren().value() + "\",\"allPurposes\":true}")
                .statusCode()).isEqualTo(403);
        assertThat(key.send("POST", "/api/v1/delegations/" + delegation.path("id").asLong() + "/revocation", null, null)
                .statusCode()).isEqualTo(403);
        assertThat(key.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"MORE\",\"label\":\"x\",\"nature\":\"y\"}").statusCode()).isEqualTo(403);
        assertThat(key.send("POST", "/api/v1/consents/imports", "text/csv", "number\n").statusCode()).isEqualTo(403);
        JsonNode listed = Http.json(key.get("/api/v1/delegations"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asLong()).isEqualTo(delegation.path("id").asLong());
    }

    @Test
    void revokingADelegationStopsItsKeysAtOnceAndIsAudited() {
        JsonNode delegation = granted(null);
        long id = delegation.path("id").asLong();
        assertThat(delegation.path("allPurposes").asBoolean()).isTrue();
        Http key = Http.withKey(port, apiKeys.issueForDelegation(delegations.find(id).orElseThrow(), "cc", "test").key());
        assertThat(key.get("/api/v1/me").statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = own.send("POST", "/api/v1/delegations/" + id + "/revocation", null, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(Http.json(revoked).path("status").asString()).isEqualTo("REVOKED");

        assertThat(key.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(key.send("POST", "/api/v1/consents", "application/json", consent("0611000002", "ENERGY"))
                .statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("select action from audit_event where subject = ? order by sequence")
                .param("delegation:" + id).query(String.class).list())
                .containsExactly("DELEGATION_GRANTED", "DELEGATION_REVOKED");
    }

    @Test
    void aDelegationKeyActsOnlyWithinTheDelegationsPeriod() {
        String from = clock.instant().plus(Duration.ofDays(1)).atOffset(java.time.ZoneOffset.UTC).toString();
        String until = clock.instant().plus(Duration.ofDays(3)).atOffset(java.time.ZoneOffset.UTC).toString();
        HttpResponse<String> response = grant("{\"callCentreSiren\":\"" + callCentre.siren().value()
                + "\",\"purposes\":[\"ENERGY\"],\"validFrom\":\"" + from + "\",\"validUntil\":\"" + until + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        long id = Http.json(response).path("id").asLong();
        assertThat(Http.json(response).path("status").asString()).isEqualTo("SCHEDULED");
        Http key = Http.withKey(port, apiKeys.issueForDelegation(delegations.find(id).orElseThrow(), "cc", "test").key());

        assertThat(key.get("/api/v1/me").statusCode()).as("not started").isEqualTo(401);
        clock.advance(Duration.ofDays(2));
        assertThat(key.get("/api/v1/me").statusCode()).as("within its period").isEqualTo(200);
        clock.advance(Duration.ofDays(2));
        assertThat(key.get("/api/v1/me").statusCode()).as("ended").isEqualTo(401);
    }

    @Test
    void aProfessionalCannotRevokeAnothersDelegation() {
        long id = granted("ENERGY").path("id").asLong();
        Http other = Http.withKey(port, accounts.key(accounts.professional()).key());

        HttpResponse<String> response = other.send("POST", "/api/v1/delegations/" + id + "/revocation", null, null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(other.get("/api/v1/delegations"))).isEmpty();
        assertThat(delegations.find(id).orElseThrow().revokedAt()).isNull();
    }

    private JsonNode granted(String purpose) {
        HttpResponse<String> response = grant("{\"callCentreSiren\":\"" + callCentre.siren().value() + "\","
                + (purpose == null ? "\"allPurposes\":true" : "\"purposes\":[\"" + purpose + "\"]") + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response);
    }

    private HttpResponse<String> grant(String json) {
        return grantWith(own, json);
    }

    private static HttpResponse<String> grantWith(Http http, String json) {
        return http.send("POST", "/api/v1/delegations", "application/json", json);
    }

    private String consent(String number, String purpose) {
        return """
                {"number": "%s", "purposes": ["%s"], "channel": "WEB_FORM",
                 "notice": {"text": "%s", "language": "fr"},
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "203.0.113.7",
                              "userAgent": "Mozilla/5.0", "submittedAt": "%s"}}"""
                .formatted(number, purpose, NOTICE, clock.instant().minusSeconds(5));
    }

    private static List<String> purposesListed(Http http, String number) {
        HttpResponse<String> response = http.get("/api/v1/consents?number=" + number);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> purposes = new ArrayList<>();
        Http.json(response).path("consents").forEach(c -> c.path("purposes").forEach(p -> purposes.add(p.asString())));
        return purposes;
    }

    private static List<String> fields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        Http.json(response).path("errors").forEach(e -> fields.add(e.path("field").asString()));
        return fields;
    }
}
