package fr.consenti.server.calls;

import static fr.consenti.server.calls.DiallerFixture.check;
import static fr.consenti.server.calls.DiallerFixture.randomMobile;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.CallCentre;
import fr.consenti.server.accounts.CallCentres;
import fr.consenti.server.accounts.Delegation;
import fr.consenti.server.accounts.Delegations;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A call centre's key scoped to a delegation: its checks and calls are the professional's, within the delegation. */
@ConsentiIT
class DelegatedCallsIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;
    @Autowired
    CallCentres callCentres;
    @Autowired
    Delegations delegations;
    @Autowired
    ApiKeys apiKeys;

    DiallerFixture pro;
    CallCentre callCentre;
    Delegation delegation;
    Http callCentreApi;

    @BeforeEach
    void delegatedCallCentre() {
        pro = new DiallerFixture(accounts, port, clock);
        callCentre = callCentres.create(TestAccounts.newSiren(), "Centre d'appels");
        delegation = delegations.grant(pro.professional.id(), new Delegations.Grant(callCentre.siren().value(),
                List.of(DiallerFixture.PURPOSE), false, null, null), "test");
        callCentreApi = Http.withKey(port, apiKeys.issueForDelegation(delegation, "dialler", "test").key());
    }

    private JsonNode checkAsCallCentre(String body) {
        HttpResponse<String> response = callCentreApi.send("POST", "/api/v1/checks", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    @Test
    void callCentreMayCallOnlyWhereTheConsentNamesItAmongTheThirdParties() {
        String named = randomMobile();
        String notNamed = randomMobile();
        giveConsent(named, ",\"thirdParties\":[\"" + callCentre.siren().value() + "\"]");
        giveConsent(notNamed, "");
        String at = ",\"at\":\"" + pro.simulatedAtOpenHours() + "\"";
        // The professional itself may call both once the index holds the consents.
        pro.checkUntil(check(named, at), DiallerFixture.verdict("ALLOW", "CONSENT"));
        pro.checkUntil(check(notNamed, at), DiallerFixture.verdict("ALLOW", "CONSENT"));

        assertThat(checkAsCallCentre(check(named, at)).get("verdict").asString()).isEqualTo("ALLOW");
        JsonNode refused = checkAsCallCentre(check(notNamed, at));
        assertThat(refused.get("verdict").asString()).isEqualTo("DENY");
        assertThat(refused.get("reasons").findValuesAsString("code")).isNotEmpty();
    }

    @Test
    void aPurposeOutsideTheDelegationIsRefusedNamingTheField() {
        String body = "{\"number\":\"" + randomMobile() + "\",\"callerId\":\"" + DiallerFixture.CALLER_ID
                + "\",\"purpose\":\"INSURANCE\"}";

        HttpResponse<String> response = callCentreApi.send("POST", "/api/v1/checks", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(Http.json(response).get("errors").get(0).get("field").asString()).isEqualTo("purpose");
    }

    @Test
    void aRevokedDelegationStopsItsKeyAtOnce() {
        String body = check(randomMobile(), ",\"at\":\"" + pro.simulatedAtOpenHours() + "\"");
        assertThat(checkAsCallCentre(body).get("verdict").asString()).isNotBlank();

        delegations.revoke(pro.professional.id(), delegation.id(), "test");

        HttpResponse<String> after = callCentreApi.send("POST", "/api/v1/checks", "application/json", body);
        assertThat(after.statusCode()).isIn(401, 403);
        assertThat(after.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    }

    private void giveConsent(String number, String extra) {
        String body = """
                {"number": "%s", "purposes": ["%s"], "channel": "WEB_FORM",
                 "notice": {"text": "%s", "language": "fr"},
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "203.0.113.7",
                              "userAgent": "Mozilla/5.0 (X11; Linux x86_64)", "submittedAt": "%s"}%s}"""
                .formatted(number, DiallerFixture.PURPOSE, DiallerFixture.NOTICE, clock.instant().minusSeconds(5),
                        extra);
        HttpResponse<String> response = pro.post("/api/v1/consents", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
