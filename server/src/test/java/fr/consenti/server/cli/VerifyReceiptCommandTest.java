package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.proof.ConsentReceipt;
import fr.consenti.core.proof.Ed25519Keys;
import fr.consenti.core.proof.PublicJwk;
import fr.consenti.core.proof.ReceiptSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyReceiptCommandTest {

    @TempDir
    Path dir;

    String receipt;
    Path keyFile;
    StringWriter out;

    @BeforeEach
    void signedReceipt() throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        PublicJwk jwk = PublicJwk.withThumbprint(pair.getPublic());
        Instant collected = Instant.parse("2026-09-01T08:15:00Z");
        receipt = new ConsentReceipt("7f0c1e9a-0000-4000-8000-000000000001", collected, ConsentReceipt.State.GIVEN,
                "+33612345678", new ConsentReceipt.Party("732829320", "Exemple SA"), List.of(),
                List.of(new ConsentReceipt.Purpose("ENERGY", "Rénovation", "Isolation des logements")),
                new ConsentReceipt.Notice("a".repeat(64), "fr"), ConsentReceipt.Channel.WEB_FORM, collected,
                new ConsentReceipt.Evidence("FORM_SUBMISSION", "form submitted from 203.0.113.7", collected),
                collected, Instant.parse("2027-09-01T08:15:00Z"), null,
                new ConsentReceipt.ChainPosition(1, "b".repeat(64)))
                .sign(new ReceiptSigner(pair.getPrivate(), jwk.keyId()));
        keyFile = Files.writeString(dir.resolve("keys.json"), "{\"keys\":[" + jwk.toJson() + "]}");
    }

    @Test
    void validReceiptPassesAndSaysWhatItAttests() throws IOException {
        Path file = Files.writeString(dir.resolve("receipt.jws"), receipt + "\n");

        assertThat(run(file.toString(), "--key", keyFile.toString())).isZero();
        assertThat(out.toString()).contains("Valid consent receipt", "+33612345678", "732829320", "ENERGY");
    }

    @Test
    void everyAlteredByteFails() throws IOException {
        byte[] bytes = receipt.getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("altered.jws");
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] = (byte) (altered[i] == 'A' ? 'B' : 'A');
            Files.write(file, altered);

            assertThat(run(file.toString(), "--key", keyFile.toString())).as("byte %d altered", i)
                    .isEqualTo(VerifyReceiptCommand.EXIT_INVALID);
        }
    }

    @Test
    void anotherKeyFails() throws IOException {
        Path file = Files.writeString(dir.resolve("receipt.jws"), receipt);
        PublicJwk other = PublicJwk.withThumbprint(Ed25519Keys.generate().getPublic());
        Path otherKey = Files.writeString(dir.resolve("other.json"), other.toJson());

        assertThat(run(file.toString(), "--key", otherKey.toString())).isEqualTo(VerifyReceiptCommand.EXIT_INVALID);
        assertThat(out.toString()).contains("UNKNOWN_KEY");
    }

    @Test
    void unreadableKeyIsBadInput() throws IOException {
        Path file = Files.writeString(dir.resolve("receipt.jws"), receipt);
        Path notAKey = Files.writeString(dir.resolve("nokey.json"), "{\"kty\":\"RSA\"}");

        assertThat(run(file.toString(), "--key", notAKey.toString())).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
    }

    private int run(String... args) {
        out = new StringWriter();
        CommandLine cli = ConsentiCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "verify-receipt";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }
}
