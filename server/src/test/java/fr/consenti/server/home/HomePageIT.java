package fr.consenti.server.home;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@ConsentiIT
class HomePageIT {

    private static final String FRENCH_HEADING = "<h1>Le démarchage téléphonique, avec consentement</h1>";
    private static final String ENGLISH_HEADING = "<h1>Telephone canvassing, with consent</h1>";

    @LocalServerPort
    int port;

    @Test
    void frenchByDefault() {
        HttpResponse<String> page = page(new Http(port).get("/"));

        assertThat(page.body()).contains("<html lang=\"fr\">", FRENCH_HEADING, "Consommateurs", "Professionnels",
                "Opérateur du registre", "Autorités");
        assertThat(page.body()).contains("href=\"/?lang=en\"");
        assertThat(page.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(page.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Accept-Language"));
    }

    @Test
    void englishWhenAskedByTheLinkAndRememberedAfter() {
        Http http = new Http(port);

        HttpResponse<String> page = page(http.get("/?lang=en"));
        assertThat(page.body()).contains("<html lang=\"en\">", ENGLISH_HEADING, "Consumers", "Registry operator",
                "Authorities", "href=\"/?lang=fr\"");
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        assertThat(cookie).startsWith("consenti-lang=");

        assertThat(page(http.get("/", "Cookie", cookie)).body()).contains(ENGLISH_HEADING);
    }

    @Test
    void browserLanguageIsHonouredAmongTheLanguagesOffered() {
        Http http = new Http(port);

        assertThat(page(http.get("/", "Accept-Language", "en-GB,en;q=0.9")).body()).contains(ENGLISH_HEADING);
        assertThat(page(http.get("/", "Accept-Language", "de-DE,en;q=0.5")).body()).contains(ENGLISH_HEADING);
        assertThat(page(http.get("/", "Accept-Language", "fr-FR,en;q=0.5")).body()).contains(FRENCH_HEADING);
        assertThat(page(http.get("/", "Accept-Language", "de-DE")).body()).contains(FRENCH_HEADING);
        assertThat(page(http.get("/?lang=xx", "Accept-Language", "en")).body()).contains(ENGLISH_HEADING);
    }

    @Test
    void pageHasLandmarksAndLinksToTheApiAndHealth() {
        String body = page(new Http(port).get("/")).body();

        assertThat(body).contains("<header", "<nav aria-label=\"Navigation principale\">", "<main id=\"main\">",
                "<footer", "href=\"#main\"", "href=\"/swagger-ui.html\"", "href=\"/v3/api-docs\"",
                "href=\"/actuator/health\"");
        // Nothing is loaded from elsewhere, and no message key is missing (Thymeleaf shows those as ??key??).
        assertThat(body).doesNotContain("src=\"http", "href=\"http", "src=\"//", "href=\"//", "??");
    }

    @Test
    void stylesAreServedLocally() {
        HttpResponse<String> css = new Http(port).get("/css/consenti.css");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/css"));
    }

    private static HttpResponse<String> page(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        return response;
    }
}
