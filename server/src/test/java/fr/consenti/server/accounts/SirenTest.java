package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SirenTest {

    @Test
    void acceptsRealSirens() {
        assertThat(Siren.isValid("732829320")).isTrue();
        assertThat(Siren.isValid("552100554")).isTrue();
        assertThat(Siren.isValid("542065479")).isTrue();
    }

    @Test
    void refusesAWrongCheckOrShape() {
        assertThat(Siren.isValid("732829321")).isFalse();
        assertThat(Siren.isValid("73282932")).isFalse();
        assertThat(Siren.isValid("7328293200")).isFalse();
        assertThat(Siren.isValid("73282932A")).isFalse();
        assertThat(Siren.isValid("732 829 320")).isFalse();
        assertThat(Siren.isValid(null)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new Siren("123456789"));
    }

    /** Luhn catches every single-digit error: the point of the check. Every position, every other digit. */
    @Test
    void changingOneDigitBreaksTheCheck() {
        for (int position = 0; position < 9; position++) {
            for (int shift = 1; shift <= 9; shift++) {
                char[] digits = "732829320".toCharArray();
                digits[position] = (char) ('0' + (digits[position] - '0' + shift) % 10);

                assertThat(Siren.isValid(new String(digits))).as("position %d shifted by %d", position, shift).isFalse();
            }
        }
    }
}
