package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import fr.consenti.server.testsupport.TestMail;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A professional signs up on /signup/pro: the SIREN checked, the address verified by a link, then company and person. */
@ConsentiIT
class OnboardingProSignUpIT {

    static final String PASSWORD = "un chat sur le toit de Lyon";
    static final Pattern LINK = Pattern.compile("https?://\\S+/verify-pro\\?token=[A-Za-z0-9_-]+");

    @LocalServerPort
    int port;
    @Autowired
    OutboxSender sender;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Professionals professionals;
    @Autowired
    People people;

    @Test
    void theVerifyLinkCreatesTheProfessionalAndItsFirstPersonWhoLandsOnTheProPages() {
        String email = TestAccounts.uniqueEmail("Pro.Signup");
        Siren siren = TestAccounts.newSiren();
        Browser browser = new Browser(port);

        HttpResponse<String> sent = signUp(browser, form(siren.value().substring(0, 3) + " " + siren.value().substring(3),
                email));
        assertThat(Browser.location(sent)).endsWith("/signup/pro?sent");
        // Nothing exists before the address is verified.
        assertThat(professionals.findBySiren(siren)).isEmpty();
        assertThat(Browser.location(browser.signIn(email, PASSWORD))).endsWith("/login?error=credentials");

        sender.sendPending();
        List<TestMail.Received> mails = TestMail.to(email.toLowerCase());
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().subject()).contains("confirmez l'inscription de votre entreprise");
        URI link = URI.create(link(mails.getFirst().body()));
        assertThat(Browser.location(browser.get(link.getRawPath() + "?" + link.getRawQuery()))).endsWith("/login?verified");

        Professional professional = professionals.findBySiren(siren).orElseThrow();
        assertThat(professional.name()).isEqualTo("Exemple Énergie SAS");
        assertThat(professional.sector()).isEqualTo("ENERGY_SUPPLY");
        Person person = jdbc.sql("select id from person where email = ?").param(email.toLowerCase())
                .query(Long.class).optional().flatMap(id -> people.findById(id)).orElseThrow();
        assertThat(person.role()).isEqualTo(Role.PROFESSIONAL);
        assertThat(person.professionalId()).isEqualTo(professional.id());
        assertThat(person.verified()).isTrue();
        assertThat(jdbc.sql("select action from audit_event where subject = ? order by sequence")
                .param("professional:" + professional.id()).query(String.class).list())
                .containsExactly("PROFESSIONAL_SIGNED_UP");
        assertThat(jdbc.sql("select action from audit_event where subject = ? order by sequence")
                .param("siren:" + siren.value()).query(String.class).list())
                .containsExactly("PRO_SIGN_UP_REQUESTED");

        assertThat(Browser.location(browser.signIn(email, PASSWORD))).endsWith("/account");
        assertThat(browser.get("/pro/team").body()).contains("Exemple Énergie SAS", email.toLowerCase());
        assertThat(browser.get("/pro/consents").statusCode()).isEqualTo(200);

