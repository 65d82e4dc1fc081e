package fr.consenti.server.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Complaints (RULES.md §8): complete ones reach the authority's queue, incomplete ones stay reports. */
@ConsentiIT
class ComplaintIT {

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    private Browser consumer;
    private Browser agent;
    private Person agentPerson;

    @BeforeEach
    void signIn() {
        consumer = signedIn(accounts.person(Role.CONSUMER, null));
        agentPerson = accounts.person(Role.AUTHORITY, null);
        agent = signedIn(agentPerson);
    }

    private Browser signedIn(Person person) {
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        return browser;
    }

    private Map<String, String> complete() {
        Map<String, String> form = new HashMap<>();
        form.put("callDate", LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris"))).minusDays(1).toString());
        form.put("slot", "10");
        form.put("lineCalled", "06 12 34 56 78");
        form.put("callerNumber", "+33 1 62 00 00 01");
        form.put("sector", "ENERGY_RENOVATION");
        form.put("company", "Isolation Express");
        form.put("purpose", "Pompe à chaleur à 1 euro");
        return form;
    }

    private long file(Map<String, String> form) {
        HttpResponse<String> filed = consumer.submit("/complaints/new", "/complaints", form);
        String location = Browser.location(filed);
        assertThat(location).contains("/complaints?filed=");
        return Long.parseLong(location.substring(location.indexOf("filed=") + 6));
    }

    @Test
    void aCompleteComplaintGoesToTheAuthoritysQueueAndEveryReadIsAudited() {
        long id = file(complete());
        assertThat(consumer.get("/complaints?filed=" + id).body()).contains("transmise à la DGCCRF");

        long readsBefore = audited("COMPLAINT_QUEUE_READ");
        String queue = agent.get("/authority/complaints").body();
        assertThat(queue).contains("/authority/complaints/" + id).contains("Isolation Express");
        assertThat(audited("COMPLAINT_QUEUE_READ")).isEqualTo(readsBefore + 1);
        assertThat(jdbc.sql("select details from audit_event where action = 'COMPLAINT_QUEUE_READ' and actor = ? "
                + "order by sequence desc fetch first 1 rows only").param("person:" + agentPerson.id())
                .query(String.class).single()).contains(Long.toString(id));

        HttpResponse<String> detail = agent.get("/authority/complaints/" + id);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("Pompe à chaleur à 1 euro").contains("10:00–12:00");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'COMPLAINT_READ' and subject = ? and actor = ?")
                .params("complaint:" + id, "person:" + agentPerson.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anIncompleteComplaintIsKeptAsAReportAndNotSentToTheAuthority() {
        Map<String, String> form = complete();
        form.put("callerNumber", "");
        form.put("sector", "");
        long id = file(form);
        String page = consumer.get("/complaints?filed=" + id).body();
        assertThat(page).contains("conservée comme signalement").contains("Numéro qui vous a appelé")
                .contains("Secteur d&#39;activité");
        assertThat(jdbc.sql("select status from complaint where id = ?").param(id).query(String.class).single())
                .isEqualTo("REPORT");
        assertThat(agent.get("/authority/complaints").body()).doesNotContain("/authority/complaints/" + id + "\"");
        assertThat(agent.get("/authority/complaints/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongValuesAreFormErrorsAndNothingIsFiled() {
        long before = jdbc.sql("select count(*) from complaint").query(Long.class).single();
        Map<String, String> form = complete();
        form.put("callDate", LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris"))).plusDays(2).toString());
        form.put("lineCalled", "06 12");
        form.put("slot", "9");
        HttpResponse<String> refused = consumer.submit("/complaints/new", "/complaints", form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("ne peut pas être dans le futur")
                .contains("n&#39;est pas un numéro de téléphone français valide")
                .contains("Choisissez une tranche horaire")
                .contains("aria-invalid=\"true\"")
                .contains("Isolation Express");
        assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void onlyTheAuthoritySeesTheQueue() {
        assertThat(consumer.get("/authority/complaints").statusCode()).isEqualTo(403);
        assertThat(new Browser(port).get("/authority/complaints").statusCode()).isEqualTo(302);
        assertThat(agent.get("/complaints/new").statusCode()).isEqualTo(403);
    }

    private long audited(String action) {
        return jdbc.sql("select count(*) from audit_event where action = ?").param(action).query(Long.class).single();
    }
}
