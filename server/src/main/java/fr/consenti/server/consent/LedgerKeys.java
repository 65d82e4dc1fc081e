package fr.consenti.server.consent;

import fr.consenti.core.proof.Ed25519Keys;
import fr.consenti.core.proof.FieldCommitment;
import fr.consenti.core.proof.PublicJwk;
import fr.consenti.core.proof.ReceiptSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's two secrets. The commitment key ({@code consenti.ledger.commitment-key}, base64 of at least 32 bytes)
 * hides personal fields inside the hash chain; the Ed25519 signing key ({@code consenti.signing.key-file}, a PKCS#8
 * PEM file) signs receipts. When the operator sets neither, each is generated on first start and kept in the
 * {@code platform_secret} table, so that every node and the command-line verifier find the same one.
 */
@Component
public final class LedgerKeys {

    /** The platform_secret row of the commitment key (base64). */
    public static final String COMMITMENT_KEY = "ledger.commitment-key";
    static final String SIGNING_KEY = "signing.private-key";

    private final FieldCommitment commitment;
    private final ReceiptSigner signer;
    private final PublicJwk publicJwk;

    LedgerKeys(JdbcClient jdbc, TransactionTemplate transactions, Clock clock,
               @Value("${consenti.ledger.commitment-key:}") String commitmentKey,
               @Value("${consenti.signing.key-file:}") String signingKeyFile) {
        SecretStore store = new SecretStore(jdbc, transactions, clock);
        byte[] key = Base64.getDecoder().decode(commitmentKey.isBlank()
                ? store.getOrCreate(COMMITMENT_KEY, LedgerKeys::newCommitmentKey)
                : commitmentKey.strip());
        this.commitment = new FieldCommitment(key);
        String pem = signingKeyFile.isBlank()
                ? store.getOrCreate(SIGNING_KEY, () -> Ed25519Keys.toPem(Ed25519Keys.generate().getPrivate()))
                : read(Path.of(signingKeyFile));
        PrivateKey privateKey = Ed25519Keys.privateKeyFromPem(pem);
        this.publicJwk = PublicJwk.withThumbprint(Ed25519Keys.publicKeyOf(privateKey));
        this.signer = new ReceiptSigner(privateKey, publicJwk.keyId(), new FastEd25519(privateKey));
    }

    FieldCommitment commitment() {
        return commitment;
    }

    ReceiptSigner signer() {
        return signer;
    }

    /** The platform's receipt signer, for the other features' receipts (the dialler's screening receipts). */
    public ReceiptSigner receiptSigner() {
        return signer;
    }

    PublicJwk publicJwk() {
        return publicJwk;
    }

    private static String newCommitmentKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("consenti.signing.key-file: cannot read " + file, e);
        }
    }

    /** Reads the platform_secret table; public for the command-line tool, which has no Spring context. */
    public static Optional<String> find(JdbcClient jdbc, String name) {
        return jdbc.sql("select secret from platform_secret where name = ?").param(name).query(String.class).optional();
    }

    private record SecretStore(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {

        String getOrCreate(String name, Supplier<String> generate) {
            Optional<String> existing = find(jdbc, name);
            if (existing.isPresent()) {
                return existing.get();
            }
            String value = generate.get();
            try {
                transactions.executeWithoutResult(status -> jdbc
                        .sql("insert into platform_secret (name, secret, created_at) values (?, ?, ?)")
                        .params(name, value, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                        .update());
                return value;
            } catch (DuplicateKeyException e) {
                // Another node started at the same moment and won: everyone must use its secret.
                return find(jdbc, name).orElseThrow();
            }
        }
    }
}
