package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A professional's purposes page: list, define with the API's checks, never redefine; the consent form links to it. */
@ConsentiIT
class ProPurposesPageIT {

    static final String PAGE = "/pro/purposes";

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theConsentFormLinksToThePageWhichDefinesAPurposeTheFormThenOffers() {
        Professional professional = accounts.professional();
        Person person = accounts.person(Role.PROFESSIONAL, professional);
        Browser browser = signedIn(person);

        String form = browser.get("/pro/consents/new").body();
        assertThat(form).contains("id=\"no-purpose\"", "href=\"/pro/purposes\"");
        HttpResponse<String> defined = browser.submit(PAGE, PAGE, Map.of("code", " ISOLATION_COMBLES ",
                "label", "Rénovation énergétique", "nature", "Isolation et pompes à chaleur"));
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(302);
        assertThat(Browser.location(defined)).endsWith(PAGE + "?defined=ISOLATION_COMBLES");
        assertThat(browser.get(PAGE).body()).contains("ISOLATION_COMBLES", "Rénovation énergétique",
                "Isolation et pompes à chaleur");
        assertThat(browser.get("/pro/consents/new").body()).contains("purpose-ISOLATION_COMBLES")
                .doesNotContain("id=\"no-purpose\"");
        HttpResponse<String> api = Http.withKey(port, accounts.key(professional).key()).get("/api/v1/purposes");
        assertThat(Http.json(api).get(0).path("code").asString()).isEqualTo("ISOLATION_COMBLES");
        assertThat(jdbc.sql("select actor from audit_event where action = 'PURPOSE_DEFINED' and subject = ?")
                .param("professional:" + professional.id()).query(String.class).list())
                .containsExactly("person:" + person.id());
        // Another professional's staff do not see it.
        assertThat(signedIn(accounts.person(Role.PROFESSIONAL, accounts.professional())).get(PAGE).body())
                .doesNotContain("ISOLATION_COMBLES");
    }

    @Test
    void everyBadFieldIsNamedAsTheApiNamesItAndACodeIsNeverRedefined() {
        Professional professional = accounts.professional();
        Browser browser = signedIn(accounts.person(Role.PROFESSIONAL, professional));
        IssuedApiKey key = accounts.key(professional);
        Http api = Http.withKey(port, key.key());

        HttpResponse<String> bad = browser.submit(PAGE, PAGE, Map.of("code", "bad code", "label", "", "nature",
                "x".repeat(501)));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<code>code</code>", "<code>label</code>", "<code>nature</code>",
                "at most 500 characters", "value=\"bad code\"");
        HttpResponse<String> sameThroughTheApi = api.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"bad code\",\"label\":\"\",\"nature\":\"" + "x".repeat(501) + "\"}");
        assertThat(sameThroughTheApi.statusCode()).isEqualTo(400);
        assertThat(Http.json(sameThroughTheApi).path("errors").findValuesAsString("field"))
                .containsExactly("code", "label", "nature");
        HttpResponse<String> control = browser.submit(PAGE, PAGE, Map.of("code", "OK", "label", "a\u0007b", "nature", "n"));
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(control.body()).contains("control character");

        assertThat(browser.submit(PAGE, PAGE, Map.of("code", "SOLAR", "label", "Solaire", "nature", "Panneaux"))
                .statusCode()).isEqualTo(302);
        HttpResponse<String> again = browser.submit(PAGE, PAGE, Map.of("code", "SOLAR", "label", "Autre",
                "nature", "Autre chose"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("<code>code</code>", "already defined");
        assertThat(jdbc.sql("select label from purpose where professional_id = ? and code = 'SOLAR'")
                .param(professional.id()).query(String.class).single()).isEqualTo("Solaire");
        HttpResponse<String> sameCodeThroughTheApi = api.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"SOLAR\",\"label\":\"Autre\",\"nature\":\"Autre chose\"}");
        assertThat(sameCodeThroughTheApi.statusCode()).isEqualTo(409);
        assertThat(Http.json(sameCodeThroughTheApi).path("code").asString()).isEqualTo("PURPOSE_EXISTS");

        // Defined through the API, the purpose is in the audit log too, under the key that defined it.
        assertThat(api.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"WIND\",\"label\":\"Éolien\",\"nature\":\"Petit éolien\"}").statusCode()).isEqualTo(201);
        assertThat(jdbc.sql("select actor, details from audit_event where action = 'PURPOSE_DEFINED' and subject = ?"
                        + " order by sequence")
                .param("professional:" + professional.id()).query((rs, row) -> rs.getString(1) + " " + rs.getString(2))
                .list()).endsWith("api-key:" + key.id() + " code=WIND");
    }

    @Test
    void thePageSpeaksEnglishWhenAskedTo() {
        Browser browser = signedIn(accounts.person(Role.PROFESSIONAL, accounts.professional()));
        assertThat(browser.get(PAGE + "?lang=en").body()).contains("Purposes", "Define the purpose",
                "Nature of the goods or services");
    }

    private Browser signedIn(Person person) {
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        return browser;
    }
}
