package fr.consenti.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxMail;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** A signed-in consumer using the registry's API with their session, as a consumer app would. */
final class RegistryConsumer {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final AtomicLong NUMBERS = new AtomicLong(System.nanoTime() % 5_000_000L);

    final Person person;
    final Browser browser;
    final String csrf;
    private final Outbox outbox;

    RegistryConsumer(TestAccounts accounts, Outbox outbox, int port) {
        this.outbox = outbox;
        this.person = accounts.person(Role.CONSUMER, null);
        this.browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        this.csrf = Browser.csrf(browser.get("/account").body());
    }

    /** A mobile number no other test of this JVM uses, in E.164. */
    static String newMobile() {
        return "+3375" + String.format("%07d", NUMBERS.incrementAndGet() % 10_000_000L);
    }

    /** A Paris landline no other test of this JVM uses, in E.164. */
    static String newLandline() {
        return "+3314" + String.format("%07d", NUMBERS.incrementAndGet() % 10_000_000L);
    }

    HttpResponse<String> api(String method, String path, String json) {
        return browser.json(method, "/api/v1/registry" + path, json, "X-CSRF-TOKEN", csrf);
    }

    /** The code of the latest SMS sent to the number. */
    String lastCode(String e164) {
        List<OutboxMail> sms = outbox.to(e164).stream().filter(m -> m.kind() == OutboxMail.Kind.SMS).toList();
        assertThat(sms).as("SMS to " + e164).isNotEmpty();
        Matcher matcher = CODE.matcher(sms.getFirst().body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** Asks for a code and proves the number with it; returns the proof. */
    JsonNode prove(String number) {
        HttpResponse<String> sent = api("POST", "/codes", "{\"number\":\"" + number + "\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String e164 = Http.json(sent).get("number").asString();
        HttpResponse<String> proved = api("POST", "/proofs",
                "{\"number\":\"" + number + "\",\"code\":\"" + lastCode(e164) + "\"}");
        assertThat(proved.statusCode()).as(proved.body()).isEqualTo(200);
        return Http.json(proved);
    }

    /** Proves and registers one number, acknowledging the consents it withdraws; returns the registration. */
    JsonNode register(String number) {
        JsonNode proof = prove(number);
        HttpResponse<String> registered = api("POST", "/registrations",
                "{\"consentsToWithdraw\":" + proof.get("consentsToWithdraw").asInt() + "}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return Http.json(registered);
    }
}
