package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ConsentiIT
class ApiKeyAuthenticationIT {

    private static final String ME = "/api/v1/me";

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    private Professional professional;
    private IssuedApiKey key;

    @BeforeEach
    void keyOfANewProfessional() {
        professional = accounts.professional();
        key = accounts.key(professional);
    }

    @Test
    void bearerKeyActsForItsProfessional() {
        HttpResponse<String> response = new Http(port).get(ME, "Authorization", "Bearer " + key.key());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode me = Http.json(response);
        assertThat(me.path("professionalId").asLong()).isEqualTo(professional.id());
        assertThat(me.path("siren").asString()).isEqualTo(professional.siren().value());
        assertThat(me.path("apiKeyId").asLong()).isEqualTo(key.id());
        assertThat(me.path("delegationId").isNull()).isTrue();
        assertThat(response.headers().firstValue("Set-Cookie")).as("the API keeps no session").isEmpty();
    }

    @Test
    void xApiKeyHeaderWorksToo() {
        assertThat(new Http(port).get(ME, "X-Api-Key", key.key()).statusCode()).isEqualTo(200);
        assertThat(new Http(port).get(ME, "Authorization", "bearer " + key.key()).statusCode()).isEqualTo(200);
    }

    @Test
    void noKeyIsUnauthenticatedWithABearerChallenge() {
        HttpResponse<String> response = new Http(port).get(ME);

        JsonNode problem = problem(response, 401, "UNAUTHENTICATED");
        assertThat(problem.path("instance").asString()).isEqualTo(ME);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").doesNotContain("invalid_token"));
    }

    @Test
    void unknownKeyIsRefusedAsAnInvalidToken() {
        String forged = key.key().substring(0, key.key().length() - 1)
                + (key.key().endsWith("A") ? "B" : "A");

        for (String[] headers : new String[][] {
                {"Authorization", "Bearer " + forged},
                {"X-Api-Key", forged},
                {"Authorization", "Bearer short"},
                {"Authorization", "Bearer "},
                {"Authorization", "Basic dXNlcjpwYXNz"}}) {
            HttpResponse<String> response = new Http(port).get(ME, headers);
            problem(response, 401, "UNAUTHENTICATED");
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(headers[1])
                    .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
        }
    }

    @Test
    void revokedKeyIsRefusedAtOnce() {
        Http http = Http.withKey(port, key.key());
        assertThat(http.get(ME).statusCode()).isEqualTo(200);

        apiKeys.revoke(key.id());

        problem(http.get(ME), 401, "UNAUTHENTICATED");
    }

    @Test
    void unknownApiPathsAskForAKeyBeforeSayingNotFound() {
        problem(new Http(port).get("/api/v1/nothing-here"), 401, "UNAUTHENTICATED");
        problem(Http.withKey(port, key.key()).get("/api/v1/nothing-here"), 404, "NOT_FOUND");
    }

    @Test
    void lastUseIsRecordedAtMostOnceAMinute() {
        Http http = Http.withKey(port, key.key());
        assertThat(lastUsed()).isNull();

        http.get(ME);
        OffsetDateTime first = lastUsed();
        assertThat(first.toInstant()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(30));
        http.get(ME);
        assertThat(lastUsed()).as("within the minute: not written again").isEqualTo(first);

        clock.advance(Duration.ofSeconds(31));
        http.get(ME);
        assertThat(lastUsed().toInstant()).isEqualTo(clock.instant());
    }

    private OffsetDateTime lastUsed() {
        return jdbc.sql("select last_used_at from api_key where id = ?").param(key.id())
                .query(OffsetDateTime.class).optional().orElse(null);
    }

    static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = Http.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        return problem;
    }
}
