package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxMail;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import fr.consenti.server.testsupport.TestMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The consumer's consent wallet (issue 4): prove a number, see every consent held for it, withdraw in one click. */
@ConsentiIT
class WalletIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @LocalServerPort
    int port;
    @Autowired
    Professionals professionals;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    TestClock clock;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxSender sender;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    LedgerKeys ledgerKeys;

    LedgerFixture pro;
    Person consumer;
    Browser browser;

    @BeforeEach
    void consumerAndProfessional() {
        pro = new LedgerFixture(professionals, apiKeys, port, clock);
        consumer = accounts.person(Role.CONSUMER, null);
        browser = signedIn(consumer);
    }

    static String newMobile() {
        // 061…: metropolitan mobiles (0639…, 069… are overseas ranges, with other country codes).
        return "+3361" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    static String national(String e164) {
        return "0" + e164.substring(3);
    }

    private Browser signedIn(Person person) {
        Browser signedIn = new Browser(port);
        assertThat(Browser.location(signedIn.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        return signedIn;
    }

    /** Adds the number on the wallet page, reads the SMS from the outbox and types its code. */
    private void prove(Browser who, String e164) {
        HttpResponse<String> sent = who.submit("/wallet", "/wallet/numbers", Map.of("number", national(e164)));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        String confirmPage = Browser.location(sent);
        assertThat(confirmPage).contains("/wallet/confirm?number=%2B33");
        HttpResponse<String> proven = who.submit(confirmPage.substring(confirmPage.indexOf("/wallet")), "/wallet/confirm",
                Map.of("number", e164, "code", code(e164)));
        assertThat(Browser.location(proven)).endsWith("/wallet?proven");
    }

    private String code(String e164) {
        OutboxMail sms = outbox.to(e164).getFirst();
        assertThat(sms.kind()).isEqualTo(OutboxMail.Kind.SMS);
        Matcher matcher = CODE.matcher(sms.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    @Test
    void walletRefusesAFourthCodeWithinAnHourWithAnErrorOnTheForm() {
        String number = newMobile();
        for (int i = 0; i < 3; i++) {
            assertThat(browser.submit("/wallet", "/wallet/numbers", Map.of("number", national(number))).statusCode())
                    .isEqualTo(302);
        }

        HttpResponse<String> refused = browser.submit("/wallet", "/wallet/numbers", Map.of("number", national(number)));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("id=\"number-error\"", "Trop de codes");
        assertThat(outbox.to(number)).hasSize(3);
    }

    @Test
    void consumerSeesWhoCalledTheirProvenNumbersAndHowEachCallEnded() {
        String number = newMobile();
        String notTheirs = newMobile();
        prove(browser, number);
        UUID answered = callAttempt(number, clock.instant().minusSeconds(7200));
        callAttempt(number, clock.instant().minusSeconds(3600));
        callAttempt(notTheirs, clock.instant().minusSeconds(60));
        jdbc.sql("""
                        insert into call_outcome (call_id, professional_id, nsn, outcome, occurred_at, recorded_at)
                        values (?, ?, ?, 'REFUSED', ?, ?)""")
                .params(answered, pro.professional.id(), Integer.parseInt(number.substring(3)),
                        java.time.OffsetDateTime.now(clock), java.time.OffsetDateTime.now(clock))
                .update();

        String page = browser.get("/wallet").body();

        String calls = page.substring(page.indexOf("id=\"calls\""));
        assertThat(calls).contains(number, "Exemple SA", "<span>" + pro.professional.siren().value() + "</span>", "Refus",
                "Non déclarée").doesNotContain(notTheirs);
    }

    private UUID callAttempt(String e164, Instant at) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into call_attempt (id, professional_id, api_key_id, nsn, e164, purpose, sector,
                            attempted_at, basis, rule_set, feed_position, receipt)
                        values (?, ?, 0, ?, ?, 'ENERGY', 'OTHER', ?, 'CONSENT', 'FR-2026-08-11', 0, 'jws')""")
                .params(id, pro.professional.id(), Integer.parseInt(e164.substring(3)), e164,
                        at.atOffset(java.time.ZoneOffset.UTC))
                .update();
        return id;
    }

    @Test
    void consumerProvesNumberWithCodeAndSeesEveryConsentHeldForIt() {
        String number = newMobile();
        String id = pro.give(national(number)).path("id").asString();
        LedgerFixture other = new LedgerFixture(professionals, apiKeys, port, clock);
        String otherId = other.give(number).path("id").asString();

        assertThat(browser.get("/wallet").body()).doesNotContain(id, otherId);
        prove(browser, number);

        String page = browser.get("/wallet").body();
        assertThat(page).contains(number, "consent-" + id, "consent-" + otherId,
                "SIREN " + pro.professional.siren().value(), "SIREN " + other.professional.siren().value(),
                "Rénovation", "Isolation des logements", "Formulaire web", "Actif",
                "J&#39;accepte d&#39;être appelé par Exemple SA", fr.consenti.server.accounts.ApiKeys.sha256Hex(LedgerFixture.NOTICE));
    }

    @Test
    void aWrongCodeDoesNotProveTheNumber() {
        String number = newMobile();
        String id = pro.give(number).path("id").asString();
        browser.submit("/wallet", "/wallet/numbers", Map.of("number", number));
        String right = code(number);
        String wrong = right.equals("000000") ? "111111" : "000000";

        HttpResponse<String> refused = browser.submit("/wallet/confirm?number=" + number.replace("+", "%2B"),
                "/wallet/confirm", Map.of("number", number, "code", wrong));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("pas le bon");
        assertThat(browser.get("/wallet").body()).doesNotContain(id);
    }

    @Test
    void consumerSeesOnlyConsentsOfNumbersTheyProved() {
        String mine = newMobile();
        String theirs = newMobile();
        pro.give(mine);
        String theirId = pro.give(theirs).path("id").asString();
        prove(browser, mine);
        // Someone else sent a code to that number but never typed it: not proven, nothing shown, nothing reachable.
        browser.submit("/wallet", "/wallet/numbers", Map.of("number", theirs));

        assertThat(browser.get("/wallet").body()).doesNotContain(theirId, theirs + "<");
        String csrf = Browser.csrf(browser.get("/wallet").body());
        assertThat(browser.post("/wallet/consents/" + theirId + "/withdrawal", Map.of(), csrf).statusCode())
                .isEqualTo(404);
        assertThat(browser.get("/wallet/consents/" + theirId + "/receipt.pdf").statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select status from consent where id = ?").param(java.util.UUID.fromString(theirId))
                .query(String.class).single()).isEqualTo("ACTIVE");
    }

    @Test
    void consumerWithdrawsConsentInOneClick() throws Exception {
        String number = newMobile();
        String id = pro.give(number).path("id").asString();
        prove(browser, number);

        String csrf = Browser.csrf(browser.get("/wallet").body());
        HttpResponse<String> withdrawn = browser.post("/wallet/consents/" + id + "/withdrawal", Map.of(), csrf);

        assertThat(Browser.location(withdrawn)).endsWith("/wallet?withdrawn");
        // Effective at once for the professional, through the hash-chained ledger.
        var listed = fr.consenti.server.testsupport.Http.json(pro.get("/api/v1/consents?number=" + number.replace("+", "%2B")));
        assertThat(listed.path("consents").get(0).path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(jdbc.sql("select channel from consent_event where consent_id = ? and kind = 'WITHDRAWN'")
                .param(java.util.UUID.fromString(id)).query(String.class).single()).isEqualTo("CONSUMER_WALLET");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(LedgerVerification.verify(connection, ledgerKeys.commitment()).verdict())
                    .isInstanceOf(ChainVerdict.Intact.class);
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'CONSENT_WITHDRAWN' and subject = ?")
                .param("consent:" + id).query(Long.class).single()).isEqualTo(1L);
        String page = browser.get("/wallet?withdrawn").body();
        assertThat(page).contains("Retiré");
        assertThat(page).doesNotContain("/wallet/consents/" + id + "/withdrawal");
    }

    @Test
    void consumerDownloadsTheReadableReceiptWithItsSignedJws() throws Exception {
        String number = newMobile();
        var given = pro.give(number);
        String id = given.path("id").asString();
        String receipt = given.path("receipt").asString();
        prove(browser, number);

        HttpResponse<byte[]> pdf = browser.getBytes("/wallet/consents/" + id + "/receipt.pdf");

        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        String text = pdfText(pdf.body());
        assertThat(text).contains(id, number, "Exemple SA", pro.professional.siren().value(), "Rénovation",
                receipt.substring(0, ReceiptPdf.JWS_LINE));
    }

    @Test
    void theReceiptIsMailedWithItsPdfToTheConsumerWhoProvedTheNumber() throws Exception {
        String number = newMobile();
        prove(browser, number);
        var given = pro.give(number);
        String id = given.path("id").asString();

        assertThat(sender.sendPending()).isGreaterThanOrEqualTo(1);
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : TestMail.server().getReceivedMessages()) {
            if (message.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(consumer.email())
                    && message.getSubject().contains("reçu")) {
                mails.add(message);
            }
        }
        assertThat(mails).hasSize(1);
        Multipart parts = (Multipart) mails.getFirst().getContent();
        BodyPart pdf = null;
        BodyPart jws = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (ReceiptPdf.filename(id).equals(part.getFileName())) {
                pdf = part;
            } else if (part.getFileName() != null && part.getFileName().endsWith(".jws")) {
                jws = part;
            }
        }
        assertThat(pdf).isNotNull();
        assertThat(pdf.getContentType()).startsWith("application/pdf");
        assertThat(pdfText(bytes(pdf))).contains(id, number, "Exemple SA");
        assertThat(jws).isNotNull();
        assertThat(new String(bytes(jws), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(given.path("receipt").asString());
        assertThat(GreenMailUtil.getBody(mails.getFirst())).contains(id);
    }

    @Test
    void anImportedConsentsReceiptIsMailedToTheConsumerWhoProvedTheNumberOnly() {
        String proven = newMobile();
        String unknown = newMobile();
        prove(browser, proven);
        String at = clock.instant().minusSeconds(3600).atOffset(java.time.ZoneOffset.UTC).toString();
        String csv = "number;purposes;channel;collected_at;notice;evidence_kind;evidence_ref;evidence_at\n"
                + national(proven) + ";" + LedgerFixture.PURPOSE + ";RECORDED_CALL;" + at + ";" + LedgerFixture.NOTICE
                + ";CALL_RECORDING;rec-1;" + at + "\n"
                + national(unknown) + ";" + LedgerFixture.PURPOSE + ";RECORDED_CALL;" + at + ";"
                + LedgerFixture.NOTICE + ";CALL_RECORDING;rec-2;" + at + "\n";

        HttpResponse<String> report = pro.http.send("POST", "/api/v1/consents/imports", "text/csv", csv,
                "Authorization", "Bearer " + pro.key);

        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        List<OutboxMail> mails = outbox.to(consumer.email());
        assertThat(mails).filteredOn(m -> m.subject().equals(ReceiptMails.SUBJECT)).hasSize(1)
                .allSatisfy(m -> assertThat(m.body()).contains(proven));
        assertThat(outbox.attachments(mails.getFirst().id())).extracting(Outbox.Attachment::contentType)
                .containsExactly("application/pdf", "application/jose");
        assertThat(jdbc.sql("select count(*) from outbox_mail where subject = ? and body like ?")
                .params(ReceiptMails.SUBJECT, "%" + unknown + "%").query(Long.class).single()).isZero();
    }

    @Test
    void noReceiptMailWhenNoConsumerProvedTheNumber() {
        String number = newMobile();
        pro.give(number);

        assertThat(jdbc.sql("select count(*) from outbox_mail where subject = ? and body like ?")
                .params(ReceiptMails.SUBJECT, "%" + number + "%").query(Long.class).single()).isZero();
    }

    static byte[] bytes(BodyPart part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.getInputStream().transferTo(out);
        return out.toByteArray();
    }

    static String pdfText(byte[] pdf) throws IOException {
        try (PdfReader reader = new PdfReader(pdf)) {
            StringBuilder text = new StringBuilder();
            PdfTextExtractor extractor = new PdfTextExtractor(reader);
            for (int page = 1; page <= reader.getNumberOfPages(); page++) {
                text.append(extractor.getTextFromPage(page)).append('\n');
            }
            return text.toString();
        }
    }
}
