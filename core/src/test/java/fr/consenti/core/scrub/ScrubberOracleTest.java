package fr.consenti.core.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scrubber against a slow, obvious implementation (a character-by-character CSV reader on a decoded String,
 * {@link NumberParser#parse}, {@link HashSet}s) over generated files of random rows in mixed forms, read through
 * a stream that returns random amounts so that records are cut at every kind of place.
 */
class ScrubberOracleTest {

    private static final long SEED = Long.getLong("scrub.seed", 20261129L);
    private static final int ROWS = Integer.getInteger("scrub.rows", 60_000);

    @ParameterizedTest
    @ValueSource(strings = {";", ",", "\t", ";|pipelined", ",|pipelined"})
    void keepsWhatTheSlowImplementationKeeps(String variant) throws IOException {
        char sep = variant.charAt(0);
        boolean pipelined = variant.endsWith("pipelined");
        SplittableRandom random = new SplittableRandom(SEED + sep);
        int[] pool = new int[ROWS / 2];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = (random.nextBoolean() ? 600_000_000 : 100_000_000) + random.nextInt(100_000_000);
        }
        Set<Integer> listed = new HashSet<>();
        int[] listedArray = new int[pool.length / 3];
        for (int i = 0; i < listedArray.length; i++) {
            listedArray[i] = pool[random.nextInt(pool.length)];
            listed.add(listedArray[i]);
        }
        String file = generate(random, sep, pool);
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream chunky = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(70_000)));
            }
        };
        ScrubReport report = new Scrubber(NumberScreen.optOut(NumberSet.of(listedArray), NumberSet.empty()),
                ScrubOptions.defaults().withPipelined(pipelined)).scrub(chunky, out);

        Expected expected = slowScrub(file, sep, listed);
        assertThat(report.format().separator()).isEqualTo(sep);
        assertThat(report.format().columnName()).isEqualTo("Téléphone");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.output);
        assertThat(report.rejections()).containsExactlyElementsOf(expected.rejections);
        assertThat(report.rowsRead()).isEqualTo(ROWS);
        assertThat(report.emptyLines()).isEqualTo(expected.emptyLines);
    }

    private static String generate(SplittableRandom random, char sep, int[] pool) {
        StringBuilder file = new StringBuilder();
        file.append("id").append(sep).append("nom").append(sep).append("Téléphone").append(sep).append("ville\r\n");
        for (int row = 0; row < ROWS; row++) {
            if (random.nextInt(50) == 0) {
                file.append(random.nextBoolean() ? "\n" : "\r\n");
            }
            String name = switch (random.nextInt(20)) {
                case 0 -> "\"Martin" + sep + " Jean\"";
                case 1 -> "\"Le \"\"Grand\"\"\nDupont\"";
                case 2 -> "\"\"";
                case 3 -> "Zoë Lefèvre";
                default -> "Nom" + random.nextInt(1000);
            };
            String phone = phone(random, pool, sep);
            file.append(row).append(sep).append(name).append(sep).append(phone).append(sep).append("Paris")
                    .append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        return file.toString();
    }

    private static String phone(SplittableRandom random, int[] pool, char sep) {
        int nsn = pool[random.nextInt(pool.length)];
        String digits = Integer.toString(nsn);
        return switch (random.nextInt(14)) {
            case 0 -> "0" + digits;
            case 1 -> "0" + digits.charAt(0) + " " + digits.substring(1, 3) + " " + digits.substring(3, 5) + " "
                    + digits.substring(5, 7) + " " + digits.substring(7);
            case 2 -> "0" + digits.charAt(0) + "." + digits.substring(1, 3) + "." + digits.substring(3, 5) + "."
                    + digits.substring(5, 7) + "." + digits.substring(7);
            case 3 -> "+33 " + digits.charAt(0) + " " + digits.substring(1);
            case 4 -> "0033" + digits;
            case 5 -> digits;                                  // Excel lost the zero
            case 6 -> "\"+33 (0)" + digits + "\"";              // quoted
            case 7 -> "0" + digits.substring(0, 4) + "\u00A0" + digits.substring(4);
            case 8 -> "08" + digits.substring(1);             // special rate
            case 9 -> random.nextBoolean() ? "3949" : "15";    // short numbers
            case 10 -> "0" + digits.substring(1);              // too short
            case 11 -> random.nextBoolean() ? "abc" : "";      // not a number
            case 12 -> "\"0" + digits + sep + "\"";            // a separator inside a quoted number
            default -> "+33" + digits;
        };
    }

    record Expected(String output, List<Rejection> rejections, long emptyLines) {
    }

    /** Reads the file the obvious way: one character at a time, Strings, sets of boxed Integers. */
    private static Expected slowScrub(String file, char sep, Set<Integer> listed) {
        StringBuilder output = new StringBuilder();
        List<Rejection> rejections = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        long emptyLines = 0;
        int line = 1;
        int i = 0;
        boolean header = true;
        while (i < file.length()) {
            int start = i;
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            while (i < file.length()) {
                char c = file.charAt(i++);
                if (quoted) {
                    if (c == '"' && i < file.length() && file.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else if (c == sep) {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                } else if (c == '\n') {
                    line++;
                    break;
                } else {
                    field.append(c);
                    fieldStart = false;
                }
            }
            fields.add(field.toString().replaceAll("\r$", ""));
            String raw = file.substring(start, i);
            if (raw.equals("\n") || raw.equals("\r\n")) {
                emptyLines++;
                continue;
            }
            if (header) {
                output.append(raw);
                header = false;
                continue;
            }
            String phone = fields.size() > 2 ? fields.get(2) : "";
            ParseOutcome outcome = NumberParser.parse(phone);
            ScrubReason reason = null;
            if (!(outcome instanceof FrenchNumber number)) {
                reason = ScrubReason.NUMBER_INVALID;
            } else if (!number.callable()) {
                reason = ScrubReason.NUMBER_NOT_CALLABLE;
            } else if (listed.contains(number.nsn())) {
                reason = ScrubReason.OPPOSITION_LIST;
            } else if (!seen.add(number.nsn())) {
                reason = ScrubReason.DUPLICATE;
            }
            if (reason == null) {
                output.append(raw);
            } else {
                rejections.add(new Rejection(startLine, reason, phone));
            }
        }
        return new Expected(output.toString(), rejections, emptyLines);
    }
}
