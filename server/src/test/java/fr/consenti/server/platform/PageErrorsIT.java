package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A browser on a page gets an HTML error page in the site's style; the API keeps problem+json. */
@ConsentiIT
class PageErrorsIT {

    private static final String[] BROWSER = {"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"};

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;

    Browser consumer;

    @BeforeEach
    void signedInConsumer() {
        consumer = new Browser(port);
        var person = accounts.person(Role.CONSUMER, null);
        assertThat(Browser.location(consumer.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
    }

    private static void htmlPage(HttpResponse<String> response, int status, String title) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).contains("<h1>" + title + "</h1>", "/css/consenti.css", "id=\"main\"");
    }

    private static void problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(Http.json(response).path("code").asString()).isEqualTo(code);
    }

    @Test
    void anUnknownPageIsAnHtmlNotFoundPage() {
        htmlPage(consumer.getVia("/no-such-page", BROWSER), 404, "Page introuvable");
    }

    @Test
    void aPageForbiddenToTheRoleIsAnHtmlAccessDeniedPage() {
        htmlPage(consumer.getVia("/pro/consents", BROWSER), 403, "Accès refusé");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsAnHtmlFormExpiredPage() {
        HttpResponse<String> response = consumer.request("POST", "/wallet/numbers", Map.of("number", "0612345678"),
                null, BROWSER);
        htmlPage(response, 403, "Formulaire expiré");
    }

    @Test
    void aFeatureErrorOnAPageIsAnHtmlPage() {
        String csrf = Browser.csrf(consumer.get("/wallet").body());
        HttpResponse<String> response = consumer.request("POST", "/wallet/consents/" + UUID.randomUUID()
                + "/withdrawal", Map.of(), csrf, BROWSER);
        htmlPage(response, 404, "Page introuvable");
    }

    @Test
    void theErrorPageSpeaksEnglishWhenAsked() {
        HttpResponse<String> response = consumer.getVia("/no-such-page", "Accept", "text/html",
                "Accept-Language", "en");
        htmlPage(response, 404, "Page not found");
    }

    @Test
    void theApiKeepsProblemJsonEvenForABrowser() {
        problem(new Browser(port).getVia("/api/v1/me", BROWSER), 401, "UNAUTHENTICATED");
        var professional = accounts.professional();
        String key = accounts.key(professional).key();
        problem(new Browser(port).getVia("/api/v1/nothing-here", "Accept", "text/html", "Authorization",
                "Bearer " + key), 404, "NOT_FOUND");
    }

    @Test
    void aClientNotAskingForHtmlKeepsProblemJsonOnPagesToo() {
        problem(consumer.getVia("/pro/consents", "Accept", "application/json"), 403, "FORBIDDEN");
        problem(consumer.getVia("/no-such-page", "Accept", "application/json"), 404, "NOT_FOUND");
    }
}
