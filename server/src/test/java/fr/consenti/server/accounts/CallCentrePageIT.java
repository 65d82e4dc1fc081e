package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A call centre's staff see on {@code /call-centre} the delegations granted to their call centre (who granted,
 * purposes, dates, status), not another call centre's, and nothing of the professionals' consents.
 */
@ConsentiIT
class CallCentrePageIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CallCentres callCentres;
    @Autowired
    Delegations delegations;
    @Autowired
    Professionals professionals;
    @Autowired
    TestClock clock;

    @Test
    void theStaffSeeTheDelegationsOfTheirCallCentreOnlyAndNoConsent() {
        CallCentre ours = callCentres.create(TestAccounts.newSiren(), "Appels du Nord");
        CallCentre theirs = callCentres.create(TestAccounts.newSiren(), "Appels du Sud");
        Professional energy = professionals.create(TestAccounts.newSiren(), "Énergie Verte SA", "ENERGY");
        Professional insurer = professionals.create(TestAccounts.newSiren(), "Assurances Durand", "INSURANCE");
        Professional other = professionals.create(TestAccounts.newSiren(), "Fenêtres Martin", "RETAIL");
        Http energyApi = Http.withKey(port, accounts.key(energy).key());
        purpose(energyApi, "RENOVATION");
        purpose(energyApi, "SOLAR");
        purpose(Http.withKey(port, accounts.key(insurer).key()), "HOME");
        purpose(Http.withKey(port, accounts.key(other).key()), "WINDOWS");
        String number = "0612345678";
        HttpResponse<String> consent = energyApi.send("POST", "/api/v1/consents", "application/json", """
                {"number": "%s", "purposes": ["RENOVATION"], "channel": "WEB_FORM",
                 "notice": {"text": "Notice confidentielle", "language": "fr"},
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "203.0.113.7", "userAgent": "Mozilla/5.0",
                              "submittedAt": "%s"}}""".formatted(number, clock.instant().minusSeconds(5)));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
        delegations.grant(energy.id(), new Delegations.Grant(ours.siren().value(), List.of("RENOVATION", "SOLAR"),
                false, null, "2099-01-01T00:00:00+01:00"), "test");
        long revoked = delegations.grant(insurer.id(), new Delegations.Grant(ours.siren().value(), null, true, null,
                null), "test").id();
        delegations.revoke(insurer.id(), revoked, "test");
        delegations.grant(other.id(), new Delegations.Grant(theirs.siren().value(), List.of("WINDOWS"), false, null,
                null), "test");

        Browser browser = new Browser(port);
        browser.signIn(accounts.callCentrePerson(ours).email(), TestAccounts.PASSWORD);
        HttpResponse<String> page = browser.get("/call-centre");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Appels du Nord", ours.siren().value(),
                "Énergie Verte SA (" + energy.siren().value() + ")", "RENOVATION, SOLAR", "Active", "2099-01-01",
                "Assurances Durand", "Toutes", "Révoquée", "Jusqu&#39;à révocation");
        assertThat(page.body()).doesNotContain("Appels du Sud", "Fenêtres Martin", "WINDOWS",
                "612345678", "Notice confidentielle", Http.json(consent).path("id").asString());
        assertThat(browser.get("/pro/consents").statusCode()).isEqualTo(403);
        assertThat(browser.get("/pro/delegations").statusCode()).isEqualTo(403);
        assertThat(browser.get("/call-centre?lang=en").body()).contains("Delegations received", "Revoked", "Professional");
    }

    @Test
    void aPersonLinkedToNoCallCentreIsToldSoAndSeesNothing() {
        callCentres.create(TestAccounts.newSiren(), "Centre sans lien");
        Browser browser = new Browser(port);
        browser.signIn(accounts.person(Role.CALL_CENTRE, null).email(), TestAccounts.PASSWORD);
        HttpResponse<String> page = browser.get("/call-centre");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("rattaché à aucun centre d&#39;appels").doesNotContain("Centre sans lien", "<table");
    }

    private static void purpose(Http api, String code) {
        HttpResponse<String> response = api.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"" + code + "\",\"label\":\"" + code + "\",\"nature\":\"Offres\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
