package fr.consenti.server.calls;

import static fr.consenti.server.calls.DiallerFixture.check;
import static fr.consenti.server.calls.DiallerFixture.randomMobile;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code POST /api/v1/calls} in the fast lane: an ordinary call is answered there, and what the lane declines (a
 * retry of a key, a key reused for another body, a validation error) is answered by the controller without counting
 * anything twice.
 */
@ConsentiIT
class CallLaneIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcClient jdbc;

    DiallerFixture pro;

    @BeforeEach
    void setUp() {
        pro = new DiallerFixture(accounts, port, clock);
    }

    private long answeredInLane() {
        return meters.get("consenti.fastlane.requests").tag("uri", "/api/v1/calls").timer().count();
    }

    private long attempts(String number) {
        return jdbc.sql("select count(*) from call_attempt where professional_id = ? and e164 = ?")
                .params(pro.professional.id(), "+33" + number.substring(1)).query(Long.class).single();
    }

    @Test
    void ordinaryCallsAreAnsweredInTheLane() {
        String number = randomMobile();
        long before = answeredInLane();
        HttpResponse<String> allowed = pro.post("/api/v1/calls", check(number, ",\"b2b\":true"));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
        assertThat(Http.json(allowed).get("receipt").asString()).isNotBlank();
        assertThat(allowed.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        HttpResponse<String> denied = pro.post("/api/v1/calls", check(randomMobile(), ""));
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        assertThat(Http.json(denied).get("verdict").asString()).isEqualTo("DENY");
        assertThat(answeredInLane()).isEqualTo(before + 2);
        assertThat(attempts(number)).isEqualTo(1);
    }

    @Test
    void whatTheLaneDeclinesTheControllerAnswersAndNothingCountsTwice() {
        String number = randomMobile();
        String key = UUID.randomUUID().toString();
        long before = answeredInLane();
        HttpResponse<String> first = pro.post("/api/v1/calls", check(number, ",\"b2b\":true"), "Idempotency-Key", key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(answeredInLane()).isEqualTo(before + 1);

        HttpResponse<String> retry = pro.post("/api/v1/calls", check(number, ",\"b2b\":true"), "Idempotency-Key", key);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.body()).isEqualTo(first.body());
        // The controller's answer (the retry) and the lane's (the first) carry the same content type.
        assertThat(retry.headers().firstValue("content-type")).isEqualTo(first.headers().firstValue("content-type"))
                .hasValue("application/json");

        HttpResponse<String> reused = pro.post("/api/v1/calls", check(randomMobile(), ",\"b2b\":true"),
                "Idempotency-Key", key);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(Http.json(reused).get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        HttpResponse<String> invalid = pro.post("/api/v1/calls", check(number, ",\"at\":\"2026-09-01T10:15:00Z\""));
        assertThat(invalid.statusCode()).isEqualTo(400);

        assertThat(answeredInLane()).isEqualTo(before + 1);
        assertThat(attempts(number)).isEqualTo(1);
    }
}
