package fr.consenti.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.consent.DemoConsents;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The launcher's path: demo enabled and CONSENTI_DEMO_KEY set (as its property, consenti.demo.key). */
@ExtendWith(OutputCaptureExtension.class)
@ConsentiIT
@TestPropertySource(properties = {"consenti.demo.enabled=true", "consenti.demo.key=" + DemoStartupIT.KEY})
class DemoStartupIT {

    static final String KEY = "ck_launcher_demo_key_abcdefghijkl";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void startupSeedsTheConfiguredKeyAndTellsWhereToGo(CapturedOutput output) {
        String active = jdbc.sql("""
                        select k.secret_sha256 from api_key k join professional p on p.id = k.professional_id
                        where p.siren = ? and k.label = ? and k.revoked_at is null""")
                .params(DemoData.SIREN.value(), DemoData.KEY_LABEL)
                .query(String.class).single();
        assertThat(active).isEqualTo(ApiKeys.sha256Hex(KEY));

        String base = "http://localhost:" + port + "/";
        assertThat(output.getAll()).contains(base, base + "swagger-ui.html", KEY);
    }

    @Test
    void theDemoConsumerHasARegisteredNumberWithItsReceipt() {
        String consumer = DemoData.PEOPLE.getFirst().email();
        long held = jdbc.sql("select count(*) from registry_number n join person p on p.id = n.person_id "
                + "where p.email = ? and n.removed_at is null").param(consumer).query(Long.class).single();
        assertThat(held).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from registry_receipt r join person p on p.id = r.person_id where p.email = ?")
                .param(consumer).query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theDemoCallCentreActsForTheDemoProfessionalAndItsStaffSignsInAndSeesTheDelegation() {
        assertThat(jdbc.sql("""
                        select count(*) from delegation d join call_centre c on c.id = d.call_centre_id
                        join professional p on p.id = d.professional_id
                        where c.siren = ? and p.siren = ? and d.purposes = ? and d.revoked_at is null""")
                .params(DemoData.CALL_CENTRE_SIREN.value(), DemoData.SIREN.value(), DemoConsents.PURPOSE)
                .query(Long.class).single()).isEqualTo(1);
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn("centre@demo.consenti.fr", DemoData.PASSWORD))).endsWith("/account");
        assertThat(browser.get("/account").body()).contains(DemoData.CALL_CENTRE_NAME,
                DemoData.CALL_CENTRE_SIREN.value());
        assertThat(browser.get("/call-centre").body()).contains(DemoData.CALL_CENTRE_NAME, DemoData.NAME,
                DemoConsents.PURPOSE, "centre@demo.consenti.fr");
    }

    @Test
    void theDemoOutboxPageListsEveryDemoAccount(CapturedOutput output) {
        String page = new Browser(port).get("/demo/outbox").body();
        for (DemoData.DemoPerson person : DemoData.PEOPLE) {
            assertThat(page).contains(person.email());
            assertThat(output.getAll()).contains(person.email());
        }
        assertThat(page).contains(DemoData.PASSWORD, "Centre d&#39;appel");
    }
}
