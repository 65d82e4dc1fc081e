package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The operator's ledger check over HTTP: the same verdict as ./consenti consents verify, audited. */
@ConsentiIT
class LedgerVerificationEndpointIT {

    static final String PATH = "/operator/ledger/verification";

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Professionals professionals;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    @Test
    void theOperatorEndpointNamesARowAlteredDirectlyInTheDatabase() {
        LedgerFixture pro = new LedgerFixture(professionals, apiKeys, port, clock);
        UUID id = UUID.fromString(pro.give("0765000001").path("id").asString());
        long sequence = jdbc.sql("select sequence from consent_event where consent_id = ?").param(id)
                .query(Long.class).single();
        Browser operator = signedIn(Role.OPERATOR);

        JsonNode intact = check(operator);
        assertThat(intact.path("intact").asBoolean()).isTrue();
        assertThat(intact.path("headSequence").asLong()).isGreaterThanOrEqualTo(sequence);

        jdbc.sql("update consent_event set channel = 'PAPER' where sequence = ?").param(sequence).update();
        try {
            JsonNode broken = check(operator);
            assertThat(broken.path("intact").asBoolean()).isFalse();
            assertThat(broken.path("brokenSequence").asLong()).isEqualTo(sequence);
            assertThat(broken.path("brokenConsent").asString()).isEqualTo(id.toString());
            assertThat(broken.path("breakKind").asString()).isNotBlank();
        } finally {
            jdbc.sql("update consent_event set channel = 'WEB_FORM' where sequence = ?").param(sequence).update();
        }
        assertThat(check(operator).path("intact").asBoolean()).isTrue();
    }

    @Test
    void authorityAgentsMayRunTheCheckAndEveryRunIsAudited() {
        Browser authority = signedIn(Role.AUTHORITY);
        long before = audited();

        assertThat(check(authority).path("intact").isBoolean()).isTrue();
        assertThat(audited()).isEqualTo(before + 1);
    }

    @Test
    void professionalsConsumersAndApiKeysAreRefused() {
        assertThat(signedIn(Role.CONSUMER).get(PATH).statusCode()).isEqualTo(403);
        assertThat(Browser.location(new Browser(port).get(PATH))).endsWith("/login");
        String key = apiKeys.issue(professionals.create(TestAccounts.newSiren(), "P", "RETAIL").id(), "t").key();
        assertThat(Http.withKey(port, key).get(PATH).statusCode()).isNotEqualTo(200);
    }

    private long audited() {
        return jdbc.sql("select count(*) from audit_event where action = 'CONSENT_LEDGER_VERIFIED'")
                .query(Long.class).single();
    }

    private Browser signedIn(Role role) {
        Browser browser = new Browser(port);
        browser.signIn(accounts.person(role, null).email(), TestAccounts.PASSWORD);
        return browser;
    }

    private static JsonNode check(Browser browser) {
        HttpResponse<String> response = browser.get(PATH);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }
}
