package fr.consenti.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** With the policy registry.withdraws-consents off, registering a number leaves its consents as they are. */
@ConsentiIT
@TestPropertySource(properties = "registry.withdraws-consents=false")
class RegistryWithoutConsentWithdrawalIT {

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxSender sender;

    @Autowired
    TestClock clock;

    @Test
    void withTheWithdrawalPolicyOffRegisteringKeepsTheConsents() {
        RegistryConsumer consumer = new RegistryConsumer(accounts, outbox, port);
        ConsentHolder holder = new ConsentHolder(accounts, port, clock);
        String number = RegistryConsumer.newMobile();
        holder.give(number);

        assertThat(consumer.prove(number).get("consentsToWithdraw").asInt()).isZero();
        assertThat(consumer.browser.get("/registry/confirm").body())
                .contains("ne retire pas les consentements que vous avez donnés");
        HttpResponse<String> registered = consumer.api("POST", "/registrations", "{}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(Http.json(registered).get("consentsWithdrawn").asInt()).isZero();
        assertThat(holder.consents(number).get("consents").get(0).get("status").asString()).isEqualTo("ACTIVE");
    }

    /** Sends what this test queued, so that the shared outbox holds no backlog for the tests that follow. */
    @AfterEach
    void drainOutbox() {
        while (sender.sendPending() > 0) {
            // until nothing is left to send
        }
    }
}
