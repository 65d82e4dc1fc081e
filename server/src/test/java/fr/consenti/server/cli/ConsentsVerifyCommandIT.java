package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/** {@code ./consenti consents verify} against the database the running application writes to. */
@ConsentiIT
class ConsentsVerifyCommandIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    @Autowired
    TestClock clock;

    StringWriter out;

    @Test
    void namesTheConsentWhoseRowWasAlteredInTheDatabase() {
        UUID id = recordConsent();
        long sequence = jdbc.sql("select sequence from consent_event where consent_id = ?").param(id)
                .query(Long.class).single();
        assertThat(verify()).as(out.toString()).isZero();
        assertThat(out.toString()).contains("intact");

        OffsetTimes.shift(jdbc, sequence, 1);
        try {
            assertThat(verify()).isEqualTo(ConsentsCommand.EXIT_BROKEN);
            assertThat(out.toString()).contains("BROKEN at sequence " + sequence, id.toString(), "CONTENT_ALTERED");
        } finally {
            OffsetTimes.shift(jdbc, sequence, -1);
        }
        assertThat(verify()).as(out.toString()).isZero();
    }

    @Test
    void aChainThatEndsBeforeItsRecordedHeadShowsAsTruncated() {
        recordConsent();
        // As if the last row had been deleted: the head, updated in the same transaction as every append, is ahead.
        jdbc.sql("update consent_chain_head set sequence = sequence + 1").update();
        try {
            assertThat(verify()).isEqualTo(ConsentsCommand.EXIT_BROKEN);
            assertThat(out.toString()).contains("TRUNCATED");
        } finally {
            jdbc.sql("update consent_chain_head set sequence = sequence - 1").update();
        }
        assertThat(verify()).as(out.toString()).isZero();
    }

    private UUID recordConsent() {
        Http http = Http.withKey(port, accounts.key(accounts.professional()).key());
        assertThat(http.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"P1\",\"label\":\"Offres\",\"nature\":\"Fourniture d'énergie\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> created = http.send("POST", "/api/v1/consents", "application/json", """
                {"number": "0612345678", "purposes": ["P1"], "channel": "RECORDED_CALL",
                 "notice": {"text": "Acceptez-vous d'être rappelé ?"},
                 "evidence": {"kind": "CALL_RECORDING", "recordingRef": "rec-1", "saidYesAt": "%s"}}"""
                .formatted(clock.instant().minusSeconds(30))); // the server's clock, not the wall clock
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(Http.json(created).path("id").asString());
    }

    private int verify() {
        out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ConsentiCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("consents", "verify", "--db-url", environment.getProperty("spring.datasource.url"),
                "--db-user", environment.getProperty("spring.datasource.username"),
                "--db-password", environment.getProperty("spring.datasource.password", ""));
        out.write(err.toString());
        return exit;
    }

    /** Moves a row's recorded time by whole seconds, as someone editing the database would. */
    private static final class OffsetTimes {
        static void shift(JdbcClient jdbc, long sequence, int seconds) {
            java.time.OffsetDateTime at = jdbc.sql("select recorded_at from consent_event where sequence = ?")
                    .param(sequence).query(java.time.OffsetDateTime.class).single();
            jdbc.sql("update consent_event set recorded_at = ? where sequence = ?")
                    .params(at.plusSeconds(seconds), sequence).update();
        }
    }
}
