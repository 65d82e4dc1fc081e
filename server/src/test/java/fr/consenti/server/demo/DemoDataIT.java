package fr.consenti.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
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
