package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The professional's delegations page: grant, issue a key shown once, revoke; in French and in English. */
@ConsentiIT
class ProDelegationsPageIT {

    static final String PAGE = "/pro/delegations";

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CallCentres callCentres;
    @Autowired
    Delegations delegations;

    @Test
    void theProfessionalGrantsADelegationIssuesItsKeyAndRevokingItStopsTheKey() {
        Professional professional = accounts.professional();
        CallCentre callCentre = callCentres.create(TestAccounts.newSiren(), "Appels du Sud");
        Browser browser = new Browser(port);
        browser.signIn(accounts.person(Role.PROFESSIONAL, professional).email(), TestAccounts.PASSWORD);

        HttpResponse<String> granted = browser.submit(PAGE, PAGE,
                Map.of("callCentreSiren", callCentre.siren().value(), "purposes", "", "validUntil", ""));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(302);
        List<Delegation> listed = delegations.ofProfessional(professional.id());
        assertThat(listed).singleElement().satisfies(d -> {
            assertThat(d.callCentreId()).isEqualTo(callCentre.id());
            assertThat(d.allPurposes()).as("no purpose typed: all of them").isTrue();
        });
        long id = listed.getFirst().id();
        String page = browser.get(PAGE).body();
        assertThat(page).contains("Appels du Sud", "Toutes", "Active");

        HttpResponse<String> issued = browser.post(PAGE + "/" + id + "/keys", Map.of(), Browser.csrf(page));
        assertThat(issued.statusCode()).isEqualTo(200);
        Matcher key = Pattern.compile("(ck_[A-Za-z0-9_-]{40,})").matcher(issued.body());
        assertThat(key.find()).as("the key is shown once").isTrue();
        Http callCentreKey = Http.withKey(port, key.group(1));
        assertThat(Http.json(callCentreKey.get("/api/v1/me")).path("delegationId").asLong()).isEqualTo(id);
        assertThat(browser.get(PAGE).body()).doesNotContain(key.group(1));

        HttpResponse<String> revoked = browser.post(PAGE + "/" + id + "/revoke", Map.of(),
                Browser.csrf(browser.get(PAGE).body()));
        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(browser.get(PAGE).body()).contains("Révoquée");
        assertThat(callCentreKey.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aBadSirenIsExplainedOnThePageAndNothingIsGranted() {
        Professional professional = accounts.professional();
        Browser browser = new Browser(port);
        browser.signIn(accounts.person(Role.PROFESSIONAL, professional).email(), TestAccounts.PASSWORD);

        HttpResponse<String> refused = browser.submit(PAGE, PAGE,
                Map.of("callCentreSiren", "123456789", "purposes", "", "validUntil", ""));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("callCentreSiren", "Luhn");
        assertThat(delegations.ofProfessional(professional.id())).isEmpty();
    }

    @Test
    void thePageSpeaksEnglishWhenAskedTo() {
        Browser browser = new Browser(port);
        browser.signIn(accounts.person(Role.PROFESSIONAL, accounts.professional()).email(), TestAccounts.PASSWORD);

        HttpResponse<String> page = browser.get(PAGE + "?lang=en");
        assertThat(page.body()).contains("Delegations to call centres", "Grant the delegation");
    }
}
