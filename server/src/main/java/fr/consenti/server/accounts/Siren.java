package fr.consenti.server.accounts;

import java.util.Objects;

/** A French company number: 9 digits whose Luhn check holds (INSEE). */
public record Siren(String value) {

    public Siren {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a SIREN (9 digits with a valid Luhn check): " + value);
        }
    }

    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            // Luhn from the right: the rightmost digit counts once, the next one doubled, and so on.
            if ((8 - i) % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
