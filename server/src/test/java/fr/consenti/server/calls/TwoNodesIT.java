package fr.consenti.server.calls;

import static fr.consenti.server.calls.DiallerFixture.check;
import static fr.consenti.server.calls.DiallerFixture.randomMobile;
import static fr.consenti.server.calls.DiallerFixture.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.ConsentiApplication;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import fr.consenti.server.testsupport.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import java.time.Clock;
import tools.jackson.databind.JsonNode;

/**
 * Two application instances on one database: the test's node A and a node B this class starts on another port. What
 * one node records reaches the other's screening index through the change feed.
 */
@ConsentiIT
class TwoNodesIT {

    private static ConfigurableApplicationContext nodeB;
    private static int portB;

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;

    DiallerFixture pro;
    Http onB;

    /** Node B shares node A's test clock, as nodes share a synchronised time. */
    private static synchronized void startNodeB(TestClock clock) {
        if (nodeB != null) {
            return;
        }
        Map<String, String> properties = new HashMap<>(TestDatabase.springProperties());
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        // As command-line arguments: they win over application.properties, as the test's own properties do.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        nodeB = new SpringApplicationBuilder(ConsentiApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("nodeClock",
                        Clock.class, () -> clock, definition -> definition.setPrimary(true)))
                .run(args);
        portB = Integer.parseInt(nodeB.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @BeforeEach
    void setUp() {
        startNodeB(clock);
        pro = new DiallerFixture(accounts, port, clock);
        onB = Http.withKey(portB, pro.key.key());
    }

    /** Checks on node B until the answer satisfies {@code done}, or a deadline. */
    private JsonNode checkOnB(String body, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last;
        do {
            HttpResponse<String> response = onB.send("POST", "/api/v1/checks", "application/json", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            last = Http.json(response);
            if (done.test(last)) {
                return last;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        } while (System.nanoTime() < deadline);
        return last;
    }

    @Test
    void anObjectionRecordedOnNodeADeniesTheNextCheckOnNodeB() {
        String number = randomMobile();
        pro.giveConsent(number);
        String body = check(number, ",\"at\":\"" + pro.simulatedAtOpenHours() + "\"");
        assertThat(checkOnB(body, verdict("ALLOW", "CONSENT")).get("verdict").asString()).isEqualTo("ALLOW");

        HttpResponse<String> objection = pro.post("/api/v1/objections", "{\"number\":\"" + number + "\"}");
        assertThat(objection.statusCode()).isEqualTo(201);

        JsonNode onNodeB = checkOnB(body, verdict("DENY", "OBJECTION"));
        assertThat(onNodeB.get("reasons").findValuesAsString("code")).contains("OBJECTION");
    }

    @Test
    void aWithdrawalRecordedOnNodeADeniesTheNextCheckOnNodeB() {
        String number = randomMobile();
        pro.giveConsent(number);
        String body = check(number, ",\"at\":\"" + pro.simulatedAtOpenHours() + "\"");
        assertThat(checkOnB(body, verdict("ALLOW", "CONSENT")).get("verdict").asString()).isEqualTo("ALLOW");

        String consentId = Http.json(pro.get("/api/v1/consents?number=" + number)).get("consents").get(0)
                .get("id").asString();
        HttpResponse<String> withdrawn = pro.post("/api/v1/consents/" + consentId + "/withdrawal",
                "{\"channel\":\"PHONE_CALL\"}");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);

        JsonNode onNodeB = checkOnB(body, verdict("DENY", "CONSENT_WITHDRAWN"));
        assertThat(onNodeB.get("reasons").findValuesAsString("code")).contains("CONSENT_WITHDRAWN");
    }

    @Test
    void theCapHoldsAcrossNodes() {
        pro.moveClockIntoCallingHours();
        String number = randomMobile();
        pro.giveConsent(number);
        pro.checkUntil(check(number, ""), verdict("ALLOW", "CONSENT"));
        checkOnB(check(number, ",\"at\":\"" + clock.instant() + "\""), verdict("ALLOW", "CONSENT"));
        int allowed = 0;
        for (int i = 0; i < 6; i++) {
            Http node = i % 2 == 0 ? pro.http : onB;
            HttpResponse<String> response = node.send("POST", "/api/v1/calls", "application/json", check(number, ""));
            if (response.statusCode() == 201) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(4);
    }
}
