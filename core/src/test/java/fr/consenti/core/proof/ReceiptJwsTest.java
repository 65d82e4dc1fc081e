package fr.consenti.core.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.consenti.core.proof.ReceiptCheck.Invalid;
import fr.consenti.core.proof.ReceiptCheck.Valid;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceiptJwsTest {

    // RFC 8037 Appendix A.1 (key), A.3 (thumbprint) and A.4 (JWS of "Example of Ed25519 signing").
    private static final String RFC_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    private static final String RFC_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private static final String RFC_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
    private static final String RFC_SIGNING_INPUT = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    private static final String RFC_SIGNATURE =
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    private static final KeyPair PAIR = Ed25519Keys.generate();
    private static final String KID = Ed25519Keys.thumbprint(PAIR.getPublic());
    private static final String TYPE = "consent-receipt+jwt";

    private final ReceiptSigner signer = new ReceiptSigner(PAIR.getPrivate(), KID);
    private final ReceiptVerifier verifier = ReceiptVerifier.of(new PublicJwk(KID, PAIR.getPublic()));

    @Test
    void signsTheRfc8037ExampleToItsPublishedSignature() {
        PrivateKey key = Ed25519Keys.privateKeyFromSeed(Base64Url.decode(RFC_D));

        assertThat(Base64Url.encode(ReceiptSigner.sign(key, RFC_SIGNING_INPUT))).isEqualTo(RFC_SIGNATURE);
    }

    @Test
    void verifiesTheRfc8037ExampleWithItsPublishedPublicKey() {
        PublicKey key = Ed25519Keys.publicKeyFromRaw(Base64Url.decode(RFC_X));

        assertThat(ReceiptVerifier.verifySignature(key, RFC_SIGNING_INPUT, Base64Url.decode(RFC_SIGNATURE))).isTrue();
        assertThat(ReceiptVerifier.verifySignature(key, RFC_SIGNING_INPUT + "x", Base64Url.decode(RFC_SIGNATURE))).isFalse();
        // Our receipts must name their key, so the RFC example itself, whose header has no "kid", is refused.
        assertThat(new ReceiptVerifier(java.util.Map.of("rfc", key)).verify(RFC_SIGNING_INPUT + "." + RFC_SIGNATURE))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.failure()).isEqualTo(ReceiptFailure.BAD_HEADER));
    }

    @Test
    void derivesTheRfc8037PublicKeyAndThumbprintFromThePrivateKey() {
        PublicKey derived = Ed25519Keys.publicKeyOf(Ed25519Keys.privateKeyFromSeed(Base64Url.decode(RFC_D)));

        assertThat(Base64Url.encode(Ed25519Keys.rawPublicKey(derived))).isEqualTo(RFC_X);
        assertThat(Ed25519Keys.thumbprint(derived)).isEqualTo(RFC_THUMBPRINT);
        assertThat(Ed25519Keys.publicKeyOf(PAIR.getPrivate()).getEncoded()).isEqualTo(PAIR.getPublic().getEncoded());
    }

    @Test
    void roundTripsAPayloadWithItsHeader() {
        byte[] payload = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        String jws = signer.sign(TYPE, payload);

        assertThat(jws.split("\\.")).hasSize(3);
        assertThat(new String(Base64Url.decode(jws.substring(0, jws.indexOf('.'))), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"EdDSA\",\"kid\":\"" + KID + "\",\"typ\":\"" + TYPE + "\"}");
        assertThat(verifier.verify(jws, TYPE)).isInstanceOfSatisfying(Valid.class, v -> {
            assertThat(v.keyId()).isEqualTo(KID);
            assertThat(v.type()).isEqualTo(TYPE);
            assertThat(v.payload()).isEqualTo(payload);
        });
    }

    @Test
    void failsReceiptWithOneFlippedByte() {
        String jws = signer.sign(TYPE, "{\"state\":\"GIVEN\"}".getBytes(StandardCharsets.UTF_8));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // Every position, changed to characters one or two bits away in base64 value (those that touch only the
        // unused low bits of a segment's last character included), to a far one, and to a separator.
        for (int i = 0; i < jws.length(); i++) {
            char original = jws.charAt(i);
            int value = alphabet.indexOf(original);
            String replacements = value < 0 ? "A_" : "" + alphabet.charAt(value ^ 1) + alphabet.charAt(value ^ 2)
                    + alphabet.charAt(value ^ 32) + '.';
            for (char c : replacements.toCharArray()) {
                String altered = jws.substring(0, i) + c + jws.substring(i + 1);
                assertThat(verifier.verify(altered)).as("%s at %d", c, i).isInstanceOf(Invalid.class);
            }
        }
    }

    @Test
    void failsAnyReceiptWithAnyByteChangedToAnyValue() {
        Random random = new Random(8037);
        for (int trial = 0; trial < 500; trial++) {
            byte[] payload = new byte[1 + random.nextInt(300)];
            random.nextBytes(payload);
            byte[] jws = signer.sign(TYPE, payload).getBytes(StandardCharsets.ISO_8859_1);
            int at = random.nextInt(jws.length);
            jws[at] ^= (byte) (1 + random.nextInt(255));

            assertThat(verifier.verify(new String(jws, StandardCharsets.ISO_8859_1)))
                    .as("trial %d, byte %d", trial, at).isInstanceOf(Invalid.class);
        }
    }

    @Test
    void failsReceiptWithTrailingNewlineOrPadding() {
        String jws = signer.sign(TYPE, new byte[] {'{', '}'});

        assertFailure(jws + "\n", ReceiptFailure.BAD_FORMAT);
        assertFailure(jws + "=", ReceiptFailure.BAD_FORMAT);
        assertFailure(jws + ".", ReceiptFailure.BAD_FORMAT);
        assertFailure(jws.substring(0, jws.lastIndexOf('.')), ReceiptFailure.BAD_FORMAT);
        assertFailure("", ReceiptFailure.BAD_FORMAT);
    }

    @Test
    void failsReceiptSignedWithAnotherKeyUnderTheSameKeyId() {
        String forged = new ReceiptSigner(Ed25519Keys.generate().getPrivate(), KID).sign(TYPE, new byte[] {'{', '}'});

        assertFailure(forged, ReceiptFailure.BAD_SIGNATURE);
    }

    @Test
    void failsReceiptWhosePayloadWasSwappedForAnotherSignedOne() {
        String a = signer.sign(TYPE, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        String b = signer.sign(TYPE, "{\"n\":2}".getBytes(StandardCharsets.UTF_8));
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");

        assertFailure(pa[0] + "." + pb[1] + "." + pa[2], ReceiptFailure.BAD_SIGNATURE);
    }

    @Test
    void failsReceiptWithAnUnknownKeyId() {
        assertFailure(new ReceiptSigner(PAIR.getPrivate(), "retired-2025").sign(TYPE, new byte[] {'{', '}'}),
                ReceiptFailure.UNKNOWN_KEY);
    }

    @Test
    void failsReceiptOfAnotherType() {
        String screening = signer.sign("screening-receipt+jwt", new byte[] {'{', '}'});

        assertThat(verifier.verify(screening, TYPE))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.failure()).isEqualTo(ReceiptFailure.WRONG_TYPE));
        assertThat(verifier.verify(screening)).isInstanceOf(Valid.class);
    }

    @Test
    void failsHeadersNamingAnotherAlgorithmEvenWhenSigned() {
        assertFailure(signedWithHeader("{\"alg\":\"none\",\"kid\":\"" + KID + "\"}"), ReceiptFailure.WRONG_ALGORITHM);
        assertFailure(signedWithHeader("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\"}"), ReceiptFailure.WRONG_ALGORITHM);
        assertFailure(signedWithHeader("{\"kid\":\"" + KID + "\"}"), ReceiptFailure.WRONG_ALGORITHM);
        String unsigned = Base64Url.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + ".e30.";
        assertFailure(unsigned, ReceiptFailure.WRONG_ALGORITHM);
    }

    @Test
    void failsHeadersThatAreAmbiguousOrCarryUnknownExtensions() {
        assertFailure(signedWithHeader("not json"), ReceiptFailure.BAD_HEADER);
        assertFailure(signedWithHeader("[\"EdDSA\"]"), ReceiptFailure.BAD_HEADER);
        assertFailure(signedWithHeader("{\"alg\":\"EdDSA\",\"kid\":\"x\",\"kid\":\"" + KID + "\"}"), ReceiptFailure.BAD_HEADER);
        assertFailure(signedWithHeader("{\"alg\":\"EdDSA\",\"kid\":\"" + KID + "\",\"crit\":[\"exp\"],\"exp\":1}"),
                ReceiptFailure.BAD_HEADER);
        assertFailure(signedWithHeader("{\"alg\":\"EdDSA\"}"), ReceiptFailure.BAD_HEADER);
        assertFailure(signedWithHeader("{\"alg\":\"EdDSA\",\"kid\":7}"), ReceiptFailure.BAD_HEADER);
        assertThat(verifier.verify(signedWithHeader("{\"alg\":\"EdDSA\",\"kid\":\"" + KID + "\"}"))).isInstanceOf(Valid.class);
    }

    @Test
    void verifiesWithAnyOfSeveralKeysSoTheSigningKeyCanRotate() {
        KeyPair next = Ed25519Keys.generate();
        ReceiptVerifier both = new ReceiptVerifier(Map.of(KID, PAIR.getPublic(), "next", next.getPublic()));

        assertThat(both.verify(signer.sign(TYPE, new byte[] {'{', '}'}))).isInstanceOf(Valid.class);
        assertThat(both.verify(new ReceiptSigner(next.getPrivate(), "next").sign(TYPE, new byte[] {'{', '}'})))
                .isInstanceOf(Valid.class);
    }

    @Test
    void roundTripsThePublicKeyAsAJwkAndVerifiesWithIt() {
        PublicJwk jwk = PublicJwk.withThumbprint(PAIR.getPublic());
        String json = jwk.toJson();
        PublicJwk read = PublicJwk.parse(json);

        assertThat(json).startsWith("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"")
                .contains("\"x\":\"" + Base64Url.encode(Ed25519Keys.rawPublicKey(PAIR.getPublic())) + "\"")
                .contains("\"kid\":\"" + KID + "\"");
        assertThat(read.keyId()).isEqualTo(KID);
        assertThat(read.key().getEncoded()).isEqualTo(PAIR.getPublic().getEncoded());
        assertThat(ReceiptVerifier.of(read).verify(signer.sign(TYPE, new byte[] {'{', '}'}))).isInstanceOf(Valid.class);
    }

    @Test
    void readsTheRfc8037PublicJwk() {
        PublicJwk jwk = PublicJwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"rfc\"}");

        assertThat(Base64Url.encode(Ed25519Keys.rawPublicKey(jwk.key()))).isEqualTo(RFC_X);
    }

    @Test
    void refusesJwksThatAreNotPublicEd25519Keys() {
        String x = Base64Url.encode(Ed25519Keys.rawPublicKey(PAIR.getPublic()));
        assertThatThrownBy(() -> PublicJwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"" + x + "\",\"kid\":\"k\"}"))
                .hasMessageContaining("crv");
        assertThatThrownBy(() -> PublicJwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"kid\":\"k\",\"d\":\"" + RFC_D + "\"}"))
                .hasMessageContaining("private");
        assertThatThrownBy(() -> PublicJwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "A\",\"kid\":\"k\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicJwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}"))
                .hasMessageContaining("kid");
    }

    @Test
    void storesThePrivateKeyAsPkcs8PemAndSignsTheSameAfterReading() {
        String pem = Ed25519Keys.toPem(PAIR.getPrivate());
        PrivateKey read = Ed25519Keys.privateKeyFromPem(pem);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(read.getEncoded()).isEqualTo(PAIR.getPrivate().getEncoded());
        // Ed25519 is deterministic: the same key signs the same input to the same bytes.
        assertThat(new ReceiptSigner(read, KID).sign(TYPE, new byte[] {'{', '}'}))
                .isEqualTo(signer.sign(TYPE, new byte[] {'{', '}'}));
        assertThat(Ed25519Keys.publicKeyFromPem(Ed25519Keys.toPem(PAIR.getPublic())).getEncoded())
                .isEqualTo(PAIR.getPublic().getEncoded());
    }

    @Test
    void readsAnOpenSslEd25519PrivateKeyPem() {
        // `openssl genpkey -algorithm ed25519` output for the RFC 8037 key (PKCS#8 v1, the same DER as the JDK).
        String pem = "-----BEGIN PRIVATE KEY-----\r\n"
                + java.util.Base64.getEncoder().encodeToString(
                        Hex.decode("302e020100300506032b657004220420" + Hex.encode(Base64Url.decode(RFC_D))))
                + "\r\n-----END PRIVATE KEY-----\r\n";

        assertThat(Base64Url.encode(Ed25519Keys.rawPublicKey(Ed25519Keys.publicKeyOf(Ed25519Keys.privateKeyFromPem(pem)))))
                .isEqualTo(RFC_X);
    }

    @Test
    void refusesKeysThatAreNotEd25519() throws Exception {
        var rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
        PrivateKey ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate();

        assertThatThrownBy(() -> new ReceiptSigner(rsaKey, "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiptSigner(ed448, "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiptSigner(PAIR.getPrivate(), "")).isInstanceOf(IllegalArgumentException.class);
    }

    private String signedWithHeader(String headerJson) {
        String input = Base64Url.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + ".e30";
        return input + "." + Base64Url.encode(ReceiptSigner.sign(PAIR.getPrivate(), input));
    }

    private void assertFailure(String jws, ReceiptFailure expected) {
        assertThat(verifier.verify(jws))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.failure()).as(i.detail()).isEqualTo(expected));
    }
}
