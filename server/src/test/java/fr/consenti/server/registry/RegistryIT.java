package fr.consenti.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import fr.consenti.server.testsupport.TestMail;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The consumer side of the opposition list (RULES.md §8), through the API a consumer app uses and the pages. */
@ConsentiIT
class RegistryIT {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

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

    @Autowired
    JdbcClient jdbc;

    private RegistryConsumer consumer;

    @BeforeEach
    void signIn() {
        consumer = new RegistryConsumer(accounts, outbox, port);
    }

    @Test
    void registrationTakesEffectThirtyDaysLater() {
        String number = RegistryConsumer.newMobile();
        JsonNode registered = consumer.register(number);

        Instant at = Instant.parse(registered.get("registeredAt").asString());
        Instant effective = Instant.parse(registered.get("effectiveFrom").asString());
        Instant termEnd = Instant.parse(registered.get("termEnd").asString());
        assertThat(effective).isEqualTo(at.atZone(PARIS).plusDays(30).toInstant());
        assertThat(termEnd).isEqualTo(effective.atZone(PARIS).plusYears(3).toInstant());

        // The list itself: the number, the date and time of registration, and the dates it binds professionals.
        int nsn = ((FrenchNumber) NumberParser.parse(number)).nsn();
        record Entry(Instant registeredAt, Instant effectiveFrom, Instant termEnd, Object removedAt, String source) {
        }
        List<Entry> entry = jdbc.sql("select registered_at, effective_from, term_end, removed_at, source "
                        + "from opposition_entry where nsn = ?").param(nsn)
                .query((rs, n) -> new Entry(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4), rs.getString(5)))
                .list();
        assertThat(entry).containsExactly(new Entry(at, effective, termEnd, null, "REGISTRATION"));
        // ... and every node's screening index hears of it through the change feed, in the same transaction.
        assertThat(feed(nsn)).containsExactly("OPPOSITION_REGISTERED");

