package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/consents} in the fast lane records a consent once, answers what the controller answers, and
 * leaves every refusal to the controller with nothing written.
 */
@ConsentiIT
class ConsentLaneIT {

    @LocalServerPort
    int port;
    @Autowired
    Professionals professionals;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    MeterRegistry meters;

    LedgerFixture pro;

    @BeforeEach
    void professional() {
        pro = new LedgerFixture(professionals, apiKeys, port, clock);
    }

    private long recordedInLane() {
        return meters.get("consenti.fastlane.requests").tag("uri", "/api/v1/consents").timer().count();
    }

    private long consentsOf(String e164) {
        return jdbc.sql("select count(*) from consent where e164 = ?").param(e164).query(Long.class).single();
    }

    private static String randomMobile() {
        return "061" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    private HttpResponse<String> throughController(String json) {
        return pro.http.send("POST", "/api/v1/consents", "application/json", json, "Authorization",
                "Bearer " + pro.key, "Accept", "application/json, */*;q=0.1");
    }

    @Test
    void consentIsRecordedOnceInTheLaneWithTheSameAnswerAsTheController() {
        String first = randomMobile();
        String second = randomMobile();
        long before = recordedInLane();

        HttpResponse<String> lane = pro.post("/api/v1/consents", pro.webForm(first, ""));
        HttpResponse<String> controller = throughController(pro.webForm(second, ""));

        assertThat(recordedInLane()).isEqualTo(before + 1);
        assertThat(lane.statusCode()).as(lane.body()).isEqualTo(201);
        assertThat(controller.statusCode()).as(controller.body()).isEqualTo(201);
        JsonNode fromLane = Http.json(lane);
        JsonNode fromController = Http.json(controller);
        assertThat(fromLane.propertyNames()).containsExactlyElementsOf(fromController.propertyNames());
        assertThat(fromLane.get("validFrom").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(fromLane.get("e164").asString()).isEqualTo("+33" + first.substring(1));
        assertThat(consentsOf("+33" + first.substring(1))).isEqualTo(1);
        assertThat(consentsOf("+33" + second.substring(1))).isEqualTo(1);
        for (String header : List.of("content-type", "cache-control", "x-content-type-options", "x-frame-options")) {
            assertThat(lane.headers().allValues(header)).as(header).isEqualTo(controller.headers().allValues(header));
        }
    }

    @Test
    void invalidConsentGetsTheControllersProblemAndNothingIsWritten() {
        String number = randomMobile();
        long before = recordedInLane();

        HttpResponse<String> response = pro.post("/api/v1/consents",
                pro.webForm(number, ", \"validUntil\": \"2099-01-01T00:00:00Z\""));
        HttpResponse<String> unknownPurpose = pro.post("/api/v1/consents",
                pro.webForm(number, "").replace("\"" + LedgerFixture.PURPOSE + "\"", "\"NOT_DEFINED\""));
        HttpResponse<String> malformed = pro.post("/api/v1/consents", "{\"number\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body()).contains("validUntil");
        assertThat(unknownPurpose.statusCode()).isEqualTo(400);
        assertThat(unknownPurpose.body()).contains("purposes[0]");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(recordedInLane()).isEqualTo(before);
        assertThat(consentsOf("+33" + number.substring(1))).isZero();
    }
}
