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

/**
 * Staff invitations: a professional's staff invite colleagues on /pro/team, a call centre's on /call-centre, the
 * registry operator a call centre's first staff on /operator/call-centres. The invitee gets the inviter's role and
 * company, nothing they send can change either, and a link works once, for 7 days. Mails read over SMTP (GreenMail).
 */
@ConsentiIT
class OnboardingInvitationsIT {

    static final String PASSWORD = "une longue phrase de passe";
    static final Pattern LINK = Pattern.compile("https?://\\S+/invitation\\?token=[A-Za-z0-9_-]+");

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
    People people;
    @Autowired
    CallCentres callCentres;

    @Test
    void aProfessionalInvitesAColleagueWhoGetsTheRoleAndCompanyOfTheInviterOnly() {
        Professional a = accounts.professional();
        Professional b = accounts.professional();
        Person inviter = accounts.person(Role.PROFESSIONAL, a);
        Browser browser = signedIn(inviter);
        String colleague = TestAccounts.uniqueEmail("Colleague");

        // Whatever else the form carries (another company, another role) is not read.
        Map<String, String> fields = new HashMap<>(Map.of("email", colleague, "role", "OPERATOR",
                "professionalId", Long.toString(b.id()), "callCentreId", "1"));
        HttpResponse<String> invited = browser.submit("/pro/team", "/pro/team/invitations", fields);
        assertThat(Browser.location(invited)).contains("/pro/team?invited=");
        assertThat(browser.get("/pro/team").body()).contains(colleague.toLowerCase(), "Invitations en attente");

        URI link = mailedLink(colleague);
        TestMail.Received mail = TestMail.to(colleague.toLowerCase()).getLast();
        assertThat(mail.subject()).contains("invitation à rejoindre", "Test professional");
        Browser invitee = new Browser(port);
        String page = invitee.get(path(link)).body();
        assertThat(page).contains("Test professional", a.siren().value(), colleague.toLowerCase(), "Professionnel");

        Map<String, String> acceptance = new HashMap<>(Map.of("password", PASSWORD, "confirmation", PASSWORD,
                "token", token(link), "role", "OPERATOR", "professionalId", Long.toString(b.id()),
                "email", "someone.else@example.test"));
        HttpResponse<String> accepted = invitee.post("/invitation", acceptance, Browser.csrf(page));
        assertThat(Browser.location(accepted)).contains("/login?invited");

        Person created = people.findByEmail(colleague).orElseThrow();
        assertThat(created.role()).isEqualTo(Role.PROFESSIONAL);
        assertThat(created.professionalId()).isEqualTo(a.id());
        assertThat(created.callCentreId()).isNull();
        assertThat(created.verified()).isTrue();
        assertThat(people.findByEmail("someone.else@example.test")).isEmpty();
        assertThat(Browser.location(new Browser(port).signIn(colleague, PASSWORD))).endsWith("/account");

        long invitation = jdbc.sql("select id from invitation where email = ?").param(colleague.toLowerCase())
                .query(Long.class).single();
        assertThat(jdbc.sql("select actor || ' ' || action from audit_event where subject = ? order by sequence")
                .param("invitation:" + invitation).query(String.class).list())
                .containsExactly("person:" + inviter.id() + " INVITATION_SENT",
                        "person:" + created.id() + " INVITATION_ACCEPTED");
    }

    @Test
    void aUsedInvitationIsRefused() {
        Person inviter = accounts.person(Role.PROFESSIONAL, accounts.professional());
        String colleague = TestAccounts.uniqueEmail("once");
        signedIn(inviter).submit("/pro/team", "/pro/team/invitations", Map.of("email", colleague));
        URI link = mailedLink(colleague);
        assertThat(Browser.location(accept(link, PASSWORD))).contains("/login?invited");

        HttpResponse<String> again = accept(link, "another long password here");

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("déjà servi");
        assertThat(new Browser(port).get(path(link)).body()).contains("déjà servi").doesNotContain("name=\"password\"");
        assertThat(Browser.location(new Browser(port).signIn(colleague, "another long password here")))
                .endsWith("/login?error=credentials");
    }

