package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.proof.Base64Url;
import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.core.proof.ConsentReceipt;
import fr.consenti.core.proof.PublicJwk;
import fr.consenti.core.proof.ReceiptCheck;
import fr.consenti.core.proof.ReceiptVerifier;
import fr.consenti.core.index.ChangeEvent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ConsentiIT
class ConsentLedgerIT {

    @LocalServerPort
    int port;
    @Autowired
    Professionals professionals;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    TestClock clock;
    @Autowired
    LedgerKeys ledgerKeys;
    @Autowired
    RetentionJob retention;
    @Autowired
    ChangeFeed feed;

    LedgerFixture pro;

    @BeforeEach
    void professional() {
        pro = new LedgerFixture(professionals, apiKeys, port, clock);
    }

    @Test
    void recordsAConsentWithAReceiptSignedByThePublishedKey() throws Exception {
        JsonNode created = pro.give("06 12 34 56 78");

        assertThat(created.path("e164").asString()).isEqualTo("+33612345678");
        HttpResponse<String> keys = new Http(port).get("/.well-known/consenti-keys.json");
        assertThat(keys.statusCode()).as("public, no key needed").isEqualTo(200);
        PublicJwk jwk = PublicJwk.parse(Http.json(keys).path("keys").get(0).toString());
        ReceiptCheck check = ReceiptVerifier.of(jwk).verify(created.path("receipt").asString(), ConsentReceipt.JWS_TYPE);
        assertThat(check).isInstanceOf(ReceiptCheck.Valid.class);
        ConsentReceipt receipt = ConsentReceipt.fromJson(((ReceiptCheck.Valid) check).payload());
        assertThat(receipt.recordId()).isEqualTo(created.path("id").asString());
        assertThat(receipt.piiPrincipalId()).isEqualTo("+33612345678");
        assertThat(receipt.controller().siren()).isEqualTo(pro.professional.siren().value());
        assertThat(receipt.purposes()).extracting(ConsentReceipt.Purpose::code).containsExactly(LedgerFixture.PURPOSE);
        assertThat(receipt.notice().sha256()).isEqualTo(ConsentValidator.sha256Hex(LedgerFixture.NOTICE));
        assertThat(receipt.validUntil()).isEqualTo(Instant.parse(created.path("validUntil").asString()));
    }

    @Test
    void givenAndWithdrawnConsentsReachTheChangeFeedThatScreeningIndexesFollow() {
        long before = feed.lastSequence();
        JsonNode created = pro.give("06 12 34 56 60");
        String id = created.path("id").asString();
        pro.post("/api/v1/consents/" + id + "/withdrawal", "{\"channel\":\"PHONE_CALL\"}");

        List<ChangeEvent> events = feed.readAfter(before, 10);
        int siren = Integer.parseInt(pro.professional.siren().value());
        assertThat(events).hasSize(2);
        ChangeEvent.ConsentGiven given = (ChangeEvent.ConsentGiven) events.get(0);
        assertThat(given.nsn()).isEqualTo(612345660);
        assertThat(given.consent().professional()).isEqualTo(siren);
        assertThat(given.consent().purposes()).containsExactly(LedgerFixture.PURPOSE);
        assertThat(given.consent().channel()).isEqualTo(ConsentChannel.WEB_FORM);
        assertThat(given.consent().validUntil()).isEqualTo(Instant.parse(created.path("validUntil").asString()));
        ChangeEvent.ConsentWithdrawn withdrawn = (ChangeEvent.ConsentWithdrawn) events.get(1);
        assertThat(withdrawn.professional()).isEqualTo(siren);
        assertThat(withdrawn.collectedAt()).isEqualTo(given.consent().collectedAt());
    }

    @Test
    void recordedCallsAndImportsCountAsOutboundCallsForTheEngine() {
        assertThat(ConsentLedger.engineChannel("RECORDED_CALL")).isEqualTo(ConsentChannel.OUTBOUND_CALL);
        assertThat(ConsentLedger.engineChannel("IMPORT")).isEqualTo(ConsentChannel.OUTBOUND_CALL);
        assertThat(ConsentLedger.engineChannel("PAPER")).isEqualTo(ConsentChannel.PAPER);
    }

    @Test
    void validityIsOneYearFromCollectionByDefault() {
        JsonNode created = pro.give("0612345679");

        Instant from = Instant.parse(created.path("validFrom").asString());
        Instant until = Instant.parse(created.path("validUntil").asString());
        assertThat(until).isEqualTo(from.atZone(ZoneId.of("Europe/Paris")).plusYears(1).toInstant());
    }

