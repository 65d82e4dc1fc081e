package fr.consenti.bench.number;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Numbers parsed per second: Consenti's hot path (bytes and chars), its {@code parse} to a {@link FrenchNumber}
 * and E.164, and libphonenumber's {@code parse} + {@code format(E164)} as the baseline, over the same fixed mix of
 * the forms call files hold.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class NumberParsingBenchmark {

    static final int INPUTS = 4096;

    private final PhoneNumberUtil libphonenumber = PhoneNumberUtil.getInstance();
    private String[] inputs;
    private byte[] buffer;
    private int[] starts;
    private int[] ends;

    @Setup
    public void setUp() {
        inputs = inputs(INPUTS, 20261129L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        starts = new int[INPUTS];
        ends = new int[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            starts[i] = bytes.size();
            bytes.writeBytes(inputs[i].getBytes(StandardCharsets.UTF_8));
            ends[i] = bytes.size();
            bytes.write('\n');
        }
        buffer = bytes.toByteArray();
        // Every input must parse, or the figures would compare different work.
        for (String input : inputs) {
            if (!(NumberParser.parse(input) instanceof FrenchNumber)) {
                throw new IllegalStateException("benchmark input does not parse: " + input);
            }
        }
    }

    /** A fixed mix, mostly mobiles, of the forms RULES.md §6 lists, overseas numbers included. */
    static String[] inputs(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] prefixes = {"06", "06", "06", "07", "07", "01", "02", "03", "04", "05", "09", "0692", "0690",
                "0696", "0594", "0269"};
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            String prefix = prefixes[random.nextInt(prefixes.length)];
            StringBuilder national = new StringBuilder(prefix);
            if (prefix.equals("07")) {
                national.append(3 + random.nextInt(7));
            }
            while (national.length() < 10) {
                national.append((char) ('0' + random.nextInt(10)));
            }
            String n = national.toString();
            String nsn = n.substring(1);
            String cc = switch (prefix) {
                case "0692", "0269" -> "262";
                case "0690" -> "590";
                case "0696" -> "596";
                case "0594" -> "594";
                default -> "33";
            };
            out[i] = switch (random.nextInt(8)) {
                case 0 -> n;
                case 1 -> pairs(n, " ");
                case 2 -> pairs(n, ".");
                case 3 -> "+" + cc + " " + nsn.charAt(0) + " " + pairs(nsn.substring(1), " ");
                case 4 -> "+" + cc + nsn;
                case 5 -> "00" + cc + nsn;
                case 6 -> nsn; // Excel's lost leading zero
                default -> pairs(n, "\u00A0");
            };
        }
        return out;
    }

    private static String pairs(String digits, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 2) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(digits, i, Math.min(i + 2, digits.length()));
        }
        return out.toString();
    }

    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public long hotPathBytes() {
        long sum = 0;
        for (int i = 0; i < INPUTS; i++) {
            sum += NumberParser.parseNsn(buffer, starts[i], ends[i]);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public long hotPathChars() {
        long sum = 0;
        for (int i = 0; i < INPUTS; i++) {
            sum += NumberParser.parseNsn(inputs[i]);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void parseToE164(Blackhole blackhole) {
        for (int i = 0; i < INPUTS; i++) {
            ParseOutcome outcome = NumberParser.parse(inputs[i]);
            blackhole.consume(outcome instanceof FrenchNumber number ? number.e164() : outcome);
        }
    }

    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void libphonenumberParseToE164(Blackhole blackhole) throws NumberParseException {
        for (int i = 0; i < INPUTS; i++) {
            blackhole.consume(libphonenumber.format(libphonenumber.parse(inputs[i], "FR"), PhoneNumberFormat.E164));
        }
    }
}
