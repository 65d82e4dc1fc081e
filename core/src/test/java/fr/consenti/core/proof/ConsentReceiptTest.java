package fr.consenti.core.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.consenti.core.proof.ConsentReceipt.ChainPosition;
import fr.consenti.core.proof.ConsentReceipt.Channel;
import fr.consenti.core.proof.ConsentReceipt.Evidence;
import fr.consenti.core.proof.ConsentReceipt.Notice;
import fr.consenti.core.proof.ConsentReceipt.Party;
import fr.consenti.core.proof.ConsentReceipt.Purpose;
import fr.consenti.core.proof.ConsentReceipt.Slot;
import fr.consenti.core.proof.ConsentReceipt.State;
import fr.consenti.core.proof.ReceiptCheck.Invalid;
import fr.consenti.core.proof.ReceiptCheck.Valid;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentReceiptTest {

    static ConsentReceipt receipt(State state, Slot slot, String controllerName) {
        return new ConsentReceipt(
                "0193a6f0-7c1e-7d2a-9b1e-2f4c5d6e7f80",
                Instant.parse("2026-09-01T09:30:00.123456Z"),
                state,
                "+33612345678",
                new Party("732829320", controllerName),
                List.of(new Party("552100554", "Centre d'appels du Nord")),
                List.of(new Purpose("FIBRE", "Offres fibre", "accès internet"),
                        new Purpose("MOBILE", "Forfaits mobiles", "téléphonie")),
                new Notice("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "fr"),
                Channel.WEB_FORM,
                Instant.parse("2026-09-01T09:29:58Z"),
                new Evidence("FORM_SUBMISSION", "form 42 submitted, IP and user agent kept in the ledger",
                        Instant.parse("2026-09-01T09:29:58Z")),
                Instant.parse("2026-09-01T09:29:58Z"),
                Instant.parse("2027-09-01T09:29:58Z"),
                slot,
                new ChainPosition(1234, "ab".repeat(32)));
    }

    private static final ConsentReceipt GIVEN = receipt(State.GIVEN, null, "Télécom \"Ouest\" SA");

    @Test
    void aReceiptSignedSerializedAndVerifiedOfflineWithOnlyThePublishedJwk() {
        KeyPair platform = Ed25519Keys.generate();
        PublicJwk published = PublicJwk.withThumbprint(platform.getPublic());
        String jws = GIVEN.sign(new ReceiptSigner(platform.getPrivate(), published.keyId()));
        String jwkFile = published.toJson();

        // Offline: the inspector has the receipt text and the JWK text, nothing else.
        ReceiptCheck check = ReceiptVerifier.of(PublicJwk.parse(jwkFile)).verify(jws, ConsentReceipt.JWS_TYPE);

        assertThat(check).isInstanceOfSatisfying(Valid.class,
                v -> assertThat(ConsentReceipt.fromJson(v.payload())).isEqualTo(GIVEN));
    }

    @Test
    void failsAReceiptWhoseStateWasChangedAfterSigning() {
        KeyPair platform = Ed25519Keys.generate();
        String jws = GIVEN.sign(new ReceiptSigner(platform.getPrivate(), "k1"));
        String[] parts = jws.split("\\.");
        String edited = new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8).replace("\"GIVEN\"", "\"WITHDRAWN\"");
        String forged = parts[0] + "." + Base64Url.encode(edited.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(ReceiptVerifier.of(new PublicJwk("k1", platform.getPublic())).verify(forged))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.failure()).isEqualTo(ReceiptFailure.BAD_SIGNATURE));
    }

    @Test
    void writesTheFieldsInAFixedOrderWithoutWhitespace() {
        String json = new String(receipt(State.WITHDRAWN, null, "Acme").toJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"schema\":\"consenti.consent-receipt\",\"version\":1,"
                + "\"recordId\":\"0193a6f0-7c1e-7d2a-9b1e-2f4c5d6e7f80\",\"issuedAt\":\"2026-09-01T09:30:00.123456Z\","
                + "\"state\":\"WITHDRAWN\",\"piiPrincipalId\":\"+33612345678\","
                + "\"piiController\":{\"siren\":\"732829320\",\"name\":\"Acme\"},"
                + "\"authorisedCallers\":[{\"siren\":\"552100554\",\"name\":\"Centre d'appels du Nord\"}],"
                + "\"purposes\":[{\"code\":\"FIBRE\",\"label\":\"Offres fibre\",\"nature\":\"accès internet\"},"
                + "{\"code\":\"MOBILE\",\"label\":\"Forfaits mobiles\",\"nature\":\"téléphonie\"}],"
                + "\"notice\":{\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"language\":\"fr\"},"
                + "\"collection\":{\"channel\":\"WEB_FORM\",\"collectedAt\":\"2026-09-01T09:29:58Z\","
                + "\"evidence\":{\"kind\":\"FORM_SUBMISSION\",\"summary\":\"form 42 submitted, IP and user agent kept in the ledger\","
                + "\"at\":\"2026-09-01T09:29:58Z\"}},"
                + "\"validity\":{\"from\":\"2026-09-01T09:29:58Z\",\"until\":\"2027-09-01T09:29:58Z\"},"
                + "\"offHoursSlot\":null,"
                + "\"chain\":{\"sequence\":1234,\"linkHash\":\"" + "ab".repeat(32) + "\"}}");
    }

    @Test
    void readsBackExactlyTheBytesItWrote() {
        ConsentReceipt tricky = receipt(State.GIVEN,
                new Slot(Instant.parse("2026-09-05T18:00:00Z"), Instant.parse("2026-09-05T18:30:00Z")),
                "Quote \" backslash \\ newline \n tab \t nul \u0000 del \u007f é 😀 \u2028");
        byte[] json = tricky.toJson();

        assertThat(ConsentReceipt.fromJson(json)).isEqualTo(tricky);
        assertThat(ConsentReceipt.fromJson(json).toJson()).isEqualTo(json);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("Quote \\\" backslash \\\\ newline \\n tab \\t nul \\u0000 del \u007f é 😀 \u2028");
    }

    @Test
    void refusesPayloadsThatAreNotExactlyAConsentReceipt() {
        String json = new String(GIVEN.toJson(), StandardCharsets.UTF_8);

        assertRefused(json.replace("\"version\":1", "\"version\":2"), "version");
        assertRefused(json.replace("consenti.consent-receipt", "consenti.screening-receipt"), "schema");
        assertRefused(json.replace("\"state\":\"GIVEN\"", "\"state\":\"PENDING\""), "state");
        assertRefused(json.replace("\"state\":\"GIVEN\",", ""), "missing member state");
        assertRefused(json.replace("{\"schema\"", "{\"extra\":1,\"schema\""), "unknown member extra");
        assertRefused(json.replace("\"language\":\"fr\"", "\"language\":\"fr\",\"url\":\"x\""), "notice.url");
        assertRefused(json.replace("\"sequence\":1234", "\"sequence\":\"1234\""), "chain.sequence");
        assertRefused(json.replace("2026-09-01T09:29:58Z\",\"evidence", "yesterday\",\"evidence"), "collection.collectedAt");
        assertRefused(json.replace("\"recordId\":\"0193a6f0-7c1e-7d2a-9b1e-2f4c5d6e7f80\"", "\"recordId\":null"), "recordId");
        assertRefused(json.replace("\"siren\":\"552100554\",", ""), "authorisedCallers[0].siren");
        assertRefused(json + " x", "JSON");
    }

    @Test
    void refusesReceiptsThatCannotBeTrue() {
        assertThatThrownBy(() -> new ConsentReceipt("id", Instant.EPOCH, State.GIVEN, "+33612345678",
                new Party("1", "a"), List.of(), List.of(), GIVEN.notice(), Channel.PAPER, Instant.EPOCH,
                GIVEN.evidence(), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), null, GIVEN.chain()))
                .hasMessageContaining("purpose");
        assertThatThrownBy(() -> new Notice("ABC", "fr")).hasMessageContaining("sha256");
        assertThatThrownBy(() -> new ChainPosition(0, "ab".repeat(32))).hasMessageContaining("sequence");
    }

    private static void assertRefused(String json, String naming) {
        assertThatThrownBy(() -> ConsentReceipt.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(naming);
    }
}
