package fr.consenti.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.consent.DemoConsents;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@ConsentiIT
class DemoDataIT {

    private static final String KEY = "ck_configured_demo_key_0123456789";

    @Autowired
    DemoData demoData;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Autowired
    DemoConsents demoConsents;

    @Test
    void demoConsentsAreRecordedOnceInTheLedger() {
        long professional = demoData.seed(KEY).professional().id();

        // Another test's application may have started with the demo on and seeded them already: same database.
        demoConsents.seed(professional);
        int again = demoConsents.seed(professional);

        assertThat(again).isZero();
        assertThat(jdbc.sql("select e164 from consent where professional_id = ? and status = 'ACTIVE' order by e164")
                .param(professional).query(String.class).list())
                .containsExactly("+262692123456", "+33145678910", "+33612345678");
        assertThat(Http.withKey(port, KEY).get("/api/v1/consents?number=0612345678").body())
                .contains("+33612345678", "OFFRES_ENERGIE");
    }

    @Test
    void everyDemoPersonSignsInWithTheDemoPasswordAfterSeedingTwice() {
        demoData.seed(KEY);
        demoData.seed(KEY);

        for (DemoData.DemoPerson person : DemoData.PEOPLE) {
            assertThat(jdbc.sql("select count(*) from person where email = ? and role = ?")
                    .params(person.email(), person.role().name()).query(Integer.class).single())
                    .as(person.email()).isEqualTo(1);
            Browser browser = new Browser(port);
            assertThat(Browser.location(browser.signIn(person.email(), DemoData.PASSWORD)))
                    .as(person.email()).endsWith("/account");
        }
    }

    @Test
    void theDemoCallCentreAndItsDelegationAreSeededOnce() {
        long professional = demoData.seed(KEY).professional().id();
        demoConsents.seed(professional);
        demoData.seedDelegation(professional, DemoConsents.PURPOSE);
        boolean again = demoData.seedDelegation(professional, DemoConsents.PURPOSE);
        demoData.seed(KEY);

        assertThat(again).isFalse();
        assertThat(jdbc.sql("select count(*) from call_centre where siren = ?").param(DemoData.CALL_CENTRE_SIREN.value())
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select count(*) from delegation d join call_centre c on c.id = d.call_centre_id
                        where c.siren = ? and d.professional_id = ? and d.revoked_at is null""")
                .params(DemoData.CALL_CENTRE_SIREN.value(), professional).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select c.siren from person p join call_centre c on c.id = p.call_centre_id
                        where p.email = 'centre@demo.consenti.fr'""").query(String.class).single())
                .isEqualTo(DemoData.CALL_CENTRE_SIREN.value());
    }

    @Test
    void seedingTwiceWithTheConfiguredKeyChangesNothing() {
        DemoData.Seeded first = demoData.seed(KEY);
        DemoData.Seeded second = demoData.seed(KEY);

        assertThat(second.professional()).isEqualTo(first.professional());
        assertThat(second.newKey()).isNull();
        assertThat(second.key()).isEqualTo(KEY);
        assertThat(professionalsWithDemoSiren()).isEqualTo(1);
        assertThat(activeDemoKeyHashes()).containsExactly(ApiKeys.sha256Hex(KEY));
    }

    @Test
    void theKeyIsStoredAsItsHashOnly() {
        demoData.seed(KEY);

        List<String> everyKeyColumn = jdbc.sql("select prefix || ' ' || secret_sha256 || ' ' || label from api_key")
                .query(String.class).list();
        assertThat(everyKeyColumn).isNotEmpty().noneMatch(row -> row.contains(KEY));
        assertThat(activeDemoKeyHashes()).containsExactly(ApiKeys.sha256Hex(KEY));
    }

    @Test
    void withoutAConfiguredKeyEachSeedingIssuesANewKeyAndRevokesThePrevious() {
        DemoData.Seeded first = demoData.seed(null);
        DemoData.Seeded second = demoData.seed(null);

        assertThat(first.key()).startsWith("ck_").hasSize(46);
        assertThat(second.key()).startsWith("ck_").isNotEqualTo(first.key());
        assertThat(second.revokedKeys()).isEqualTo(1);
        assertThat(activeDemoKeyHashes()).containsExactly(ApiKeys.sha256Hex(second.key()));
        assertThat(jdbc.sql("select revoked_at is not null from api_key where id = ?").param(first.newKey().id())
                .query(Boolean.class).single()).isTrue();
        assertThat(professionalsWithDemoSiren()).isEqualTo(1);
    }

    @Test
    void configuredKeyReplacesARandomOne() {
        demoData.seed(null);

        DemoData.Seeded seeded = demoData.seed(KEY);

        assertThat(seeded.newKey()).isNotNull();
        assertThat(activeDemoKeyHashes()).containsExactly(ApiKeys.sha256Hex(KEY));
    }

    private long professionalsWithDemoSiren() {
        return jdbc.sql("select count(*) from professional where siren = ?").param(DemoData.SIREN.value())
                .query(Long.class).single();
    }

    private List<String> activeDemoKeyHashes() {
        return jdbc.sql("""
                        select k.secret_sha256 from api_key k join professional p on p.id = k.professional_id
                        where p.siren = ? and k.label = ? and k.revoked_at is null""")
                .params(DemoData.SIREN.value(), DemoData.KEY_LABEL)
                .query(String.class).list();
    }
}
