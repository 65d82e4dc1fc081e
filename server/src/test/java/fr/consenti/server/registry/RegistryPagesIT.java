package fr.consenti.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A consumer registers a number through the pages, as a browser does (forms, CSRF tokens, redirects): the personal
 * space, the code by SMS, the confirmation page that tells which consents go, the receipt, the removal.
 */
@ConsentiIT
class RegistryPagesIT {

    private static final Pattern RECEIPT = Pattern.compile("/registry/receipts/(\\d+)\\.pdf");

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
    void aConsumerRegistersANumberThroughThePagesAndGetsTheReceipt() throws IOException {
        RegistryConsumer consumer = new RegistryConsumer(accounts, outbox, port);
        Browser browser = consumer.browser;
        String number = RegistryConsumer.newMobile();
        new ConsentHolder(accounts, port, clock).give(number);

        HttpResponse<String> asked = browser.submit("/registry", "/registry/numbers", Map.of("number", number));
        String verify = Browser.location(asked);
        assertThat(verify).contains("/registry/verify?number=");
        HttpResponse<String> verifyPage = browser.get(verify);
        assertThat(verifyPage.body()).contains(RegistryFormat.national(number));

        // A wrong code first: the form says so next to the field.
        String code = consumer.lastCode(number);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        HttpResponse<String> refused = browser.post("/registry/verify", Map.of("number", number, "code", wrong),
                Browser.csrf(verifyPage.body()));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("n&#39;est pas le bon").contains("aria-invalid=\"true\"");

        HttpResponse<String> proved = browser.post("/registry/verify", Map.of("number", number, "code", code),
                Browser.csrf(verifyPage.body()));
        assertThat(Browser.location(proved)).endsWith("/registry/confirm");
        HttpResponse<String> confirm = browser.get("/registry/confirm");
        assertThat(confirm.body()).contains(RegistryFormat.national(number))
                .contains("retire dès maintenant 1 consentement(s)")
                .contains("30 jours");

        HttpResponse<String> done = browser.post("/registry/confirm", Map.of("consentsToWithdraw", "1"),
                Browser.csrf(confirm.body()));
        String space = Browser.location(done);
        assertThat(space).contains("/registry?registered=");
        String page = browser.get(space).body();
        assertThat(page).contains("Votre inscription est enregistrée").contains(RegistryFormat.national(number))
                .contains("En attente de prise d&#39;effet");
        Matcher receipt = RECEIPT.matcher(page);
        assertThat(receipt.find()).isTrue();
        HttpResponse<byte[]> pdf = browser.bytes("/registry/receipts/" + receipt.group(1) + ".pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(RegistryIT.pdfText(pdf.body())).contains(RegistryFormat.national(number));

        HttpResponse<String> removed = browser.post("/registry/numbers/remove", Map.of("number", number),
                Browser.csrf(page));
        assertThat(Browser.location(removed)).endsWith("/registry?removed");
        assertThat(browser.get("/registry?removed").body()).contains("Aucun numéro inscrit");
    }

    @Test
    void theConfirmationPageShowsTheNewCountWhenAConsentArrivedMeanwhile() {
        RegistryConsumer consumer = new RegistryConsumer(accounts, outbox, port);
        String number = RegistryConsumer.newMobile();
        consumer.prove(number);
        HttpResponse<String> confirm = consumer.browser.get("/registry/confirm");
        assertThat(confirm.body()).contains("Aucun professionnel ne détient");

        new ConsentHolder(accounts, port, clock).give(number);
        HttpResponse<String> stale = consumer.browser.post("/registry/confirm", Map.of("consentsToWithdraw", "0"),
                Browser.csrf(confirm.body()));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).contains("cette inscription en retirera 1")
                .contains("retire dès maintenant 1 consentement(s)");
    }

    /** Sends what this test queued, so that the shared outbox holds no backlog for the tests that follow. */
    @AfterEach
    void drainOutbox() {
        while (sender.sendPending() > 0) {
            // until nothing is left to send
        }
    }
}
