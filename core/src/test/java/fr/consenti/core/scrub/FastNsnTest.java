package fr.consenti.core.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.number.NumberParser;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastNsnTest {

    private static final String[] PIECES = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "06", "07", "08", "33",
        "+33", "+", "0033", "+262", " ", ".", "-", "(0)", "\u00A0", "a", "\t", "612345678", "0612345678", "3949"};

    @Test
    void returnsWhatParseNsnReturnsOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(20261129L);
        for (int round = 0; round < 500_000; round++) {
            StringBuilder input = new StringBuilder();
            int pieces = random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                input.append(PIECES[random.nextInt(PIECES.length)]);
            }
            check(input.toString());
        }
    }

    @Test
    void returnsWhatParseNsnReturnsOnEveryFormOfRandomNumbers() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int round = 0; round < 200_000; round++) {
            String digits = Integer.toString(100_000_000 + random.nextInt(900_000_000));
            String spaced = digits.charAt(0) + " " + digits.substring(1, 3) + " " + digits.substring(3, 5) + " "
                    + digits.substring(5, 7) + " " + digits.substring(7);
            for (String input : new String[] {"0" + digits, digits, "+33" + digits, "+33 " + spaced, "0" + spaced,
                "0" + spaced.replace(' ', '.'), "0" + spaced.replace(' ', '-'), "00" + digits, "0033" + digits,
                "+330" + digits, digits.substring(1), "0" + digits + "1", "+33" + digits.substring(1),
                "+3" + digits, " 0" + digits + " "}) {
                check(input);
            }
        }
    }

    private static void check(String input) {
        byte[] bytes = ("x" + input + "y").getBytes(StandardCharsets.UTF_8);
        int to = bytes.length - 1;
        assertThat(FastNsn.parse(bytes, 1, to)).as(input).isEqualTo(NumberParser.parseNsn(bytes, 1, to));
    }
}