    @Test
    void anExpiredInvitationIsRefused() {
        Person inviter = accounts.person(Role.PROFESSIONAL, accounts.professional());
        String colleague = TestAccounts.uniqueEmail("late");
        signedIn(inviter).submit("/pro/team", "/pro/team/invitations", Map.of("email", colleague));
        URI link = mailedLink(colleague);

        clock.advance(Invitations.VALIDITY.plusSeconds(1));

        assertThat(new Browser(port).get(path(link)).body()).contains("a expiré");
        assertThat(accept(link, PASSWORD).statusCode()).isEqualTo(400);
        assertThat(people.findByEmail(colleague)).isEmpty();
    }

    @Test
    void aWeakPasswordIsRefusedAndTheLinkStillWorks() {
        Person inviter = accounts.person(Role.PROFESSIONAL, accounts.professional());
        String colleague = TestAccounts.uniqueEmail("weakinvite");
        signedIn(inviter).submit("/pro/team", "/pro/team/invitations", Map.of("email", colleague));
        URI link = mailedLink(colleague);

        HttpResponse<String> weak = accept(link, "court");

        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("au moins 12 caractères");
        assertThat(Browser.location(accept(link, PASSWORD))).contains("/login?invited");
    }

    @Test
    void aNewInvitationReplacesTheEarlierOneAndARevokedOneIsRefused() {
        Person inviter = accounts.person(Role.PROFESSIONAL, accounts.professional());
        Browser browser = signedIn(inviter);
        String colleague = TestAccounts.uniqueEmail("twice");
        browser.submit("/pro/team", "/pro/team/invitations", Map.of("email", colleague));
        URI first = mailedLink(colleague);
        browser.submit("/pro/team", "/pro/team/invitations", Map.of("email", colleague));
        URI second = mailedLink(colleague);

        assertThat(new Browser(port).get(path(first)).body()).contains("annulée ou remplacée");
        long id = jdbc.sql("select id from invitation where email = ? and revoked_at is null")
                .param(colleague.toLowerCase()).query(Long.class).single();
        String page = browser.get("/pro/team").body();
        assertThat(Browser.location(browser.post("/pro/team/invitations/" + id + "/revoke", Map.of(),
                Browser.csrf(page)))).endsWith("/pro/team?revoked");
        assertThat(new Browser(port).get(path(second)).body()).contains("annulée ou remplacée");
    }