        // The link works once.
        assertThat(browser.get(link.getRawPath() + "?" + link.getRawQuery()).body()).contains("déjà servi");
    }

    @Test
    void aSirenWhoseLuhnCheckFailsIsRefusedOnItsField() {
        String email = TestAccounts.uniqueEmail("badsiren");
        String good = TestAccounts.newSiren().value();
        String bad = good.substring(0, 8) + ((good.charAt(8) - '0' + 1) % 10);

        HttpResponse<String> page = signUp(new Browser(port), form(bad, email));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Ce n&#39;est pas un SIREN", "id=\"siren-error\"");
        assertThat(page.body()).containsPattern("id=\"siren\"[^>]*aria-invalid=\"true\"");
        assertThat(page.body()).containsPattern("id=\"email\"[^>]*aria-invalid=\"false\"");
        assertThat(count("select count(*) from professional_sign_up where email = ?", email.toLowerCase())).isZero();
        assertThat(signUp(new Browser(port), form("12345678", email)).body()).contains("id=\"siren-error\"");
        assertThat(signUp(new Browser(port), form("", email)).body()).contains("Saisissez le SIREN");
    }

    @Test
    void aSirenAlreadyRegisteredIsRefusedOnItsField() {
        Professional existing = accounts.professional();
        String email = TestAccounts.uniqueEmail("dupsiren");

        HttpResponse<String> page = signUp(new Browser(port), form(existing.siren().value(), email));

        assertThat(page.body()).contains("déjà inscrite", "id=\"siren-error\"");
        assertThat(page.body()).containsPattern("id=\"siren\"[^>]*aria-invalid=\"true\"");
        assertThat(count("select count(*) from professional_sign_up where email = ?", email.toLowerCase())).isZero();
    }

    @Test
    void otherFieldsAreRefusedFieldByField() {
        Map<String, String> fields = form(TestAccounts.newSiren().value(), "not-an-address");
        fields.put("name", "");
        fields.put("sector", "WEAPONS");
        fields.put("password", "court");
        HttpResponse<String> page = signUp(new Browser(port), fields);

        assertThat(page.body()).contains("id=\"name-error\"", "id=\"sector-error\"", "id=\"email-error\"",
                "id=\"password-error\"").doesNotContain("id=\"siren-error\"");
    }

    @Test
    void twoPendingSignUpsOfOneSirenTheFirstVerifiedWinsAndTheOtherIsTold() {
        Siren siren = TestAccounts.newSiren();
        String first = TestAccounts.uniqueEmail("first");
        String second = TestAccounts.uniqueEmail("second");
        signUp(new Browser(port), form(siren.value(), first));
        signUp(new Browser(port), form(siren.value(), second));
        sender.sendPending();
        URI secondLink = URI.create(link(TestMail.to(second).getFirst().body()));
        URI firstLink = URI.create(link(TestMail.to(first).getFirst().body()));

        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.get(secondLink.getRawPath() + "?" + secondLink.getRawQuery())))
                .endsWith("/login?verified");
        assertThat(browser.get(firstLink.getRawPath() + "?" + firstLink.getRawQuery()).body())
                .contains("a été inscrite entre-temps");
        assertThat(count("select count(*) from person where email = ?", first)).isZero();
    }

    @Test
    void anAddressWithAnAccountIsNotToldOnThePageItsOwnerGetsAMail() {
        Person consumer = accounts.person(Role.CONSUMER, null);
        Siren siren = TestAccounts.newSiren();

        HttpResponse<String> sent = signUp(new Browser(port), form(siren.value(), consumer.email()));

        assertThat(Browser.location(sent)).endsWith("/signup/pro?sent");
        sender.sendPending();
        assertThat(TestMail.to(consumer.email())).hasSize(1);
        assertThat(TestMail.to(consumer.email()).getFirst().subject()).contains("tentative d'inscription");
        assertThat(count("select count(*) from professional_sign_up where siren = ?", siren.value())).isZero();
        assertThat(people.findById(consumer.id()).orElseThrow().role()).isEqualTo(Role.CONSUMER);
    }

    @Test
    void theLinkExpiresAfter24Hours() {
        String email = TestAccounts.uniqueEmail("prolate");
        Siren siren = TestAccounts.newSiren();
        signUp(new Browser(port), form(siren.value(), email));
        sender.sendPending();
        URI link = URI.create(link(TestMail.to(email).getFirst().body()));

        clock.advance(Duration.ofHours(24).plusSeconds(1));

        assertThat(new Browser(port).get(link.getRawPath() + "?" + link.getRawQuery()).body()).contains("a expiré");
        assertThat(professionals.findBySiren(siren)).isEmpty();
    }

    @Test
    void theSignUpPagesAreLinkedFromTheConsumerSignUpAndTheHomePage() {
        assertThat(new Browser(port).get("/signup").body()).contains("href=\"/signup/pro\"");
        assertThat(new Browser(port).get("/").body()).contains("href=\"/signup/pro\"");
        assertThat(new Browser(port).get("/signup/pro?lang=en").body()).contains("Sign a company up", "Company SIREN");
    }

    private long count(String sql, String param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }

    static Map<String, String> form(String siren, String email) {
        Map<String, String> fields = new HashMap<>();
        fields.put("siren", siren);
        fields.put("name", "Exemple Énergie SAS");
        fields.put("sector", "ENERGY_SUPPLY");
        fields.put("email", email);
        fields.put("password", PASSWORD);
        fields.put("confirmation", PASSWORD);
        return fields;
    }

    private static HttpResponse<String> signUp(Browser browser, Map<String, String> fields) {
        return browser.submit("/signup/pro", "/signup/pro", fields);
    }

    static String link(String body) {
        Matcher matcher = LINK.matcher(body.replace("=\r\n", "").replace("=3D", "="));
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group();
    }
}