        JsonNode held = Http.json(consumer.api("GET", "/numbers", null)).get(0);
        assertThat(held.get("number").asString()).isEqualTo(number);
        assertThat(held.get("effective").asBoolean()).isFalse();
        clock.advance(Duration.between(clock.instant(), effective));
        assertThat(Http.json(consumer.api("GET", "/numbers", null)).get(0).get("effective").asBoolean()).isTrue();
    }

    @Test
    void anAccountRegistersAtMostEightNumbers() {
        for (int i = 0; i < 7; i++) {
            consumer.prove(RegistryConsumer.newMobile());
        }
        assertThat(consumer.api("POST", "/registrations", "{}").statusCode()).isEqualTo(201);
        consumer.register(RegistryConsumer.newMobile());
        assertThat(Http.json(consumer.api("GET", "/numbers", null))).hasSize(8);

        HttpResponse<String> ninth = consumer.api("POST", "/codes", "{\"number\":\"" + RegistryConsumer.newMobile() + "\"}");
        assertThat(ninth.statusCode()).isEqualTo(409);
        assertThat(ninth.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Http.json(ninth).get("code").asString()).isEqualTo("TOO_MANY_NUMBERS");
        assertThat(Http.json(ninth).get("field").asString()).isEqualTo("number");

        // Removing one makes room again.
        String first = Http.json(consumer.api("GET", "/numbers", null)).get(0).get("number").asString();
        assertThat(consumer.api("DELETE", "/numbers/" + first, null).statusCode()).isEqualTo(204);
        consumer.register(RegistryConsumer.newMobile());
    }

    @Test
    void theReceiptStatesTheNumbersTheDatesTheTermAndTheTacitRenewal() throws IOException {
        String one = RegistryConsumer.newMobile();
        String two = RegistryConsumer.newLandline();
        consumer.prove(one);
        consumer.prove(two);
        JsonNode registered = Http.json(consumer.api("POST", "/registrations", "{}"));
        Instant at = Instant.parse(registered.get("registeredAt").asString());
        Instant effective = Instant.parse(registered.get("effectiveFrom").asString());
        Instant termEnd = Instant.parse(registered.get("termEnd").asString());
        List<String> expected = List.of(
                RegistryFormat.national(one), RegistryFormat.national(two),
                "Date et heure d'inscription : " + RegistryFormat.dateTime(at),
                "Inscription effective à compter du : " + RegistryFormat.dateTime(effective),
                "Durée : 3 ans, jusqu'au " + RegistryFormat.dateTime(termEnd),
                "renouvelée tacitement pour 3 ans",
                "au moins 3 mois avant chaque renouvellement");

        sender.sendPending();
        List<TestMail.Received> mails = TestMail.to(consumer.person.email());
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().subject()).contains("récépissé");
        String stored = outbox.to(consumer.person.email()).getFirst().body();
        assertThat(stored).contains(expected);

        HttpResponse<byte[]> pdf = consumer.browser.bytes(registered.get("receipt").asString());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        String text = pdfText(pdf.body());
        assertThat(text).contains("Récépissé d'inscription sur la liste d'opposition");
        for (String line : expected) {
            assertThat(text.replaceAll("\\s+", " ")).contains(line);
        }
    }

    @Test
    void registeringWithdrawsEveryConsentHeldForTheNumberAndLaterConsentsCountAgain() {
        String number = RegistryConsumer.newMobile();
        ConsentHolder first = new ConsentHolder(accounts, port, clock);
        ConsentHolder second = new ConsentHolder(accounts, port, clock);
        first.give(number);
        second.give(number);

        JsonNode proof = consumer.prove(number);
        assertThat(proof.get("consentsToWithdraw").asInt()).isEqualTo(2);
        // The consumer is told before confirming: the page says so, and the API refuses a confirmation that did not
        // acknowledge it.
        String page = consumer.browser.get("/registry/confirm").body();
        assertThat(page).contains("retire dès maintenant 2 consentement(s)");
        HttpResponse<String> unacknowledged = consumer.api("POST", "/registrations", "{}");
        assertThat(unacknowledged.statusCode()).isEqualTo(409);
        assertThat(Http.json(unacknowledged).get("code").asString()).isEqualTo("CONSENTS_NOT_ACKNOWLEDGED");
        assertThat(Http.json(unacknowledged).get("field").asString()).isEqualTo("consentsToWithdraw");

        HttpResponse<String> registered = consumer.api("POST", "/registrations", "{\"consentsToWithdraw\":2}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(Http.json(registered).get("consentsWithdrawn").asInt()).isEqualTo(2);
        assertThat(first.consents(number).get("consents").get(0).get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(second.consents(number).get("consents").get(0).get("status").asString()).isEqualTo("WITHDRAWN");
        int nsn = ((FrenchNumber) NumberParser.parse(number)).nsn();
        assertThat(feed(nsn)).contains("OPPOSITION_REGISTERED", "CONSENT_WITHDRAWN", "CONSENT_WITHDRAWN");
        assertThat(jdbc.sql("select count(*) from consent_event e join consent c on c.id = e.consent_id "
                + "where c.nsn = ? and e.kind = 'WITHDRAWN' and e.channel = 'REGISTRY'").param(nsn)
                .query(Long.class).single()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        first.give(number);
        JsonNode after = first.consents(number).get("consents");
        assertThat(after).hasSize(2);
        List<String> statuses = new java.util.ArrayList<>();
        after.forEach(c -> statuses.add(c.get("status").asString()));
        assertThat(statuses).containsExactlyInAnyOrder("WITHDRAWN", "ACTIVE");
    }

    @Test
    void onlyMobileAndFixedNumbersCanBeRegistered() {
        for (String special : List.of("0800 12 34 56", "0700 123 456", "3615")) {
            HttpResponse<String> refused = consumer.api("POST", "/codes", "{\"number\":\"" + special + "\"}");
            assertThat(refused.statusCode()).as(special).isEqualTo(400);
            assertThat(Http.json(refused).get("code").asString()).as(special).isEqualTo("NUMBER_NOT_REGISTRABLE");
            assertThat(Http.json(refused).get("field").asString()).isEqualTo("number");
        }
        HttpResponse<String> garbage = consumer.api("POST", "/codes", "{\"number\":\"06 12 ab\"}");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(Http.json(garbage).get("code").asString()).isEqualTo("NUMBER_INVALID");
        assertThat(Http.json(garbage).get("errors").get(0).get("field").asString()).isEqualTo("number");

        // The page shows the reason next to the field.
        HttpResponse<String> page = consumer.browser.post("/registry/numbers", Map.of("number", "0899 12 34 56"),
                consumer.csrf);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("aria-invalid=\"true\"").contains("seuls les numéros fixes et mobiles");
    }

    @Test
    void aWrongCodeIsRefusedAndProvesNothing() {
        String number = RegistryConsumer.newMobile();
        consumer.api("POST", "/codes", "{\"number\":\"" + number + "\"}");
        String code = consumer.lastCode(number);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        HttpResponse<String> refused = consumer.api("POST", "/proofs",
                "{\"number\":\"" + number + "\",\"code\":\"" + wrong + "\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Http.json(refused).get("code").asString()).isEqualTo("CODE_WRONG");
        assertThat(Http.json(refused).get("field").asString()).isEqualTo("code");
        HttpResponse<String> nothing = consumer.api("POST", "/registrations", "{}");
        assertThat(nothing.statusCode()).isEqualTo(409);
        assertThat(Http.json(nothing).get("code").asString()).isEqualTo("NOTHING_TO_REGISTER");
    }

    @Test
    void removingANumberTakesItOffTheListAtOnceAndUnregisteringTakesThemAll() {
        String one = RegistryConsumer.newMobile();
        String two = RegistryConsumer.newMobile();
        consumer.register(one);
        consumer.register(two);
        int nsn = ((FrenchNumber) NumberParser.parse(one)).nsn();

        assertThat(consumer.api("DELETE", "/numbers/" + one, null).statusCode()).isEqualTo(204);
        assertThat(jdbc.sql("select count(*) from opposition_entry where nsn = ? and removed_at is null").param(nsn)
                .query(Long.class).single()).isZero();
        assertThat(feed(nsn)).containsExactly("OPPOSITION_REGISTERED", "OPPOSITION_REMOVED");
        assertThat(consumer.api("DELETE", "/numbers/" + one, null).statusCode()).isEqualTo(404);

        HttpResponse<String> all = consumer.api("DELETE", "/numbers", null);
        assertThat(Http.json(all).get("removed").asInt()).isEqualTo(1);
        assertThat(Http.json(consumer.api("GET", "/numbers", null))).isEmpty();
        // Taken off, the number may be registered again, with a new date of effect.
        consumer.register(one);
    }

    @Test
    void aNumberHeldByOneAccountCannotBeRegisteredByAnother() {
        String number = RegistryConsumer.newMobile();
        consumer.register(number);
        RegistryConsumer other = new RegistryConsumer(accounts, outbox, port);
        other.prove(number);
        HttpResponse<String> refused = other.api("POST", "/registrations", "{}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Http.json(refused).get("code").asString()).isEqualTo("NUMBER_ON_LIST");
    }

    @Test
    void aNumberImportedFromTheFormerRegistryIsTakenOverByTheConsumerWhoProvesItWithoutAGap() {
        String number = RegistryConsumer.newMobile();
        int nsn = ((FrenchNumber) NumberParser.parse(number)).nsn();
        Instant importedTermEnd = clock.instant().plus(Duration.ofDays(400));
        jdbc.sql("""
                        insert into opposition_entry (nsn, registered_at, effective_from, term_end, source)
                        values (?, ?, ?, ?, 'IMPORT')""")
                .params(nsn, clock.instant().minus(Duration.ofDays(900)).atOffset(ZoneOffset.UTC),
                        clock.instant().minus(Duration.ofDays(870)).atOffset(ZoneOffset.UTC),
                        importedTermEnd.atOffset(ZoneOffset.UTC))
                .update();

        JsonNode proved = consumer.prove(number);
        assertThat(proved.get("effectiveFrom").asString()).isEqualTo(proved.get("provedAt").asString());
        JsonNode registered = consumer.register(number);

        assertThat(registered.get("takenOver")).hasSize(1);
        assertThat(registered.get("takenOver").get(0).asString())
                .isEqualTo(((FrenchNumber) NumberParser.parse(number)).e164());
        record Entry(String source, Instant effectiveFrom, Instant termEnd, boolean removed) {
        }
        List<Entry> entries = jdbc.sql("select source, effective_from, term_end, removed_at from opposition_entry "
                        + "where nsn = ? order by id").param(nsn)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4) != null))
                .list();
        Instant now = clock.instant();
        // The imported entry closes as the consumer's own opens, effective at once: the number never leaves the list.
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).source()).isEqualTo("IMPORT");
        assertThat(entries.get(0).removed()).isTrue();
        assertThat(entries.get(1).source()).isEqualTo("REGISTRATION");
        assertThat(entries.get(1).removed()).isFalse();
        assertThat(entries.get(1).effectiveFrom()).isBeforeOrEqualTo(now);
        assertThat(entries.get(1).termEnd()).isEqualTo(now.atZone(PARIS).plusYears(3).toInstant());
        assertThat(feed(nsn)).containsExactly("OPPOSITION_REGISTERED");
        JsonNode held = Http.json(consumer.api("GET", "/numbers", null)).get(0);
        assertThat(held.get("effective").asBoolean()).isTrue();

        // Now the consumer's, the number can be taken off the list by them.
        assertThat(consumer.api("DELETE", "/numbers/" + number, null).statusCode()).isEqualTo(204);
        assertThat(jdbc.sql("select count(*) from opposition_entry where nsn = ? and removed_at is null").param(nsn)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aConsumerSeesOnlyTheirOwnNumbersAndReceipts() {
        String mine = RegistryConsumer.newMobile();
        long receipt = consumer.register(mine).get("receiptId").asLong();
        RegistryConsumer other = new RegistryConsumer(accounts, outbox, port);

        assertThat(Http.json(other.api("GET", "/numbers", null))).isEmpty();
        assertThat(Http.json(other.api("GET", "/receipts", null))).isEmpty();
        assertThat(other.api("GET", "/receipts/" + receipt + "/pdf", null).statusCode()).isEqualTo(404);
        assertThat(other.browser.get("/registry/receipts/" + receipt + ".pdf").statusCode()).isEqualTo(404);
        assertThat(other.api("DELETE", "/numbers/" + mine, null).statusCode()).isEqualTo(404);
        assertThat(other.browser.get("/registry").body()).doesNotContain(RegistryFormat.national(mine));
        assertThat(consumer.browser.get("/registry").body()).contains(RegistryFormat.national(mine));
    }

    @Test
    void theApiWantsTheSessionsCsrfTokenForChanges() {
        HttpResponse<String> without = consumer.browser.json("POST", "/api/v1/registry/codes",
                "{\"number\":\"" + RegistryConsumer.newMobile() + "\"}");
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(Http.json(without).get("code").asString()).isEqualTo("CSRF_TOKEN_MISSING");
        JsonNode session = Http.json(consumer.api("GET", "/session", null));
        assertThat(session.get("csrfHeader").asString()).isEqualTo("X-CSRF-TOKEN");
        HttpResponse<String> with = consumer.browser.json("POST", "/api/v1/registry/codes",
                "{\"number\":\"" + RegistryConsumer.newMobile() + "\"}", "X-CSRF-TOKEN", session.get("csrfToken").asString());
        assertThat(with.statusCode()).isEqualTo(202);
        assertThat(new Browser(port).json("GET", "/api/v1/registry/numbers", null).statusCode()).isEqualTo(401);
    }

    private List<String> feed(int nsn) {
        return jdbc.sql("select kind from change_feed where nsn = ? order by sequence").param(nsn).query(String.class).list();
    }

    static String pdfText(byte[] pdf) throws IOException {
        PdfReader reader = new PdfReader(pdf);
        try {
            PdfTextExtractor extractor = new PdfTextExtractor(reader);
            StringBuilder text = new StringBuilder();
            for (int page = 1; page <= reader.getNumberOfPages(); page++) {
                text.append(extractor.getTextFromPage(page)).append('\n');
            }
            return text.toString();
        } finally {
            reader.close();
        }
    }

    /** Sends what this test queued, so that the shared outbox holds no backlog for the tests that follow. */
    @AfterEach
    void drainOutbox() {
        while (sender.sendPending() > 0) {
            // until nothing is left to send
        }
    }
}
