package fr.consenti.server.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be, after NIST SP 800-63B: long rather than complicated (12 to 128 characters, any
 * characters, spaces welcome), not the email address nor built on it, not a well-known password, not one
 * character repeated. Returns message keys, so the page says each problem in the visitor's language.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    /** A few of the most common passwords of 12 characters or more; a breached-password list would do better. */
    private static final Set<String> COMMON = Set.of("123456789012", "1234567890123", "12345678910111213",
            "motdepasse123", "motdepasse1234", "azertyuiop12", "azertyuiop123", "qwertyuiop12", "qwertyuiop123",
            "password1234", "password12345", "passwordpassword", "iloveyou1234", "123456789azerty", "azerty123456",
            "qwerty123456", "000000000000", "111111111111", "abcdefghijkl", "soleil123456", "bonjour12345");

    private PasswordPolicy() {
    }

    static List<String> problems(String email, String password) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            problems.add("password.tooShort");
            return problems;
        }
        if (password.length() > MAX_LENGTH) {
            problems.add("password.tooLong");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String local = email == null ? "" : People.normaliseEmail(email).split("@", 2)[0];
        if (local.length() >= 4 && lower.contains(local)) {
            problems.add("password.containsEmail");
        }
        if (COMMON.contains(lower) || lower.chars().distinct().count() <= 2) {
            problems.add("password.common");
        }
        return problems;
    }
}
