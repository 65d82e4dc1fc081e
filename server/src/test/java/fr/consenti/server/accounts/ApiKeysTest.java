package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void hashIsSha256InLowerCaseHex() {
        // FIPS 180-2 test vector.
        assertThat(ApiKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void matchesOnlyTheKeyWhoseHashIsStored() {
        String key = "ck_0123456789abcdefghijklmnop";
        StoredApiKey stored = new StoredApiKey(1, 1, ApiKeys.prefixOf(key), ApiKeys.sha256Hex(key), "demo",
                OffsetDateTime.now(), null, null);

        assertThat(ApiKeys.matches(stored, key)).isTrue();
        assertThat(ApiKeys.matches(stored, key + "x")).isFalse();
        assertThat(stored.prefix()).isEqualTo("ck_012345678");
    }

    @Test
    void keysMustBeLongAndPlain() {
        assertThatNoException().isThrownBy(() -> ApiKeys.requireWellFormed("ck_0123456789abcdefghijklm"));
        assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.requireWellFormed("ck_short"));
        assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.requireWellFormed("ck_0123456789 abcdefghijklm"));
        assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.requireWellFormed(null));
    }
}
