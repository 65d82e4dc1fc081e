package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestDatabase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ConsentiIT
class HealthAndApiDocsIT {

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Test
    void healthStatusIsPublicButNotItsDetails() {
        HttpResponse<String> response = new Http(port).get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = Http.json(response);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.has("components")).isFalse();
    }

    @Test
    void operatorSeesTheDatabaseInDetail() {
        Person operator = accounts.person(Role.OPERATOR, null);
        Browser browser = new Browser(port);
        browser.signIn(operator.email(), TestAccounts.PASSWORD);

        HttpResponse<String> response = browser.get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = Http.json(response);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode db = health.path("components").path("db");
        assertThat(db.path("status").asString()).isEqualTo("UP");
        assertThat(db.path("details").path("database").asString())
                .isEqualToIgnoringCase(TestDatabase.kind() == TestDatabase.Kind.H2 ? "H2" : "PostgreSQL");
    }

    @Test
    void apiDocsDescribeTheApi() {
        HttpResponse<String> response = new Http(port).get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode docs = Http.json(response);
        assertThat(docs.path("openapi").asString()).startsWith("3.");
        assertThat(docs.path("info").path("title").asString()).isEqualTo("Consenti API");
        // Pages are not API operations.
        assertThat(docs.path("paths").has("/")).isFalse();
    }

    @Test
    void swaggerUiIsServedAndPointsAtTheApiDocs() {
        Http http = new Http(port);

        HttpResponse<String> entry = http.get("/swagger-ui.html");
        assertThat(entry.statusCode()).isEqualTo(302);
        assertThat(entry.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/swagger-ui/index.html"));

        HttpResponse<String> page = http.get("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Swagger UI</title>");

        HttpResponse<String> config = http.get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(Http.json(config).path("url").asString()).isEqualTo("/v3/api-docs");
    }
}
