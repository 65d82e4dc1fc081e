package fr.consenti.core.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalEncoderTest {

    private final FieldCommitment commitment = new FieldCommitment(Ledger.KEY);
    private final CanonicalEncoder encoder = new CanonicalEncoder(commitment);

    @Test
    void pinsTheV1ByteFormat() {
        byte[] bytes = encoder.begin("t")
                .string("a", "b")
                .string("n", null)
                .number("l", 258)
                .bool("y", true)
                .strings("p", List.of("x"))
                .instant("i", Instant.parse("2026-08-11T00:00:00Z"))
                .toBytes();

        assertThat(Hex.encode(bytes)).isEqualTo("01" + "0000000174"
                + "0000000161" + "01" + "0000000162"
                + "000000016e" + "00"
                + "000000016c" + "02" + "0000000000000102"
                + "0000000179" + "04" + "01"
                + "0000000170" + "06" + "00000001" + "0000000178"
                + "0000000169" + "03" + "00000014" + Hex.encode("2026-08-11T00:00:00Z".getBytes()));
    }

    @Test
    void lengthPrefixesKeepFieldBoundaries() {
        byte[] abC = encoder.begin("t").string("f", "ab").string("g", "c").toBytes();
        byte[] aBc = encoder.begin("t").string("f", "a").string("g", "bc").toBytes();
        byte[] listAbC = encoder.begin("t").strings("f", List.of("ab", "c")).toBytes();
        byte[] listABc = encoder.begin("t").strings("f", List.of("a", "bc")).toBytes();

        assertThat(abC).isNotEqualTo(aBc);
        assertThat(listAbC).isNotEqualTo(listABc);
    }

    @Test
    void nullIsNotTheEmptyString() {
        assertThat(encoder.begin("t").string("f", null).toBytes())
                .isNotEqualTo(encoder.begin("t").string("f", "").toBytes());
        assertThat(encoder.begin("t").strings("f", null).toBytes())
                .isNotEqualTo(encoder.begin("t").strings("f", List.of()).toBytes());
    }

    @Test
    void recordTypeFieldNamesAndValueTypesAreAllSignificant() {
        assertThat(encoder.begin("consent").string("f", "1").toBytes())
                .isNotEqualTo(encoder.begin("audit").string("f", "1").toBytes())
                .isNotEqualTo(encoder.begin("consent").string("g", "1").toBytes())
                .isNotEqualTo(encoder.begin("consent").number("f", 1L).toBytes());
    }

    @Test
    void instantsAreIsoUtcWhateverTheirOrigin() {
        Instant fromOffset = java.time.OffsetDateTime.parse("2026-08-11T12:00:00+02:00").toInstant();

        assertThat(encoder.begin("t").instant("i", fromOffset).toBytes())
                .isEqualTo(encoder.begin("t").instant("i", Instant.parse("2026-08-11T10:00:00Z")).toBytes());
        assertThat(new String(encoder.begin("t").instant("i", Instant.parse("2026-08-11T10:00:00.000100Z")).toBytes()))
                .endsWith("2026-08-11T10:00:00.000100Z");
    }

    @Test
    void refusesNanosecondsTheDatabaseWouldDrop() {
        assertThatThrownBy(() -> encoder.begin("t").instant("i", Instant.parse("2026-08-11T10:00:00.000000001Z")))
                .hasMessageContaining("microseconds");
    }

    @Test
    void refusesLoneSurrogatesThatUtf8WouldTurnIntoQuestionMarks() {
        assertThatThrownBy(() -> encoder.begin("t").string("f", "\uD83D")).hasMessageContaining("surrogate");
        assertThat(encoder.begin("t").string("f", "😀").toBytes())
                .isEqualTo(encoder.begin("t").string("f", new String("😀".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.UTF_8)).toBytes());
        assertThat(Hex.encode(encoder.begin("t").string("f", "é😀").toBytes())).endsWith("00000006c3a9f09f9880");
    }

    @Test
    void aPersonalFieldEncodesAsItsCommitmentSoPurgingChangesNoByte() {
        byte[] full = encoder.begin("consent").personal("e164", "+33612345678").string("siren", "732829320").toBytes();
        byte[] purged = new CanonicalEncoder().begin("consent")
                .committed("e164", commitment.commit("+33612345678")).string("siren", "732829320").toBytes();

        assertThat(purged).isEqualTo(full);
        assertThat(new String(full, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("612345678");
    }

    @Test
    void commitmentsDependOnTheKeyAndTheValue() {
        byte[] a = commitment.commit("+33612345678");

        assertThat(a).hasSize(32).isEqualTo(commitment.commit("+33612345678"));
        assertThat(commitment.commit("+33612345679")).isNotEqualTo(a);
        assertThat(new FieldCommitment(new byte[32]).commit("+33612345678")).isNotEqualTo(a);
        assertThat(commitment.commit("")).isNotEqualTo(commitment.commit(" "));
    }

    @Test
    void aPersonalNullStaysNullBeforeAndAfterPurge() {
        assertThat(encoder.begin("t").personal("ip", null).toBytes())
                .isEqualTo(encoder.begin("t").committed("ip", null).toBytes())
                .isEqualTo(encoder.begin("t").string("ip", null).toBytes());
    }

    @Test
    void refusesMisuse() {
        assertThatThrownBy(() -> new CanonicalEncoder().begin("t").personal("e164", "+33612345678"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new CanonicalEncoder().string("a", "b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> encoder.begin("t").committed("e164", new byte[31])).hasMessageContaining("32");
        assertThatThrownBy(() -> encoder.begin("t").string("", "b")).hasMessageContaining("field name");
        assertThatThrownBy(() -> encoder.begin("t").strings("p", java.util.Arrays.asList("a", null)))
                .hasMessageContaining("null element");
        assertThatThrownBy(() -> new FieldCommitment(new byte[16])).hasMessageContaining("32 bytes");
    }

    @Test
    void growsPastItsInitialBuffer() {
        String big = "x".repeat(100_000);

        assertThat(encoder.begin("t").string("a", big).string("b", big).toBytes()).hasSize(1 + 5 + 2 * (5 + 1 + 4 + 100_000));
    }
}
