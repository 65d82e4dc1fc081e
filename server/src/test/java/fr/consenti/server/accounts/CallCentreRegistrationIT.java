package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * The registry operator registers call centres on {@code /operator/call-centres}; authority agents read the list but
 * never register; a professional granting a delegation to a SIREN nobody registered is told so, on the field.
 */
@ConsentiIT
class CallCentreRegistrationIT {

    static final String PAGE = "/operator/call-centres";

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CallCentres callCentres;
    @Autowired
    Delegations delegations;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theOperatorRegistersACallCentreItIsAuditedAndAProfessionalCanThenDelegateToIt() {
        Person operator = accounts.person(Role.OPERATOR, null);
        Browser browser = signedIn(operator);
        Siren siren = TestAccounts.newSiren();
        String typed = siren.value().substring(0, 3) + " " + siren.value().substring(3, 6) + " " + siren.value().substring(6);

        HttpResponse<String> registered = browser.submit(PAGE, PAGE, Map.of("siren", typed, "name", "  Appels de l'Ouest "));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(302);
        assertThat(Browser.location(registered)).endsWith(PAGE + "?registered=" + siren.value());
        CallCentre callCentre = callCentres.findBySiren(siren).orElseThrow();
        assertThat(callCentre.name()).isEqualTo("Appels de l'Ouest");
        String page = browser.get(Browser.location(registered)).body();
        assertThat(page).contains("enregistré sous le SIREN " + siren.value(), "Appels de l&#39;Ouest");
        assertThat(jdbc.sql("select actor from audit_event where action = 'CALL_CENTRE_REGISTERED' and subject = ?")
                .param("call-centre:" + callCentre.id()).query(String.class).list())
                .containsExactly("person:" + operator.id());

        Professional professional = accounts.professional();
        Browser pro = signedIn(accounts.person(Role.PROFESSIONAL, professional));
        HttpResponse<String> granted = pro.submit("/pro/delegations", "/pro/delegations",
                Map.of("callCentreSiren", siren.value(), "purposes", "", "validUntil", ""));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(302);
        assertThat(delegations.ofCallCentre(callCentre.id())).singleElement()
                .satisfies(d -> assertThat(d.professionalId()).isEqualTo(professional.id()));
    }

    @Test
    void everyBadFieldIsNamedAndNothingIsRegistered() {
        Browser browser = signedIn(accounts.person(Role.OPERATOR, null));
        int before = callCentres.all().size();

        HttpResponse<String> bad = browser.submit(PAGE, PAGE, Map.of("siren", "123456789", "name", " "));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<code>siren</code>", "Luhn", "<code>name</code>", "id=\"siren\" name=\"siren\"");
        HttpResponse<String> tooLong = browser.submit(PAGE, PAGE,
                Map.of("siren", TestAccounts.newSiren().value(), "name", "x".repeat(201)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("<code>name</code>", "200");
        assertThat(callCentres.all()).hasSize(before);

        CallCentre existing = callCentres.create(TestAccounts.newSiren(), "Déjà là");
        HttpResponse<String> twice = browser.submit(PAGE, PAGE, Map.of("siren", existing.siren().value(), "name", "Autre"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("<code>siren</code>", "already registered");
        assertThat(callCentres.findBySiren(existing.siren()).orElseThrow().name()).isEqualTo("Déjà là");
    }

    @Test
    void anAuthorityAgentReadsTheListButCannotRegister() {
        CallCentre listed = callCentres.create(TestAccounts.newSiren(), "Centre listé");
        Browser agent = signedIn(accounts.person(Role.AUTHORITY, null));

        HttpResponse<String> page = agent.get(PAGE);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Centre listé", listed.siren().value())
                .doesNotContain("name=\"siren\"");
        Siren siren = TestAccounts.newSiren();
        HttpResponse<String> refused = agent.post(PAGE, Map.of("siren", siren.value(), "name", "Intrus"),
                Browser.csrf(agent.get("/account").body()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(callCentres.findBySiren(siren)).isEmpty();
    }

    @Test
    void delegatingToASirenNobodyRegisteredNamesTheFieldOnThePageAndInTheProblem() {
        Professional professional = accounts.professional();
        Siren unregistered = TestAccounts.newSiren();
        Browser pro = signedIn(accounts.person(Role.PROFESSIONAL, professional));

        HttpResponse<String> page = pro.submit("/pro/delegations", "/pro/delegations",
                Map.of("callCentreSiren", unregistered.value(), "purposes", "", "validUntil", ""));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("callCentreSiren", "no call centre with this SIREN is registered",
                "l&#39;opérateur du registre doit d&#39;abord l&#39;enregistrer");
        assertThat(delegations.ofProfessional(professional.id())).isEmpty();

        Http api = Http.withKey(port, accounts.key(professional).key());
        HttpResponse<String> problem = api.send("POST", "/api/v1/delegations", "application/json",
                "{\"callCentreSiren\": \"" + unregistered.value() + "\", \"allPurposes\": true}");
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(problem.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Http.json(problem).path("errors").get(0).path("field").asString()).isEqualTo("callCentreSiren");
    }

    @Test
    void thePageSpeaksEnglishWhenAskedTo() {
        Browser browser = signedIn(accounts.person(Role.OPERATOR, null));
        assertThat(browser.get(PAGE + "?lang=en").body()).contains("Registered call centres", "Register the call centre");
    }

    private Browser signedIn(Person person) {
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        return browser;
    }
}
