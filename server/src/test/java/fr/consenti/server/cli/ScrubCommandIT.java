package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Professional;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./consenti scrub} against the running server, over real HTTP. */
@ConsentiIT
class ScrubCommandIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @TempDir
    Path dir;

    final CliRun cli = new CliRun();
    String key;
    String server;

    @BeforeEach
    void subscribed() {
        Professional professional = accounts.professional();
        key = accounts.key(professional).key();
        server = "http://localhost:" + port;
        assertThat(Http.withKey(port, key).send("POST", "/api/v1/subscriptions", "application/json",
                "{\"plan\":\"PRO\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void cleansTheFileWithAProgressBarAndWritesTheResultAndTheReport() throws IOException {
        Path in = Files.writeString(dir.resolve("calls.csv"), "nom;telephone\nDurand;0612345678\nRoux;0800123456\n");
        Path out = dir.resolve("cleaned.csv");
        Path report = dir.resolve("report.json");

        int exit = cli.run("scrub", "--server", server, "--key", key, "--in", in.toString(), "--out", out.toString(),
                "--at", "2026-07-01", "--report", report.toString(), "--poll", "PT0.05S");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo("nom;telephone\nDurand;0612345678\n");
        assertThat(JsonMapper.builder().build().readTree(report.toFile()).path("counts").path("NUMBER_NOT_CALLABLE")
                .asLong()).isEqualTo(1);
        assertThat(cli.err()).contains("Uploading calls.csv", "100%", "DONE");
        assertThat(cli.out()).contains("2 rows read, 1 kept, 1 removed", "NUMBER_NOT_CALLABLE 1",
                "valid until 2026-07-31", "audit of a past campaign");
    }

    @Test
    void aFileTheServerCannotReadEndsWithExitCode1AndTheReason() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0;
        Path in = Files.write(dir.resolve("garbage.csv"), garbage);
        int exit = cli.run("scrub", "--server", server, "--key", key, "--in", in.toString(), "--out",
                dir.resolve("out.csv").toString(), "--at", "2026-07-01", "--poll", "PT0.05S");
        assertThat(exit).isEqualTo(ScrubCommand.EXIT_JOB_FAILED);
        assertThat(cli.err()).contains("The file was not cleaned: FILE_UNREADABLE");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void aRefusedRequestABadKeyOrAnUnreachableServerEndsWithExitCode3() throws IOException {
        Path in = Files.writeString(dir.resolve("calls.csv"), "0612345678\n", StandardCharsets.UTF_8);
        String out = dir.resolve("out.csv").toString();
        assertThat(cli.run("scrub", "--server", server, "--key", "ck_wrong", "--in", in.toString(), "--out", out))
                .isEqualTo(ScrubCommand.EXIT_SERVER);
        assertThat(cli.err()).contains("HTTP 401");

        cli.clear();
        assertThat(cli.run("scrub", "--server", server, "--key", key, "--in", in.toString(), "--out", out,
                "--at", "not-a-date")).isEqualTo(ScrubCommand.EXIT_SERVER);
        assertThat(cli.err()).contains("VALIDATION_FAILED", "[at:");

        cli.clear();
        assertThat(cli.run("scrub", "--server", "http://127.0.0.1:1", "--key", key, "--in", in.toString(), "--out",
                out)).isEqualTo(ScrubCommand.EXIT_SERVER);
        assertThat(cli.err()).contains("Cannot reach");
    }

    @Test
    void aMissingInputFileOrKeyIsABadInput() {
        assertThat(cli.run("scrub", "--server", server, "--key", key, "--in", dir.resolve("none.csv").toString(),
                "--out", dir.resolve("out.csv").toString())).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("Cannot read the call file");
    }
}
