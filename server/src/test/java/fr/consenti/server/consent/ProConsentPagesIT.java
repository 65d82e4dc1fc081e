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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The professional's consent pages: list, search, record, import, export, withdraw, proof and receipt. */
@ConsentiIT
class ProConsentPagesIT {

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
    JdbcClient jdbc;

    LedgerFixture pro;
    LedgerFixture other;
    Browser staff;

    @BeforeEach
    void professionals() {
        pro = new LedgerFixture(professionals, apiKeys, port, clock);
        other = new LedgerFixture(professionals, apiKeys, port, clock);
        staff = new Browser(port);
        var person = accounts.person(Role.PROFESSIONAL, pro.professional);
        assertThat(Browser.location(staff.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
    }

    private static String q(String e164) {
        return e164.replace("+", "%2B");
    }

    @Test
    void professionalSearchesByNumberAndNeverSeesAnotherProfessionalsConsents() {
        String number = WalletIT.newMobile();
        String mine = pro.give(number).path("id").asString();
        String theirs = other.give(number).path("id").asString();

        String page = staff.get("/pro/consents?number=" + q(WalletIT.national(number))).body();
        assertThat(page).contains("consent-" + mine, number).doesNotContain(theirs);
        assertThat(staff.get("/pro/consents").body()).contains("consent-" + mine).doesNotContain(theirs);
        assertThat(staff.get("/pro/consents/" + theirs + "/proof").statusCode()).isEqualTo(404);
        assertThat(staff.get("/pro/consents/" + theirs + "/receipt.pdf").statusCode()).isEqualTo(404);
        String csrf = Browser.csrf(page);
        assertThat(staff.post("/pro/consents/" + theirs + "/withdrawal", Map.of("channel", "PHONE_CALL"), csrf)
                .statusCode()).isEqualTo(404);
        assertThat(staff.get("/pro/consents/export.csv").body()).contains(mine).doesNotContain(theirs);
    }

    @Test
    void anInvalidNumberIsSaidOnTheSearchPage() {
        HttpResponse<String> page = staff.get("/pro/consents?number=12");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("number-error", "aria-invalid=\"true\"");
    }

    @Test
    void professionalRecordsOneConsentFromTheForm() {
        String number = WalletIT.newMobile();
        String submittedAt = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.of("Europe/Paris")));

        HttpResponse<String> recorded = staff.submit("/pro/consents/new", "/pro/consents/new", Map.of(
                "number", WalletIT.national(number), "purposes", LedgerFixture.PURPOSE, "channel", "WEB_FORM",
                "notice", LedgerFixture.NOTICE, "evidenceIp", "203.0.113.9", "evidenceUserAgent", "Firefox/140",
                "evidenceAt", submittedAt));

        assertThat(Browser.location(recorded)).contains("/pro/consents?recorded&number=" + q(number));
        JsonNode listed = Http.json(pro.get("/api/v1/consents?number=" + q(number)));
        assertThat(listed.path("consents")).hasSize(1);
        assertThat(listed.path("consents").get(0).path("channel").asString()).isEqualTo("WEB_FORM");
        assertThat(listed.path("consents").get(0).path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void theFormNamesEachFieldItRefuses() {
        HttpResponse<String> refused = staff.submit("/pro/consents/new", "/pro/consents/new", Map.of(
                "number", "12", "channel", "WEB_FORM", "notice", "", "evidenceAt", "2026-01-01T10:00:00"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("form-errors", "<code>number</code>", "<code>purposes</code>",
                "<code>notice</code>");
    }

    @Test
    void importPageRecordsGoodLinesAndReportsRejectedLinesWithTheirNumbers() throws Exception {
        String good = WalletIT.newMobile();
        String at = clock.instant().minusSeconds(3600).atOffset(java.time.ZoneOffset.UTC).toString();
        String csv = "number;purposes;channel;collected_at;notice;evidence_kind;evidence_ref;evidence_at\n"
                + WalletIT.national(good) + ";" + LedgerFixture.PURPOSE + ";RECORDED_CALL;" + at + ";"
                + LedgerFixture.NOTICE + ";CALL_RECORDING;rec-1;" + at + "\n"
                + "0800123456;" + LedgerFixture.PURPOSE + ";RECORDED_CALL;" + at + ";" + LedgerFixture.NOTICE
                + ";CALL_RECORDING;rec-2;" + at + "\n"
                + WalletIT.national(WalletIT.newMobile()) + ";NO_SUCH_PURPOSE;RECORDED_CALL;" + at + ";"
                + LedgerFixture.NOTICE + ";CALL_RECORDING;rec-3;" + at + "\n";

        HttpResponse<String> report = upload(csv);

        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(report.body()).contains("1 consentement(s) enregistré(s), 2 ligne(s) refusée(s)",
                "<td>3</td><td>number</td>", "<td>4</td><td>purposes</td>");
        assertThat(Http.json(pro.get("/api/v1/consents?number=" + q(good))).path("consents")).hasSize(1);
    }

    @Test
    void aWrongHeaderRecordsNothingAndSaysWhy() throws Exception {
        HttpResponse<String> report = upload("telephone;purposes\n0612345678;X\n");

        assertThat(report.statusCode()).isEqualTo(400);
        assertThat(report.body()).contains("header-errors", "unknown column");
    }

    @Test
    void professionalWithdrawsFromThePageAndDownloadsProofAndReceipt() throws Exception {
        String number = WalletIT.newMobile();
        String id = pro.give(number).path("id").asString();
        String page = staff.get("/pro/consents?number=" + q(number)).body();

        HttpResponse<String> withdrawn = staff.post("/pro/consents/" + id + "/withdrawal",
                Map.of("channel", "PHONE_CALL"), Browser.csrf(page));

        assertThat(Browser.location(withdrawn)).contains("/pro/consents?withdrawn&number=" + q(number));
        assertThat(staff.get("/pro/consents?number=" + q(number)).body()).contains("data-status=\"WITHDRAWN\"");
        assertThat(jdbc.sql("select channel from consent_event where consent_id = ? and kind = 'WITHDRAWN'")
                .param(java.util.UUID.fromString(id)).query(String.class).single()).isEqualTo("PHONE_CALL");

        HttpResponse<String> proof = staff.get("/pro/consents/" + id + "/proof");
        assertThat(proof.statusCode()).isEqualTo(200);
        assertThat(proof.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        JsonNode bundle = Http.json(proof);
        assertThat(bundle.path("consent").path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(bundle.path("notice").path("text").asString()).isEqualTo(LedgerFixture.NOTICE);

        HttpResponse<byte[]> pdf = staff.getBytes("/pro/consents/" + id + "/receipt.pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(WalletIT.pdfText(pdf.body())).contains(id, number, bundle.path("receipt").asString().substring(0, 40));
    }

    /** Posts the CSV as the import page's form does (multipart, with the page's CSRF token). */
    private HttpResponse<String> upload(String csv) throws IOException, InterruptedException {
        String page = staff.get("/pro/consents/import").body();
        String boundary = "----consenti" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + Browser.csrf(page)
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        return staff.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pro/consents/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }
}
