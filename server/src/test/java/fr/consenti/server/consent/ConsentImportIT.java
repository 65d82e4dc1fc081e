package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ConsentiIT
class ConsentImportIT {

    static final int ROWS = Integer.getInteger("consenti.it.import-rows", 100_000);

    static final String HEADER = "number;purposes;channel;collected_at;notice;evidence_kind;evidence_ip;"
            + "evidence_user_agent;evidence_ref;evidence_at;third_parties";

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
    LedgerKeys keys;
    @Autowired
    TestClock clock;

    LedgerFixture pro;

    @BeforeEach
    void professional() {
        pro = new LedgerFixture(professionals, apiKeys, port, clock);
    }

    @Test
    void importOf100000RowsRecordsTheGoodOnesAndReportsEachBadLine() throws Exception {
        Instant collected = clock.instant().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        Map<Long, String> badLines = new HashMap<>();
        for (int i = 0; i < ROWS; i++) {
            long line = i + 2;
            String number = "06" + String.format("%08d", i);
            String purposes = LedgerFixture.PURPOSE;
            String at = collected.toString();
            String ip = "203.0.113." + (i % 250);
            if (i % 1000 == 17) {
                number = "06 12";
                badLines.put(line, "number");
            } else if (i % 1000 == 503) {
                purposes = "ENERGY,UNKNOWN";
                badLines.put(line, "purposes");
            } else if (i % 1000 == 911) {
                at = clock.instant().plus(Duration.ofDays(1)).toString();
                badLines.put(line, "evidence_at");
            } else if (i % 1000 == 999) {
                ip = "not-an-ip";
                badLines.put(line, "evidence_ip");
            }
            csv.append(number).append(';').append(purposes).append(";WEB_FORM;").append(collected).append(';')
                    .append('"').append(LedgerFixture.NOTICE).append("\";FORM_SUBMISSION;").append(ip)
                    .append(";\"Mozilla/5.0 (X11; Linux x86_64; rv:140.0)\";;").append(at).append(";732829320\n");
        }

        // Its own client: the shared one gives a request 30 seconds, and this machine is shared with other builds.
        long started = System.nanoTime();
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/consents/imports"))
                        .timeout(Duration.ofMinutes(10))
                        .header("Content-Type", "text/csv").header("Authorization", "Bearer " + pro.key)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.printf("Imported %d rows in %d ms%n", ROWS, (System.nanoTime() - started) / 1_000_000);

        assertThat(response.statusCode()).as(response.body().substring(0, Math.min(500, response.body().length())))
                .isEqualTo(200);
        JsonNode report = Http.json(response);
        assertThat(report.path("accepted").asLong()).isEqualTo(ROWS - badLines.size());
        assertThat(report.path("rejected").asLong()).isEqualTo(badLines.size());
        Map<Long, String> reported = new HashMap<>();
        report.path("errors").forEach(e -> reported.put(e.path("line").asLong(), e.path("field").asString()));
        assertThat(reported).isEqualTo(badLines);
        assertThat(jdbc.sql("select count(*) from consent where professional_id = ?").param(pro.professional.id())
                .query(Long.class).single()).isEqualTo(ROWS - badLines.size());
        assertThat(jdbc.sql("select count(*) from consent where professional_id = ? and collected_at = ?")
                .params(pro.professional.id(), ConsentLedger.utc(collected)).query(Long.class).single())
                .as("each keeps its original collection time").isEqualTo(ROWS - badLines.size());
        assertThat(jdbc.sql("select count(*) from consent_notice where sha256 = ?")
                .param(ConsentValidator.sha256Hex(LedgerFixture.NOTICE)).query(Long.class).single()).isEqualTo(1);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(LedgerVerification.verify(connection, keys.commitment()).verdict())
                    .isInstanceOf(ChainVerdict.Intact.class);
        }
    }

    @Test
    void aWrongHeaderRecordsNothing() {
        HttpResponse<String> response = pro.http.send("POST", "/api/v1/consents/imports", "text/csv",
                "number;purposes;colour\n0612345678;ENERGY;blue\n", "Authorization", "Bearer " + pro.key);

        JsonNode problem = ConsentLedgerIT.problem(response);
        List<String> messages = new ArrayList<>();
        problem.path("errors").forEach(e -> messages.add(e.path("message").asString()));
        assertThat(messages).anyMatch(m -> m.contains("colour")).anyMatch(m -> m.contains("channel"));
        assertThat(jdbc.sql("select count(*) from consent where professional_id = ?").param(pro.professional.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aMultipartUploadIsImportedLikeABody() {
        String csv = HEADER + "\n" + "0612345678;ENERGY;RECORDED_CALL;" + clock.instant().minusSeconds(60)
                + ";Acceptez-vous ?;CALL_RECORDING;;;rec-42;" + clock.instant().minusSeconds(60) + ";\n"
                + "0612345679;ENERGY;RECORDED_CALL;" + clock.instant().minusSeconds(60)
                + ";Acceptez-vous ?;CALL_RECORDING;;;;" + clock.instant().minusSeconds(60) + ";\n";
        String boundary = "----consenti" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";

        HttpResponse<String> response = pro.http.send("POST", "/api/v1/consents/imports",
                "multipart/form-data; boundary=" + boundary, body, "Authorization", "Bearer " + pro.key);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = Http.json(response);
        assertThat(report.path("accepted").asLong()).isEqualTo(1);
        assertThat(report.path("errors").get(0).path("line").asLong()).isEqualTo(3);
        assertThat(report.path("errors").get(0).path("field").asString()).isEqualTo("evidence_ref");
    }
}
