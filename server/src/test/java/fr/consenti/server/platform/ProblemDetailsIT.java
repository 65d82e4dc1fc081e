package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.Http;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ConsentiIT
class ProblemDetailsIT {

    private static final String PROBE = "/api/test/probe";
    private static final String JSON = "application/json";

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    private String key;

    @BeforeEach
    void apiKey() {
        key = accounts.key(accounts.professional()).key();
    }

    private Http api() {
        return Http.withKey(port, key);
    }

    @Test
    void unknownPathIsNotFound() {
        JsonNode problem = problem(api().get("/api/v1/nothing-here", "Accept", JSON), 404);

        assertThat(problem.path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/nothing-here");
    }

    @Test
    void wrongMethodIsNotAllowedAndSaysWhichAre() {
        HttpResponse<String> response = api().send("DELETE", PROBE, null, null);

        JsonNode problem = problem(response, 405);
        assertThat(problem.path("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("POST"));
    }

    @Test
    void bodyThatIsNotJsonIsAnUnsupportedMediaType() {
        HttpResponse<String> response = api().send("POST", PROBE, "text/plain", "732829320");

        assertThat(problem(response, 415).path("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void malformedJsonSaysWhere() {
        HttpResponse<String> response = api().send("POST", PROBE, JSON, "{\n  \"name\": \"A\",\n  \"siren\": }");

        JsonNode problem = problem(response, 400);
        assertThat(problem.path("code").asString()).isEqualTo("MALFORMED_JSON");
        assertThat(problem.path("line").asInt()).isEqualTo(3);
        assertThat(problem.path("detail").asString()).doesNotContain("tools.jackson");
    }

    @Test
    void invalidBodyListsEachFieldWithItsReason() {
        HttpResponse<String> response = api().send("POST", PROBE, JSON, "{\"name\": \" \", \"siren\": \"12AB\"}");

        JsonNode problem = problem(response, 400);
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(fields(problem)).containsExactlyInAnyOrder("name", "siren");
        for (JsonNode error : problem.path("errors")) {
            assertThat(error.path("message").asString()).isNotBlank();
        }
    }

    @Test
    void invalidPathVariableIsAValidationFailureNamingTheParameter() {
        HttpResponse<String> response = api().get(PROBE + "/sirens/12AB");

        JsonNode problem = problem(response, 400);
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(fields(problem)).containsExactly("siren");
    }

    @Test
    void validRequestsStillPass() {
        Http http = api();

        assertThat(http.send("POST", PROBE, JSON, "{\"name\": \"A\", \"siren\": \"732829320\"}").statusCode()).isEqualTo(200);
        assertThat(http.get(PROBE + "/sirens/732829320").statusCode()).isEqualTo(200);
    }

    @Test
    void aFeaturesOwnCodeIsKept() {
        JsonNode problem = problem(api().get(PROBE + "/refusal"), 422);

        assertThat(problem.path("code").asString()).isEqualTo("NUMBER_INVALID");
        assertThat(problem.path("detail").asString()).isEqualTo("Not a French number.");
    }

    @Test
    void exceptionsDeclaringTheirStatusKeepIt() {
        JsonNode problem = problem(api().get(PROBE + "/conflict"), 409);

        assertThat(problem.path("code").asString()).isEqualTo("CONFLICT");
        assertThat(problem.path("detail").asString()).isEqualTo("Already registered.");
    }

    @Test
    void unexpectedFailureIsAnInternalErrorWithoutItsInternals() {
        HttpResponse<String> response = api().get(PROBE + "/failure");

        JsonNode problem = problem(response, 500);
        assertThat(problem.path("code").asString()).isEqualTo("INTERNAL_ERROR");
        assertThat(response.body()).doesNotContain("secret internal detail", "IllegalStateException", "\tat ", "trace");
    }

    @Test
    void errorsSentOutsideTheHandlersAreProblemsToo() {
        JsonNode problem = problem(api().get(PROBE + "/forbidden"), 403);

        assertThat(problem.path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(problem.path("instance").asString()).isEqualTo(PROBE + "/forbidden");
    }

    @Test
    void theErrorPageItselfIsNotFound() {
        assertThat(problem(api().get("/error"), 404).path("code").asString()).isEqualTo("NOT_FOUND");
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        return problem;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            fields.add(error.path("field").asString());
        }
        return fields;
    }
}
