package fr.consenti.server.cli;

import fr.consenti.core.proof.ConsentReceipt;
import fr.consenti.core.proof.PublicJwk;
import fr.consenti.core.proof.ReceiptCheck;
import fr.consenti.core.proof.ReceiptVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code consenti verify-receipt <file>}: verifies a signed consent receipt offline with the platform's public key. */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = {
                "Verifies a consent receipt (the compact JWS the API returns as \"receipt\", alone in a file) with the "
                        + "platform's public key: any altered byte fails. The key comes from a JWK or JWK set file "
                        + "(--key), or is fetched from a Consenti server's /.well-known/consenti-keys.json (--server).",
                "Exit code 0 when the receipt is valid, 1 when it is not, 2 when the file or the key cannot be read."})
public final class VerifyReceiptCommand implements Callable<Integer> {

    public static final int EXIT_INVALID = 1;

    @Parameters(paramLabel = "<file>", description = "File holding the receipt (a final line break is ignored).")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource keySource;

    static final class KeySource {
        @Option(names = "--key", paramLabel = "<jwk file>", description = "A public JWK, or a JWK set {\"keys\":[...]}.")
        Path keyFile;

        @Option(names = "--server", paramLabel = "<url>", description = "A Consenti server, e.g. https://consenti.example.")
        URI server;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String receipt = Files.readString(file, StandardCharsets.UTF_8);
            // Only the one line break an editor or `echo` adds; anything else is part of what is verified.
            if (receipt.endsWith("\r\n")) {
                receipt = receipt.substring(0, receipt.length() - 2);
            } else if (receipt.endsWith("\n")) {
                receipt = receipt.substring(0, receipt.length() - 1);
            }
            Map<String, PublicKey> keys = keys(keySource.keyFile != null ? Files.readString(keySource.keyFile)
                    : fetch(keySource.server));
            ReceiptCheck check = new ReceiptVerifier(keys).verify(receipt, ConsentReceipt.JWS_TYPE);
            return switch (check) {
                case ReceiptCheck.Invalid invalid -> {
                    out.println("INVALID receipt: " + invalid.failure() + ": " + invalid.detail());
                    yield EXIT_INVALID;
                }
                case ReceiptCheck.Valid valid -> describe(out, valid);
            };
        } catch (IOException | IllegalArgumentException e) {
            err.println("Cannot verify: " + e.getMessage());
            return ConsentiCli.EXIT_BAD_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConsentiCli.EXIT_BAD_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int describe(PrintWriter out, ReceiptCheck.Valid valid) {
        ConsentReceipt r;
        try {
            r = ConsentReceipt.fromJson(valid.payload());
        } catch (IllegalArgumentException e) {
            out.println("INVALID receipt: the signature holds but the content is not a consent receipt: " + e.getMessage());
            return EXIT_INVALID;
        }
        out.println("Valid consent receipt, signed with key " + valid.keyId() + ".");
        out.println("  consent:      " + r.recordId() + " (" + r.state() + ")");
        out.println("  number:       " + r.piiPrincipalId());
        out.println("  professional: " + r.controller().siren() + " " + r.controller().name());
        out.println("  callers:      " + r.authorisedCallers().stream().map(ConsentReceipt.Party::siren)
                .collect(Collectors.joining(", ")));
        out.println("  purposes:     " + r.purposes().stream().map(p -> p.code() + " (" + p.nature() + ")")
                .collect(Collectors.joining(", ")));
        out.println("  collected:    " + r.collectedAt() + " via " + r.channel() + ", " + r.evidence().summary());
        out.println("  valid:        " + r.validFrom() + " to " + r.validUntil());
        out.println("  notice:       sha256 " + r.notice().sha256() + " (" + r.notice().language() + ")");
        out.println("  ledger:       sequence " + r.chain().sequence() + ", hash " + r.chain().linkHash());
        return 0;
    }

    static Map<String, PublicKey> keys(String json) {
        JsonNode root = JsonMapper.builder().build().readTree(json);
        Map<String, PublicKey> keys = new HashMap<>();
        if (root.has("keys")) {
            for (JsonNode jwk : root.get("keys")) {
                PublicJwk key = PublicJwk.parse(jwk.toString());
                keys.put(key.keyId(), key.key());
            }
        } else {
            PublicJwk key = PublicJwk.parse(json);
            keys.put(key.keyId(), key.key());
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key in the JWK set");
        }
        return keys;
    }

    private static String fetch(URI server) throws IOException, InterruptedException {
        URI uri = server.resolve("/.well-known/consenti-keys.json");
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