    @Test
    void aProfessionalCannotReachAnotherCompanysPeopleOrInvitations() {
        Professional a = accounts.professional();
        Professional b = accounts.professional();
        Browser proA = signedIn(accounts.person(Role.PROFESSIONAL, a));
        Person ofB = accounts.person(Role.PROFESSIONAL, b);
        accounts.person(Role.PROFESSIONAL, b);
        Browser proB = signedIn(ofB);
        proB.submit("/pro/team", "/pro/team/invitations", Map.of("email", TestAccounts.uniqueEmail("ofb")));
        long invitationOfB = jdbc.sql("select max(id) from invitation where professional_id = ?").param(b.id())
                .query(Long.class).single();
        String csrf = Browser.csrf(proA.get("/pro/team").body());

        assertThat(proA.post("/pro/team/members/" + ofB.id() + "/remove", Map.of(), csrf).statusCode()).isEqualTo(404);
        assertThat(proA.post("/pro/team/invitations/" + invitationOfB + "/revoke", Map.of(), csrf).statusCode())
                .isEqualTo(404);
        assertThat(people.findById(ofB.id()).orElseThrow().active()).isTrue();
        assertThat(proA.get("/pro/team").body()).doesNotContain(ofB.email());
        assertThat(jdbc.sql("select revoked_at is null from invitation where id = ?").param(invitationOfB)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aColleaguesAccessIsRemovedAtOnceButNeverTheLastOne() {
        Professional a = accounts.professional();
        Person first = accounts.person(Role.PROFESSIONAL, a);
        Person second = accounts.person(Role.PROFESSIONAL, a);
        Browser firstBrowser = signedIn(first);
        Browser secondBrowser = signedIn(second);
        String csrf = Browser.csrf(firstBrowser.get("/pro/team").body());

        assertThat(Browser.location(firstBrowser.post("/pro/team/members/" + second.id() + "/remove", Map.of(), csrf)))
                .endsWith("/pro/team?removed");
        // The removed colleague's open session ends at their next request, and they cannot sign in again.
        assertThat(Browser.location(secondBrowser.get("/pro/team"))).endsWith("/login");
        assertThat(Browser.location(new Browser(port).signIn(second.email(), TestAccounts.PASSWORD)))
                .endsWith("/login?error=removed");
        assertThat(jdbc.sql("select actor || ' ' || action from audit_event where subject = ?")
                .param("person:" + second.id()).query(String.class).list())
                .contains("person:" + first.id() + " PERSON_ACCESS_REMOVED");

        // The last one with access stays, even asking for it themselves.
        assertThat(Browser.location(firstBrowser.post("/pro/team/members/" + first.id() + "/remove", Map.of(), csrf)))
                .endsWith("/pro/team?lastOne");
        assertThat(people.findById(first.id()).orElseThrow().active()).isTrue();
        assertThat(firstBrowser.get("/pro/team").statusCode()).isEqualTo(200);
    }

    @Test
    void theOperatorInvitesACallCentresFirstStaffWhenRegisteringItAndLater() {
        Browser operator = signedIn(accounts.person(Role.OPERATOR, null));
        Siren siren = TestAccounts.newSiren();
        String first = TestAccounts.uniqueEmail("centre.first");

        HttpResponse<String> registered = operator.submit("/operator/call-centres", "/operator/call-centres",
                Map.of("siren", siren.value(), "name", "Centre Invité", "staffEmail", first));
        assertThat(Browser.location(registered)).contains("registered=" + siren.value(), "invited");
        CallCentre callCentre = callCentres.findBySiren(siren).orElseThrow();
        assertThat(Browser.location(accept(mailedLink(first), PASSWORD))).contains("/login?invited");
        Person staff = people.findByEmail(first).orElseThrow();
        assertThat(staff.role()).isEqualTo(Role.CALL_CENTRE);
        assertThat(staff.callCentreId()).isEqualTo(callCentre.id());
        assertThat(staff.professionalId()).isNull();

        String later = TestAccounts.uniqueEmail("centre.later");
        String page = operator.get("/operator/call-centres").body();
        assertThat(Browser.location(operator.post("/operator/call-centres/" + callCentre.id() + "/invitations",
                Map.of("email", later), Browser.csrf(page)))).contains("invitedTo=" + siren.value());
        assertThat(Browser.location(accept(mailedLink(later), PASSWORD))).contains("/login?invited");
        assertThat(people.findByEmail(later).orElseThrow().callCentreId()).isEqualTo(callCentre.id());

        // A bad address registers nothing.
        Siren other = TestAccounts.newSiren();
        HttpResponse<String> refused = operator.submit("/operator/call-centres", "/operator/call-centres",
                Map.of("siren", other.value(), "name", "Centre Refusé", "staffEmail", "not an address"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("staffEmail");
        assertThat(callCentres.findBySiren(other)).isEmpty();
    }

    @Test
    void onlyTheOperatorInvitesACallCentresStaffAuthorityAgentsAndProfessionalsCannot() {
        CallCentre callCentre = callCentres.create(TestAccounts.newSiren(), "Centre");
        String email = TestAccounts.uniqueEmail("nobody");
        for (Person person : List.of(accounts.person(Role.AUTHORITY, null),
                accounts.person(Role.PROFESSIONAL, accounts.professional()),
                accounts.callCentrePerson(callCentres.create(TestAccounts.newSiren(), "Autre centre")))) {
            Browser browser = signedIn(person);
            String csrf = Browser.csrf(browser.get("/account").body());
            assertThat(browser.post("/operator/call-centres/" + callCentre.id() + "/invitations",
                    Map.of("email", email), csrf).statusCode()).as(person.role().name()).isEqualTo(403);
        }
        assertThat(jdbc.sql("select count(*) from invitation where email = ?").param(email).query(Long.class).single())
                .isZero();
    }

    @Test
    void aCallCentresStaffInviteColleaguesIntoTheirCallCentreOnly() {
        CallCentre callCentre = callCentres.create(TestAccounts.newSiren(), "Centre Équipe");
        Person staff = accounts.callCentrePerson(callCentre);
        Browser browser = signedIn(staff);
        String colleague = TestAccounts.uniqueEmail("cc.colleague");

        HttpResponse<String> invited = browser.submit("/call-centre", "/call-centre/invitations",
                Map.of("email", colleague, "callCentreId", "999999"));
        assertThat(Browser.location(invited)).contains("/call-centre?invited=");
        assertThat(Browser.location(accept(mailedLink(colleague), PASSWORD))).contains("/login?invited");

        Person created = people.findByEmail(colleague).orElseThrow();
        assertThat(created.role()).isEqualTo(Role.CALL_CENTRE);
        assertThat(created.callCentreId()).isEqualTo(callCentre.id());
        assertThat(browser.get("/call-centre").body()).contains(colleague.toLowerCase());
        Browser newcomer = signedIn(created, PASSWORD);
        assertThat(newcomer.get("/account").body()).contains("Centre Équipe");
        assertThat(newcomer.get("/call-centre").body()).contains("Centre Équipe", staff.email());
    }

    @Test
    void aCallCentrePersonLinkedToNoCallCentreCannotInvite() {
        Browser browser = signedIn(accounts.person(Role.CALL_CENTRE, null));
        String csrf = Browser.csrf(browser.get("/call-centre").body());
        String email = TestAccounts.uniqueEmail("orphan");

        assertThat(browser.post("/call-centre/invitations", Map.of("email", email), csrf).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from invitation where email = ?").param(email).query(Long.class).single())
                .isZero();
    }

    @Test
    void anInvitationToAnAddressThatHasAnAccountCreatesNoSecondAccount() {
        Person consumer = accounts.person(Role.CONSUMER, null);
        Browser browser = signedIn(accounts.person(Role.PROFESSIONAL, accounts.professional()));
        browser.submit("/pro/team", "/pro/team/invitations", Map.of("email", consumer.email()));
        URI link = mailedLink(consumer.email());

        assertThat(new Browser(port).get(path(link)).body()).contains("a déjà un compte");
        assertThat(accept(link, PASSWORD).statusCode()).isEqualTo(400);
        assertThat(people.findById(consumer.id()).orElseThrow().role()).isEqualTo(Role.CONSUMER);
    }

    @Test
    void aBadAddressIsRefusedOnItsField() {
        Browser browser = signedIn(accounts.person(Role.PROFESSIONAL, accounts.professional()));

        HttpResponse<String> refused = browser.submit("/pro/team", "/pro/team/invitations", Map.of("email", "nope"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("<code>email</code>");
    }

    private Browser signedIn(Person person) {
        return signedIn(person, TestAccounts.PASSWORD);
    }

    private Browser signedIn(Person person, String password) {
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(person.email(), password))).endsWith("/account");
        return browser;
    }

    private HttpResponse<String> accept(URI link, String password) {
        Browser invitee = new Browser(port);
        String csrf = Browser.csrf(invitee.get("/login").body());
        return invitee.post("/invitation", Map.of("token", token(link), "password", password, "confirmation", password),
                csrf);
    }

    /** The newest invitation link mailed to {@code email}, delivered over SMTP. */
    private URI mailedLink(String email) {
        sender.sendPending();
        List<TestMail.Received> mails = TestMail.to(email.toLowerCase());
        assertThat(mails).isNotEmpty();
        Matcher matcher = LINK.matcher(mails.getLast().body().replace("=\r\n", "").replace("=3D", "="));
        assertThat(matcher.find()).as(mails.getLast().body()).isTrue();
        return URI.create(matcher.group());
    }

    private static String path(URI link) {
        return link.getRawPath() + "?" + link.getRawQuery();
    }

    private static String token(URI link) {
        return link.getRawQuery().substring("token=".length());
    }
}