    @Test
    void refusesConsentValidForMoreThanOneYear() {
        Instant collected = clock.instant().minus(Duration.ofDays(10));
        Instant tooLate = collected.atZone(ZoneId.of("Europe/Paris")).plusYears(1).plusMinutes(1).toInstant();

        HttpResponse<String> response = pro.post("/api/v1/consents", pro.webForm("0612345670",
                ",\"collectedAt\":\"" + collected + "\",\"validUntil\":\"" + tooLate + "\""));

        assertThat(fieldsOf(problem(response))).containsExactly("validUntil");
    }

    @Test
    void importedConsentKeepsItsCollectionTimeAndItsValidityCountsFromIt() {
        Instant collected = clock.instant().minus(Duration.ofDays(200)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        HttpResponse<String> response = pro.post("/api/v1/consents", pro.webForm("0612345671",
                ",\"collectedAt\":\"" + collected.atOffset(java.time.ZoneOffset.ofHours(2)) + "\""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = Http.json(response);
        assertThat(Instant.parse(created.path("validFrom").asString())).isEqualTo(collected);
        assertThat(Instant.parse(created.path("validUntil").asString()))
                .isEqualTo(collected.atZone(ZoneId.of("Europe/Paris")).plusYears(1).toInstant());
    }

    @Test
    void refusesAFutureCollectionTime() {
        HttpResponse<String> response = pro.post("/api/v1/consents", pro.webForm("0612345672",
                ",\"collectedAt\":\"" + clock.instant().plusSeconds(60) + "\""));

        assertThat(fieldsOf(problem(response))).containsExactly("collectedAt");
    }

    @Test
    void everyBadFieldIsNamedWithItsReason() {
        HttpResponse<String> response = pro.post("/api/v1/consents", """
                {"number": "08 00 12 34 5", "purposes": ["NOPE"], "channel": "CARRIER_PIGEON",
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "999.1.1.1", "submittedAt": "yesterday"},
                 "validUntil": "soon", "offHoursSlot": {"date": "2026-13-01", "start": "21:00", "end": "20:00"},
                 "thirdParties": ["123456789"], "personRef": "a\\u0001b"}""");

        JsonNode problem = problem(response);
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(fieldsOf(problem)).contains("number", "purposes[0]", "channel", "notice", "evidence.ip",
                "evidence.userAgent", "evidence.submittedAt", "validUntil", "thirdParties[0]", "personRef");
        for (JsonNode error : problem.path("errors")) {
            assertThat(error.path("message").asString()).isNotBlank();
        }
    }

    @Test
    void invalidNumberIsReportedWithTheParsersReason() {
        HttpResponse<String> response = pro.post("/api/v1/consents", pro.webForm("06 12 34", ""));

        JsonNode error = problem(response).path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("number");
        String reason = ((fr.consenti.core.number.NumberError) fr.consenti.core.number.NumberParser.parse("06 12 34"))
                .message();
        assertThat(error.path("message").asString()).isEqualTo(reason);
    }

    @Test
    void refusesUnknownPurposes() {
        HttpResponse<String> response = pro.post("/api/v1/consents",
                pro.webForm("0612345673", "").replace("\"ENERGY\"", "\"ENERGY\", \"SOLAR\""));

        JsonNode problem = problem(response);
        assertThat(fieldsOf(problem)).containsExactly("purposes[1]");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("SOLAR");
    }

    @Test
    void refusesEvidenceThatDoesNotProveTheChannel() {
        HttpResponse<String> response = pro.post("/api/v1/consents",
                pro.webForm("0612345674", "").replace("WEB_FORM", "RECORDED_CALL"));

        assertThat(fieldsOf(problem(response))).containsExactly("evidence.kind");
    }

    @Test
    void aPurposeCodeIsDefinedOnce() {
        HttpResponse<String> again = pro.post("/api/v1/purposes",
                "{\"code\":\"ENERGY\",\"label\":\"Autre\",\"nature\":\"Autre chose\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Http.json(again).path("code").asString()).isEqualTo("PURPOSE_EXISTS");
        assertThat(fieldsOf(problem(pro.post("/api/v1/purposes", "{\"code\":\"bad code\",\"label\":\"\"}"))))
                .containsExactlyInAnyOrder("code", "label", "nature");
    }

    @Test
    void withdrawalTakesEffectAtOnce() {
        JsonNode created = pro.give("0612345675");
        String id = created.path("id").asString();
        assertThat(statuses("0612345675")).containsExactly("ACTIVE");

        HttpResponse<String> withdrawn = pro.post("/api/v1/consents/" + id + "/withdrawal", "{\"channel\":\"PHONE_CALL\"}");

        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        assertThat(Instant.parse(Http.json(withdrawn).path("withdrawnAt").asString())).isBeforeOrEqualTo(clock.instant());
        assertThat(statuses("0612345675")).containsExactly("WITHDRAWN");
    }

    @Test
    void withdrawingTwiceRecordsOneWithdrawal() {
        String id = pro.give("0612345676").path("id").asString();

        JsonNode first = Http.json(pro.post("/api/v1/consents/" + id + "/withdrawal", "{\"channel\":\"EMAIL\"}"));
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> second = pro.post("/api/v1/consents/" + id + "/withdrawal", "{\"channel\":\"EMAIL\"}");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Http.json(second).path("withdrawnAt").asString()).isEqualTo(first.path("withdrawnAt").asString());
        assertThat(jdbc.sql("select count(*) from consent_event where consent_id = ? and kind = 'WITHDRAWN'")
                .param(UUID.fromString(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void neverShowsAnotherProfessionalsConsent() {
        String id = pro.give("0612345677").path("id").asString();
        LedgerFixture other = new LedgerFixture(professionals, apiKeys, port, clock);

        HttpResponse<String> withdrawal = other.post("/api/v1/consents/" + id + "/withdrawal", "{\"channel\":\"API\"}");
        HttpResponse<String> proof = other.get("/api/v1/consents/" + id + "/proof");
        HttpResponse<String> list = other.get("/api/v1/consents?number=0612345677");
        HttpResponse<String> unknown = other.get("/api/v1/consents/" + UUID.randomUUID() + "/proof");

        assertThat(withdrawal.statusCode()).isEqualTo(404);
        assertThat(proof.statusCode()).isEqualTo(404);
        assertThat(proof.body()).as("same answer as for a consent that does not exist")
                .isEqualTo(unknown.body().replace(unknown.uri().getPath(), proof.uri().getPath()));
        assertThat(Http.json(list).path("consents")).isEmpty();
        assertThat(statuses("0612345677")).containsExactly("ACTIVE");
    }

    @Test
    void consentExpiresOnTimeAndNothingRenewsIt() throws Exception {
        JsonNode created = pro.give("0612345678");
        Instant until = Instant.parse(created.path("validUntil").asString());

        moveTo(until.minusSeconds(1));
        assertThat(statuses("0612345678")).containsExactly("ACTIVE");
        moveTo(until);
        assertThat(statuses("0612345678")).as("expired at its end, before any job ran").containsExactly("EXPIRED");

        retention.run();
        assertThat(jdbc.sql("select count(*) from consent_event where consent_id = ? and kind = 'EXPIRED'")
                .param(UUID.fromString(created.path("id").asString())).query(Long.class).single()).isEqualTo(1);
        assertThat(verify().verdict()).isInstanceOf(ChainVerdict.Intact.class);
    }

    @Test
    void verificationNamesARowAlteredInTheDatabase() throws Exception {
        UUID id = UUID.fromString(pro.give("0761234568").path("id").asString());
        long sequence = jdbc.sql("select sequence from consent_event where consent_id = ?").param(id)
                .query(Long.class).single();
        assertThat(verify().verdict()).isInstanceOf(ChainVerdict.Intact.class);

        jdbc.sql("update consent_event set purposes = 'ENERGY,SOLAR' where sequence = ?").param(sequence).update();
        try {
            LedgerVerification.Result result = verify();
            assertThat(result.verdict()).isInstanceOfSatisfying(ChainVerdict.Broken.class,
                    broken -> assertThat(broken.sequence()).isEqualTo(sequence));
            assertThat(result.brokenConsent()).contains(id);
        } finally {
            jdbc.sql("update consent_event set purposes = 'ENERGY' where sequence = ?").param(sequence).update();
        }
        assertThat(verify().verdict()).isInstanceOf(ChainVerdict.Intact.class);
    }

    @Test
    void changingTheNumberOfARecordedConsentBreaksTheChain() throws Exception {
        UUID id = UUID.fromString(pro.give("0761234569").path("id").asString());
        long sequence = jdbc.sql("select sequence from consent_event where consent_id = ?").param(id)
                .query(Long.class).single();

        jdbc.sql("update consent_event set e164 = '+33761234560' where sequence = ?").param(sequence).update();
        try {
            assertThat(verify().verdict()).isInstanceOfSatisfying(ChainVerdict.Broken.class,
                    broken -> assertThat(broken.sequence()).isEqualTo(sequence));
        } finally {
            jdbc.sql("update consent_event set e164 = '+33761234569' where sequence = ?").param(sequence).update();
        }
    }

    @Test
    void concurrentAppendsFormOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String number = "0762" + String.format("%06d", i);
                futures.add(pool.submit(() -> pro.give(number)));
            }
            for (Future<JsonNode> future : futures) {
                assertThat(future.get().path("id").asString()).isNotBlank();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(verify().verdict()).isInstanceOf(ChainVerdict.Intact.class);
    }

    @Test
    void purgeAfterThreeYearsErasesTheNumberAndTheChainStillVerifies() throws Exception {
        JsonNode created = pro.give("0612340000");
        UUID id = UUID.fromString(created.path("id").asString());
        Instant collected = Instant.parse(created.path("validFrom").asString());

        moveTo(collected.atZone(ZoneId.of("Europe/Paris")).plusYears(3).minusMinutes(1).toInstant());
        retention.run();
        assertThat(rawNumbers(id)).containsExactly("+33612340000");

        moveTo(collected.atZone(ZoneId.of("Europe/Paris")).plusYears(3).plusMinutes(1).toInstant());
        retention.run();

        assertThat(rawNumbers(id)).containsOnlyNulls();
        assertThat(jdbc.sql("select count(*) from consent_event where consent_id = ? and e164_commitment is not null")
                .param(id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select kind from consent_event where consent_id = ? order by sequence").param(id)
                .query(String.class).list()).containsExactly("GIVEN", "EXPIRED", "PURGED");
        assertThat(verify().verdict()).isInstanceOf(ChainVerdict.Intact.class);
        JsonNode proof = Http.json(pro.get("/api/v1/consents/" + id + "/proof"));
        assertThat(proof.path("consent").path("e164").isNull()).isTrue();
        assertThat(proof.path("consent").path("status").asString()).isEqualTo("PURGED");
        assertThat(proof.path("receipt").isNull()).isTrue();
        assertThat(proof.path("evidence").path("commitments").path("e164").asString()).hasSize(64);
    }

    @Test
    void proofBundleHoldsWhatAnInspectorNeeds() {
        JsonNode created = pro.give("0612349999");
        String id = created.path("id").asString();
        pro.post("/api/v1/consents/" + id + "/withdrawal", "{\"channel\":\"PHONE_CALL\"}");

        HttpResponse<String> response = pro.get("/api/v1/consents/" + id + "/proof");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode proof = Http.json(response);
        assertThat(proof.path("consent").path("e164").asString()).isEqualTo("+33612349999");
        assertThat(proof.path("consent").path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(proof.path("consent").path("professional").path("siren").asString())
                .isEqualTo(pro.professional.siren().value());
        assertThat(proof.path("notice").path("text").asString()).isEqualTo(LedgerFixture.NOTICE);
        assertThat(proof.path("evidence").path("ip").asString()).isEqualTo("203.0.113.7");
        assertThat(proof.path("chain")).hasSize(2);
        assertThat(proof.path("chain").get(1).path("prevHash").asString()).hasSize(64);
        assertThat(proof.path("receipt").asString()).isEqualTo(created.path("receipt").asString());
        assertThat(proof.path("keyId").asString()).isEqualTo(ledgerKeys.publicJwk().keyId());
        String payload = new String(Base64Url.decode(proof.path("receipt").asString().split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload).contains(proof.path("chain").get(0).path("hash").asString());
    }

    @Test
    void offHoursSlotIsKeptInTheCalleesTime() {
        OffsetDateTime tomorrow = OffsetDateTime.now(clock).plusDays(2);
        HttpResponse<String> response = pro.post("/api/v1/consents", pro.webForm("0692123456",
                ",\"offHoursSlot\":{\"date\":\"" + tomorrow.toLocalDate() + "\",\"start\":\"20:30\",\"end\":\"21:00\"}"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode proof = Http.json(pro.get("/api/v1/consents/" + Http.json(response).path("id").asString() + "/proof"));
        assertThat(proof.path("consent").path("offHoursSlot").path("start").asString()).startsWith("20:30");
    }

    @Test
    void apiDocsDescribeTheLedger() {
        JsonNode docs = Http.json(new Http(port).get("/v3/api-docs"));

        assertThat(docs.path("paths").propertyNames()).contains("/api/v1/consents", "/api/v1/consents/{id}/withdrawal",
                "/api/v1/consents/{id}/proof", "/api/v1/consents/imports", "/api/v1/purposes");
    }

    /** The test clock is shared by every test of the application and moves forward only. */
    private void moveTo(Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    private LedgerVerification.Result verify() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return LedgerVerification.verify(connection, ledgerKeys.commitment());
        }
    }

    private List<String> rawNumbers(UUID id) {
        return jdbc.sql("select e164 from consent_event where consent_id = ? and kind = 'GIVEN'").param(id)
                .query((rs, n) -> rs.getString(1)).list();
    }

    private List<String> statuses(String number) {
        HttpResponse<String> response = pro.get("/api/v1/consents?number=" + number);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        Http.json(response).path("consents").forEach(c -> statuses.add(c.path("status").asString()));
        return statuses;
    }

    static JsonNode problem(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return Http.json(response);
    }

    static List<String> fieldsOf(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asString()));
        return fields;
    }
}
