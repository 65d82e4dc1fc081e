package fr.consenti.server.calls;

import static fr.consenti.server.calls.DiallerFixture.check;
import static fr.consenti.server.calls.DiallerFixture.randomMobile;
import static fr.consenti.server.calls.DiallerFixture.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.proof.PublicJwk;
import fr.consenti.core.proof.ReceiptCheck;
import fr.consenti.core.proof.ReceiptVerifier;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ConsentiIT
class CallIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;

    DiallerFixture pro;

    @BeforeEach
    void setUp() {
        pro = new DiallerFixture(accounts, port, clock);
        pro.moveClockIntoCallingHours();
    }

    /** A number with a consent to the fixture's professional that this node's index already holds. */
    private String consentedNumber() {
        String number = randomMobile();
        pro.giveConsent(number);
        JsonNode allowed = pro.checkUntil(check(number, ""), verdict("ALLOW", "CONSENT"));
        assertThat(allowed.get("verdict").asString()).as(allowed.toString()).isEqualTo("ALLOW");
        return number;
    }

    private JsonNode call(String number, int expectedStatus, String... headers) {
        HttpResponse<String> response = pro.post("/api/v1/calls", check(number, ""), headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return Http.json(response);
    }

    private long attempts(String number) {
        return jdbc.sql("select count(*) from call_attempt where professional_id = ? and e164 = ?")
                .params(pro.professional.id(), "+33" + number.substring(1)).query(Long.class).single();
    }

    private HttpResponse<String> outcome(Object callId, String json) {
        return pro.post("/api/v1/calls/" + callId + "/outcome", json);
    }

    @Test
    void allowedCallIsCountedAndReturnsAScreeningReceiptSignedByThePlatformKey() {
        String number = consentedNumber();
        JsonNode answer = call(number, 201);
        assertThat(answer.get("verdict").asString()).isEqualTo("ALLOW");
        assertThat(answer.get("basis").asString()).isEqualTo("CONSENT");
        assertThat(answer.get("simulated").asBoolean()).isFalse();
        UUID callId = UUID.fromString(answer.get("callId").asString());
        assertThat(attempts(number)).isEqualTo(1);

        String keys = new Http(port).get("/.well-known/consenti-keys.json").body();
        JsonNode jwk = JsonMapper.builder().build().readTree(keys);
        JsonNode first = jwk.has("keys") ? jwk.get("keys").get(0) : jwk;
        ReceiptCheck verified = ReceiptVerifier.of(PublicJwk.parse(first.toString()))
                .verify(answer.get("receipt").asString(), CallService.RECEIPT_TYPE);
        assertThat(verified).isInstanceOf(ReceiptCheck.Valid.class);
        JsonNode payload = JsonMapper.builder().build().readTree(
                new String(((ReceiptCheck.Valid) verified).payload(), StandardCharsets.UTF_8));
        assertThat(payload.get("callId").asString()).isEqualTo(callId.toString());
        assertThat(payload.get("e164").asString()).isEqualTo("+33" + number.substring(1));
        assertThat(payload.get("verdict").asString()).isEqualTo("ALLOW");
        assertThat(payload.get("ruleSetVersion").asString()).isEqualTo(answer.get("ruleSetVersion").asString());
        assertThat(payload.get("feedPosition").asLong()).isPositive();
        assertThat(Instant.parse(payload.get("serverTime").asString())).isEqualTo(clock.instant());
        String stored = jdbc.sql("select receipt from call_attempt where id = ?").param(callId)
                .query(String.class).single();
        assertThat(stored).isEqualTo(answer.get("receipt").asString());
    }

    @Test
    void deniedCallRecordsNothingAndHasNoCallId() {
        String number = randomMobile();
        JsonNode answer = call(number, 200);
        assertThat(answer.get("verdict").asString()).isEqualTo("DENY");
        assertThat(answer.get("callId").isNull()).isTrue();
        assertThat(answer.get("receipt").isNull()).isTrue();
        assertThat(attempts(number)).isZero();
    }

    @Test
    void aCallIsJudgedAtServerTimeAndRefusesAt() {
        HttpResponse<String> response = pro.post("/api/v1/calls",
                check(randomMobile(), ",\"at\":\"2026-09-01T10:15:00+02:00\""));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("errors").findValuesAsString("field")).containsExactly("at");
    }

    @Test
    void fifthCallWithinThirtyDaysIsDeniedFrequencyCap() {
        String number = consentedNumber();
        for (int i = 0; i < 4; i++) {
            call(number, 201);
        }
        JsonNode fifth = call(number, 200);
        assertThat(fifth.get("reasons").findValuesAsString("code")).containsExactly("FREQUENCY_CAP");
        assertThat(fifth.get("nextAllowedAt").isNull()).isFalse();
        assertThat(attempts(number)).isEqualTo(4);
    }

    @Test
    void manyThreadsRacingForTheFifthAttemptLetExactlyFourThrough() throws Exception {
        String number = consentedNumber();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            statuses.add(pool.submit(() -> {
                start.await();
                return pro.post("/api/v1/calls", check(number, "")).statusCode();
            }));
        }
        start.countDown();
        int allowed = 0;
        int denied = 0;
        for (Future<Integer> status : statuses) {
            int s = status.get();
            if (s == 201) {
                allowed++;
            } else if (s == 200) {
                denied++;
            }
        }
        pool.shutdown();
        assertThat(allowed).isEqualTo(4);
        assertThat(denied).isEqualTo(threads - 4);
        assertThat(attempts(number)).isEqualTo(4);
    }

    @Test
    void retryWithTheSameIdempotencyKeyReturnsTheFirstAnswerAndCountsOnce() {
        String number = consentedNumber();
        String key = UUID.randomUUID().toString();
        JsonNode first = call(number, 201, "Idempotency-Key", key);
        HttpResponse<String> retry = pro.post("/api/v1/calls", check(number, ""), "Idempotency-Key", key);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(Http.json(retry)).isEqualTo(first);
        assertThat(attempts(number)).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyCountOnce() throws Exception {
        String number = consentedNumber();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> callIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            callIds.add(pool.submit(() -> {
                start.await();
                return Http.json(pro.post("/api/v1/calls", check(number, ""), "Idempotency-Key", key))
                        .get("callId").asString();
            }));
        }
        start.countDown();
        String firstId = callIds.getFirst().get();
        for (Future<String> id : callIds) {
            assertThat(id.get()).isEqualTo(firstId);
        }
        pool.shutdown();
        assertThat(attempts(number)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyForAnotherRequestIsRefused() {
        String number = consentedNumber();
        String key = UUID.randomUUID().toString();
        call(number, 201, "Idempotency-Key", key);
        HttpResponse<String> other = pro.post("/api/v1/calls", check(randomMobile(), ""), "Idempotency-Key", key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(Http.json(other).get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(attempts(number)).isEqualTo(1);
    }

    @Test
    void objectionOutcomeIsPermanentAndDeniesTheNextCheck() {
        String number = consentedNumber();
        String callId = call(number, 201).get("callId").asString();
        HttpResponse<String> recorded = outcome(callId, "{\"outcome\":\"OBJECTION\"}");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        assertThat(jdbc.sql("select source from objection where professional_id = ? and e164 = ?")
                .params(pro.professional.id(), "+33" + number.substring(1)).query(String.class).single())
                .isEqualTo("CALL_OUTCOME");
        JsonNode check = pro.checkUntil(check(number, ""), verdict("DENY", "OBJECTION"));
        assertThat(check.get("reasons").findValuesAsString("code")).contains("OBJECTION");
        // The database check of POST /calls does not wait for the index either.
        assertThat(call(number, 200).get("reasons").findValuesAsString("code")).contains("OBJECTION");

        assertThat(outcome(callId, "{\"outcome\":\"OBJECTION\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> changed = outcome(callId, "{\"outcome\":\"ANSWERED\"}");
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(Http.json(changed).get("code").asString()).isEqualTo("OUTCOME_ALREADY_RECORDED");
    }

    @Test
    void oralWithdrawalWithdrawsEveryConsentOfTheProfessionalForTheNumber() {
        String number = consentedNumber();
        pro.giveConsent(number);
        String callId = call(number, 201).get("callId").asString();
        HttpResponse<String> recorded = outcome(callId, "{\"outcome\":\"CONSENT_WITHDRAWN\"}");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        assertThat(Http.json(recorded).get("withdrawnConsents").size()).isEqualTo(2);
        JsonNode check = pro.checkUntil(check(number, ""), verdict("DENY", "CONSENT_WITHDRAWN"));
        assertThat(check.get("reasons").findValuesAsString("code")).contains("CONSENT_WITHDRAWN");
        JsonNode consents = Http.json(pro.get("/api/v1/consents?number=" + number));
        assertThat(consents.get("consents").findValuesAsString("status")).containsOnly("WITHDRAWN");
    }

    @Test
    void consentGivenOnARecordedCallIsRecordedWithThatChannel() {
        String number = consentedNumber();
        String callId = call(number, 201).get("callId").asString();
        HttpResponse<String> recorded = outcome(callId, """
                {"outcome":"CONSENT_GIVEN","recordingRef":"rec-2026-0001","purposes":["ENERGY"],
                 "notice":{"text":"%s"}}""".formatted(DiallerFixture.NOTICE));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        JsonNode body = Http.json(recorded);
        assertThat(body.get("consentId").asString()).isNotBlank();
        assertThat(body.get("consentReceipt").asString()).isNotBlank();
        JsonNode consents = Http.json(pro.get("/api/v1/consents?number=" + number));
        assertThat(consents.get("consents").findValuesAsString("channel")).contains("RECORDED_CALL", "WEB_FORM");
    }

    @Test
    void consentGivenWithoutItsRecordingIsRefusedAndNothingIsRecorded() {
        String number = consentedNumber();
        String callId = call(number, 201).get("callId").asString();
        HttpResponse<String> refused = outcome(callId, "{\"outcome\":\"CONSENT_GIVEN\",\"purposes\":[\"ENERGY\"]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Http.json(refused).get("errors").findValuesAsString("field")).contains("recordingRef", "notice");
        assertThat(jdbc.sql("select count(*) from call_outcome where call_id = ?").param(UUID.fromString(callId))
                .query(Long.class).single()).isZero();
    }

    @Test
    void refusalOutcomeAppendsARefusalToTheFeed() {
        String number = consentedNumber();
        String callId = call(number, 201).get("callId").asString();
        assertThat(outcome(callId, "{\"outcome\":\"REFUSED\"}").statusCode()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from change_feed where kind = 'REFUSAL' and professional_id = ?")
                .param(pro.professional.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void onlyTheCallsOwnProfessionalMayPostItsOutcome() {
        String number = consentedNumber();
        String callId = call(number, 201).get("callId").asString();
        DiallerFixture other = new DiallerFixture(accounts, port, clock);
        HttpResponse<String> response = other.post("/api/v1/calls/" + callId + "/outcome",
                "{\"outcome\":\"NO_ANSWER\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(response).get("code").asString()).isEqualTo("CALL_NOT_FOUND");
    }

    @Test
    void unknownOutcomeAndUnknownFieldAreRefused() {
        String number = consentedNumber();
        String callId = call(number, 201).get("callId").asString();
        HttpResponse<String> response = outcome(callId, "{\"outcome\":\"HUNG_UP\",\"mood\":\"bad\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("outcome", "mood");
    }

    @Test
    void nextAllowedIsNowForAnAllowedCallAndAfterTheCapWhenTheCapIsReached() {
        String number = consentedNumber();
        String path = "/api/v1/numbers/" + number + "/next-allowed?callerId=0162000000&purpose=ENERGY";
        JsonNode now = Http.json(pro.get(path));
        assertThat(now.get("allowedNow").asBoolean()).isTrue();
        for (int i = 0; i < 4; i++) {
            call(number, 201);
        }
        JsonNode capped = pro.checkUntil(check(number, ""), verdict("DENY", "FREQUENCY_CAP"));
        assertThat(capped.get("verdict").asString()).isEqualTo("DENY");
        JsonNode later = Http.json(pro.get(path));
        assertThat(later.get("allowedNow").asBoolean()).isFalse();
        assertThat(later.get("reasons").findValuesAsString("code")).containsExactly("FREQUENCY_CAP");
        assertThat(Instant.parse(later.get("nextAllowedAt").asString())).isAfter(clock.instant());
    }

    @Test
    void nextAllowedIsNoneWithoutConsentAndSaysWhy() {
        JsonNode answer = Http.json(pro.get("/api/v1/numbers/" + randomMobile()
                + "/next-allowed?callerId=0162000000&purpose=ENERGY"));
        assertThat(answer.get("nextAllowedAt").isNull()).isTrue();
        assertThat(answer.get("reasons").findValuesAsString("code")).contains("NO_CONSENT");
    }
}
