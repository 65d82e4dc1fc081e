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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@ConsentiIT
class SignUpIT {

    private static final String PASSWORD = "un chat sur le toit de Lyon";
    private static final Pattern LINK = Pattern.compile("https?://\\S+/verify-email\\?token=[A-Za-z0-9_-]+");

    @LocalServerPort
    int port;

    @Autowired
    OutboxSender sender;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void signUpReceiveTheMailOverSmtpFollowTheLinkAndSignIn() {
        String email = TestAccounts.uniqueEmail("Consumer");
        Browser browser = new Browser(port);

        HttpResponse<String> signedUp = signUp(browser, email, PASSWORD, PASSWORD);
        assertThat(signedUp.statusCode()).isEqualTo(302);
        assertThat(Browser.location(signedUp)).endsWith("/signup?sent");
        assertThat(browser.get("/signup?sent").body()).contains("un e-mail vient de lui être envoyé");

        // Not verified yet: the right password is not enough, and the page says why.
        HttpResponse<String> early = browser.signIn(email, PASSWORD);
        assertThat(Browser.location(early)).endsWith("/login?error=unverified");
        assertThat(browser.get("/login?error=unverified").body()).contains("pas encore vérifiée");

        assertThat(sender.sendPending()).isGreaterThanOrEqualTo(1);
        List<TestMail.Received> mails = TestMail.to(email.toLowerCase());
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().subject()).contains("confirmez votre adresse");
        String link = link(mails.getFirst().body());
        assertThat(jdbc.sql("select sent_at is not null from outbox_mail where recipient = ?")
                .param(email.toLowerCase()).query(Boolean.class).single()).isTrue();

        HttpResponse<String> verified = browser.get(URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery());
        assertThat(Browser.location(verified)).endsWith("/login?verified");

        HttpResponse<String> signedIn = browser.signIn(email, PASSWORD);
        assertThat(Browser.location(signedIn)).endsWith("/account");
        HttpResponse<String> account = browser.get("/account");
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).contains(email.toLowerCase(), "Consommateur");

        long personId = jdbc.sql("select id from person where email = ?").param(email.toLowerCase())
                .query(Long.class).single();
        assertThat(jdbc.sql("select action from audit_event where subject = ? order by sequence")
                .param("person:" + personId).query(String.class).list())
                .containsExactly("PERSON_SIGNED_UP", "EMAIL_VERIFIED");

        // The link works once.
        assertThat(browser.get(URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery()).body())
                .contains("déjà servi");
    }

    @Test
    void linkExpiresAfter24Hours() {
        String email = TestAccounts.uniqueEmail("late");
        Browser browser = new Browser(port);
        signUp(browser, email, PASSWORD, PASSWORD);
        sender.sendPending();
        URI link = URI.create(link(TestMail.to(email).getFirst().body()));

        clock.advance(Duration.ofHours(24).plusSeconds(1));

        HttpResponse<String> expired = browser.get(link.getRawPath() + "?" + link.getRawQuery());
        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(expired.body()).contains("a expiré");
        assertThat(Browser.location(browser.signIn(email, PASSWORD))).endsWith("/login?error=unverified");
    }

    @Test
    void signingUpAgainWithAVerifiedAddressChangesNothingAndTellsTheOwner() {
        String email = TestAccounts.uniqueEmail("owner");
        Browser browser = new Browser(port);
        signUp(browser, email, PASSWORD, PASSWORD);
        sender.sendPending();
        URI link = URI.create(link(TestMail.to(email).getFirst().body()));
        browser.get(link.getRawPath() + "?" + link.getRawQuery());

        Browser intruder = new Browser(port);
        HttpResponse<String> again = signUp(intruder, email, "another long password here", "another long password here");

        assertThat(Browser.location(again)).endsWith("/signup?sent");
        sender.sendPending();
        assertThat(TestMail.to(email)).hasSize(2);
        assertThat(TestMail.to(email).get(1).subject()).contains("tentative de création de compte");
        assertThat(Browser.location(new Browser(port).signIn(email, "another long password here")))
                .endsWith("/login?error=credentials");
        assertThat(Browser.location(new Browser(port).signIn(email, PASSWORD))).endsWith("/account");
    }

    @Test
    void weakPasswordsAndBadAddressesAreRefusedFieldByField() {
        String email = TestAccounts.uniqueEmail("weak");
        Map<String, String> cases = Map.of(
                "court", "au moins 12 caractères",
                email.split("@")[0] + "-secret", "reprendre votre adresse",
                "azertyuiop123", "trop courant");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> page = signUp(new Browser(port), email, bad.getKey(), bad.getKey());
            assertThat(page.statusCode()).as(bad.getKey()).isEqualTo(200);
            assertThat(page.body()).as(bad.getKey()).contains(bad.getValue(), "aria-invalid=\"true\"");
        }
        assertThat(signUp(new Browser(port), "not-an-address", PASSWORD, PASSWORD).body()).contains("adresse e-mail valide");
        assertThat(signUp(new Browser(port), email, PASSWORD, PASSWORD + "x").body()).contains("pas identiques");
        assertThat(jdbc.sql("select count(*) from person where email = ?").param(email.toLowerCase())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        HttpResponse<String> forged = new Browser(port).post("/signup",
                Map.of("email", TestAccounts.uniqueEmail("csrf"), "password", PASSWORD, "confirmation", PASSWORD), null);

        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() {
        HttpResponse<String> page = new Browser(port).get("/login");

        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("CONSENTI_SESSION=").contains("HttpOnly", "SameSite=Lax"));
    }

    @Test
    void theSessionCookieIsSecureBehindAnHttpsProxy() {
        HttpResponse<String> page = new Browser(port, "198.51.100.9").getVia("/login", "X-Forwarded-Proto", "https");

        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("CONSENTI_SESSION=").contains("Secure", "HttpOnly"));
    }

    private HttpResponse<String> signUp(Browser browser, String email, String password, String confirmation) {
        return browser.submit("/signup", "/signup",
                Map.of("email", email, "password", password, "confirmation", confirmation));
    }

    private static String link(String body) {
        Matcher matcher = LINK.matcher(body.replace("=\r\n", "").replace("=3D", "="));
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group();
    }
}
