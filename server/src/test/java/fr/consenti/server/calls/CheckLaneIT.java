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
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code POST /api/v1/checks} answered in the fast lane (ahead of the security chain and Spring MVC) says exactly
 * what the controller says, and leaves every refusal and error to the full stack.
 */
@ConsentiIT
class CheckLaneIT {

    /** An Accept the lane does not negotiate itself: the request goes down the full stack to the controller. */
    private static final String[] FULL_STACK = {"Accept", "application/json, */*;q=0.1"};
    private static final List<String> SECURITY_HEADERS = List.of("x-content-type-options", "x-xss-protection",
            "cache-control", "pragma", "expires", "x-frame-options", "content-type");

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ApiKeys apiKeys;

    DiallerFixture pro;

    @BeforeEach
    void setUp() {
        pro = new DiallerFixture(accounts, port, clock);
    }

    private long answeredInLane() {
        return meters.get("consenti.fastlane.requests").tag("uri", "/api/v1/checks").timer().count();
    }

    @Test
    void ordinaryCheckIsAnsweredInTheLaneWithTheControllersBodyAndHeaders() {
        String number = randomMobile();
        pro.giveConsent(number);
        String body = check(number, ",\"at\":\"" + pro.simulatedAtOpenHours() + "\"");
        pro.checkUntil(body, verdict("ALLOW", "CONSENT"));
        long before = answeredInLane();

        HttpResponse<String> lane = pro.post("/api/v1/checks", body);
        assertThat(answeredInLane()).isEqualTo(before + 1);
        HttpResponse<String> controller = pro.post("/api/v1/checks", body, FULL_STACK);
        assertThat(answeredInLane()).isEqualTo(before + 1);

        assertThat(lane.statusCode()).isEqualTo(200);
        assertThat(controller.statusCode()).isEqualTo(200);
        assertThat(lane.body()).isEqualTo(controller.body());
        for (String header : SECURITY_HEADERS) {
            assertThat(lane.headers().allValues(header)).as(header)
                    .isEqualTo(controller.headers().allValues(header)).isNotEmpty();
        }
    }

    @Test
    void batchIsAnsweredInTheLaneInEnglishWhenAskedLikeTheController() {
        String body = "{\"checks\":[" + check(randomMobile(), "") + "," + check("0899123456", "") + ","
                + check("06 12", "") + "]}";
        long before = answeredInLane();

        HttpResponse<String> lane = pro.post("/api/v1/checks", body, "Accept-Language", "en-GB");
        HttpResponse<String> controller = pro.post("/api/v1/checks", body, "Accept-Language", "en-GB",
                FULL_STACK[0], FULL_STACK[1]);

        assertThat(answeredInLane()).isEqualTo(before + 1);
        assertThat(lane.statusCode()).isEqualTo(200);
        assertThat(lane.body()).isEqualTo(controller.body()).contains("NUMBER_INVALID");
        assertThat(Http.json(lane).get("results")).hasSize(3);
    }

    @Test
    void invalidCheckGoesDownTheFullStackAndGetsTheControllersProblem() {
        long before = answeredInLane();

        HttpResponse<String> response = pro.post("/api/v1/checks",
                "{\"number\":\"06 12\",\"callerId\":\"0162000000\",\"purpose\":\"ENERGY\",\"colour\":\"blue\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(Http.json(response).get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body()).contains("\"field\":\"colour\"");
        assertThat(answeredInLane()).isEqualTo(before);
    }

    @Test
    void revokedOrMissingKeyIsRefusedByTheSecurityChainNotTheLane() {
        String body = check(randomMobile(), "");
        pro.post("/api/v1/checks", body);
        apiKeys.revoke(pro.key.id());
        Http revoked = Http.withKey(port, pro.key.key());
        Http anonymous = new Http(port);

        HttpResponse<String> refused = revoked.send("POST", "/api/v1/checks", "application/json", body);
        HttpResponse<String> missing = anonymous.send("POST", "/api/v1/checks", "application/json", body);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"consenti\"");
        assertThat(Http.json(missing).get("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("www-authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void malformedJsonAndWrongContentTypeGetTheControllersAnswers() {
        HttpResponse<String> malformed = pro.post("/api/v1/checks", "{\"number\":");
        HttpResponse<String> text = pro.http.send("POST", "/api/v1/checks", "text/plain", check(randomMobile(), ""));

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Http.json(malformed).get("code").asString()).isEqualTo("MALFORMED_JSON");
        assertThat(text.statusCode()).isEqualTo(415);
    }
}
