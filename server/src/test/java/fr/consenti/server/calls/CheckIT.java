package fr.consenti.server.calls;

import static fr.consenti.server.calls.DiallerFixture.check;
import static fr.consenti.server.calls.DiallerFixture.randomMobile;
import static fr.consenti.server.calls.DiallerFixture.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ConsentiIT
class CheckIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeys apiKeys;

    DiallerFixture pro;

    @BeforeEach
    void setUp() {
        pro = new DiallerFixture(accounts, port, clock);
    }

    private long recordedRows() {
        return jdbc.sql("select (select count(*) from call_attempt) + (select count(*) from objection) "
                + "+ (select count(*) from call_idempotency)").query(Long.class).single();
    }

    @Test
    void consentedNumberIsAllowedOnConsentInCallingHoursAndTheSimulationSaysSo() {
        String number = randomMobile();
        pro.giveConsent(number);
        String at = pro.simulatedAtOpenHours();
        JsonNode answer = pro.checkUntil(check(number, ",\"at\":\"" + at + "\""), verdict("ALLOW", "CONSENT"));
        assertThat(answer.get("verdict").asString()).isEqualTo("ALLOW");
        assertThat(answer.get("basis").asString()).isEqualTo("CONSENT");
        assertThat(answer.get("e164").asString()).isEqualTo("+33" + number.substring(1));
        assertThat(answer.get("simulated").asBoolean()).isTrue();
        assertThat(answer.get("reasons").size()).isZero();
        assertThat(answer.get("ruleSetVersion").asString()).isNotBlank();
    }

    @Test
    void numberWithoutConsentIsDeniedWithNoConsentAndItsLegalReference() {
        String at = pro.simulatedAtOpenHours();
        HttpResponse<String> response = pro.post("/api/v1/checks", check(randomMobile(), ",\"at\":\"" + at + "\""));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = Http.json(response);
        assertThat(answer.get("verdict").asString()).isEqualTo("DENY");
        assertThat(answer.get("reasons").get(0).get("code").asString()).isEqualTo("NO_CONSENT");
        assertThat(answer.get("reasons").get(0).get("legalRef").asString()).contains("L223-1");
        assertThat(answer.get("reasons").get(0).get("message").asString()).isNotBlank();
        assertThat(answer.get("nextAllowedAt").isNull()).isTrue();
    }

    @Test
    void consentedNumberAtNightIsDeniedOutsideHoursWithTheNextAllowedInstant() {
        String number = randomMobile();
        pro.giveConsent(number);
        // 23:00 in Paris on the day of a known opening: closed, and reopening the next working morning.
        OffsetDateTime night = Instant.parse(pro.simulatedAtOpenHoursInstant()).atZone(ZoneId.of("Europe/Paris"))
                .withHour(23).withMinute(0).toOffsetDateTime();
        // Until the index holds the consent, the answer also says NO_CONSENT.
        JsonNode answer = pro.checkUntil(check(number, ",\"at\":\"" + night + "\""),
                json -> json.get("reasons").findValuesAsString("code").equals(java.util.List.of("OUTSIDE_HOURS")));
        assertThat(answer.get("reasons").findValuesAsString("code")).containsExactly("OUTSIDE_HOURS");
        Instant next = Instant.parse(answer.get("nextAllowedAt").asString());
        assertThat(next).isAfter(night.toInstant());
    }

    @Test
    void englishMessagesWhenTheClientAsksForThem() {
        HttpResponse<String> response = pro.post("/api/v1/checks",
                check(randomMobile(), ",\"at\":\"" + pro.simulatedAtOpenHours() + "\""), "Accept-Language", "en");
        assertThat(Http.json(response).get("reasons").get(0).get("message").asString()).contains("consent");
    }

    @Test
    void batchAnswersEachCheckInOrderAndAnUnparseableNumberIsDeniedNumberInvalid() {
        String at = pro.simulatedAtOpenHours();
        String body = "{\"checks\":[" + check(randomMobile(), ",\"at\":\"" + at + "\"") + ","
                + check("12", ",\"at\":\"" + at + "\"") + "," + check("0899 12 34 56", ",\"at\":\"" + at + "\"")
                + "]}";
        HttpResponse<String> response = pro.post("/api/v1/checks", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode results = Http.json(response).get("results");
        assertThat(results.size()).isEqualTo(3);
        assertThat(results.get(0).get("reasons").findValuesAsString("code")).contains("NO_CONSENT");
        assertThat(results.get(1).get("reasons").findValuesAsString("code")).contains("NUMBER_INVALID");
        assertThat(results.get(1).get("e164").isNull()).isTrue();
        assertThat(results.get(2).get("reasons").findValuesAsString("code")).contains("NUMBER_NOT_CALLABLE");
    }

    @Test
    void hiddenCallerIdIsDeniedCallerIdNotAllowed() {
        String body = "{\"number\":\"" + randomMobile() + "\",\"callerId\":\"HIDDEN\",\"purpose\":\"ENERGY\","
                + "\"at\":\"" + pro.simulatedAtOpenHours() + "\"}";
        JsonNode answer = Http.json(pro.post("/api/v1/checks", body));
        assertThat(answer.get("reasons").findValuesAsString("code")).contains("CALLER_ID_NOT_ALLOWED");
    }

    @Test
    void bannedSectorIsDeniedEvenWithConsent() {
        String number = randomMobile();
        pro.giveConsent(number);
        JsonNode answer = pro.checkUntil(check(number, ",\"sector\":\"CPF_TRAINING\",\"at\":\""
                + pro.simulatedAtOpenHours() + "\""), verdict("DENY", "SECTOR_BANNED"));
        assertThat(answer.get("reasons").findValuesAsString("code")).contains("SECTOR_BANNED");
    }

    @Test
    void aCheckRecordsNothing() {
        long before = recordedRows();
        pro.post("/api/v1/checks", check(randomMobile(), ""));
        pro.post("/api/v1/checks", "{\"checks\":[" + check(randomMobile(), "") + "]}");
        assertThat(recordedRows()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- bad input: 4xx problem+json, nothing recorded

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Http.json(response).get("code").asString()).isEqualTo(code);
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        long before = recordedRows();
        HttpResponse<String> response = pro.post("/api/v1/checks", "{\"number\": \"0612345678\",");
        assertProblem(response, 400, "MALFORMED_JSON");
        assertThat(recordedRows()).isEqualTo(before);
    }

    @Test
    void unknownFieldIsRefusedByName() {
        HttpResponse<String> response = pro.post("/api/v1/checks", check("0612345678", ",\"nmber\":\"x\""));
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(Http.json(response).get("errors").findValuesAsString("field")).containsExactly("nmber");
    }

    @Test
    void unknownFieldInABatchIsRefusedWithItsIndex() {
        HttpResponse<String> response = pro.post("/api/v1/checks",
                "{\"checks\":[" + check("0612345678", "") + "," + check("0612345678", ",\"foo\":1") + "]}");
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(Http.json(response).get("errors").findValuesAsString("field")).containsExactly("checks[1].foo");
    }

    @Test
    void invalidNumberAloneIsRefusedUnderTheFieldNumber() {
        HttpResponse<String> response = pro.post("/api/v1/checks", check("06 12", ""));
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(Http.json(response).get("errors").findValuesAsString("field")).containsExactly("number");
    }

    @Test
    void missingFieldsAreEachNamed() {
        HttpResponse<String> response = pro.post("/api/v1/checks", "{\"number\":\"0612345678\"}");
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(Http.json(response).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("callerId", "purpose");
    }

    @Test
    void invalidAtSectorAndDepartementAreEachNamed() {
        HttpResponse<String> response = pro.post("/api/v1/checks",
                check("0612345678", ",\"at\":\"tomorrow\",\"sector\":\"CARS\",\"departement\":\"99\""));
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(Http.json(response).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("at", "sector", "departement");
    }

    @Test
    void batchOverTenThousandChecksIsRefusedAsTooLarge() {
        StringBuilder body = new StringBuilder("{\"checks\":[");
        for (int i = 0; i <= CheckInput.MAX_BATCH; i++) {
            body.append(i == 0 ? "" : ",").append(check("0612345678", ""));
        }
        body.append("]}");
        assertProblem(pro.post("/api/v1/checks", body.toString()), 413, "BATCH_TOO_LARGE");
    }

    @Test
    void batchOfExactlyTenThousandChecksIsAnswered() {
        StringBuilder body = new StringBuilder("{\"checks\":[");
        for (int i = 0; i < CheckInput.MAX_BATCH; i++) {
            body.append(i == 0 ? "" : ",").append(check("06" + String.format("%08d", i), ""));
        }
        body.append("]}");
        HttpResponse<String> response = pro.post("/api/v1/checks", body.toString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).get("results").size()).isEqualTo(CheckInput.MAX_BATCH);
    }

    @Test
    void emptyBatchIsRefused() {
        assertProblem(pro.post("/api/v1/checks", "{\"checks\":[]}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void missingKeyIsRefusedUnauthorized() {
        HttpResponse<String> response = new Http(port).send("POST", "/api/v1/checks", "application/json",
                check("0612345678", ""));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response).get("code").asString()).isNotBlank();
    }

    @Test
    void revokedKeyIsRefusedUnauthorized() {
        apiKeys.revoke(pro.key.id());
        HttpResponse<String> response = pro.post("/api/v1/checks", check("0612345678", ""));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void bodyThatIsNotJsonIsRefusedAsUnsupportedMediaType() {
        HttpResponse<String> response = pro.http.send("POST", "/api/v1/checks", "text/plain", "0612345678");
        assertThat(response.statusCode()).isEqualTo(415);
    }
}
