package fr.consenti.server.cli;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberKind;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import fr.consenti.core.number.Territory;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code consenti number <input>...}: parses each input as a French number and says what it is. */
@Command(name = "number", mixinStandardHelpOptions = true,
        description = {
                "Parses each input as a French phone number, in any usual form (spaces, dots, dashes, +33 (0)6…, "
                        + "0033…, a lost leading zero, overseas +262/+590/+594/+596), and prints its E.164 form, "
                        + "territory, kind, time zone, whether it may be called, whether it is a verified "
                        + "caller-ID (NPV) number.",
                "Exit code 0 when every input parsed, 2 otherwise."})
public final class NumberCommand implements Callable<Integer> {

    private static final ZoneId PLAN_ZONE = ZoneId.of("Europe/Paris");

    @Parameters(arity = "1..*", paramLabel = "<input>", description = "Numbers as written, one argument each.")
    List<String> inputs;

    @Option(names = "--tsv", description = "One line per input: input, e164, territory, kind, timezone, "
            + "callable (yes|no), npv (yes|no); or input, ERROR, code, message. Tab-separated; a tab, newline or "
            + "backslash inside an input is written \\t, \\n, \\r, \\\\.")
    boolean tsv;

    @Option(names = "--date", paramLabel = "<yyyy-mm-dd>",
            description = "Date of the numbering plan for the NPV status (the 2026 NPV ranges count from "
                    + "2026-01-01); today in Paris by default.")
    LocalDate date;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public NumberCommand() {
        this(Clock.systemUTC());
    }

    NumberCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalDate planDate = date != null ? date : LocalDate.now(clock.withZone(PLAN_ZONE));
        boolean allParsed = true;
        for (String input : inputs) {
            ParseOutcome outcome = NumberParser.parse(input, planDate);
            allParsed &= outcome instanceof FrenchNumber;
            out.println(tsv ? tsvLine(input, outcome) : humanLine(input, outcome));
        }
        out.flush();
        return allParsed ? 0 : ConsentiCli.EXIT_BAD_INPUT;
    }

    private static String tsvLine(String input, ParseOutcome outcome) {
        return switch (outcome) {
            case FrenchNumber n -> String.join("\t", escape(input), n.e164(), n.territory().name(), n.kind().name(),
                    n.zone().getId(), yesNo(n.callable()), yesNo(n.npv()));
            case NumberError e -> String.join("\t", escape(input), "ERROR", e.code().name(), e.message());
        };
    }

    private static String humanLine(String input, ParseOutcome outcome) {
        String quoted = "\"" + input.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "\"";
        return switch (outcome) {
            case FrenchNumber n when n.kind() == NumberKind.SHORT ->
                    quoted + ": short number " + n.shortCode() + ", never called";
            case FrenchNumber n -> quoted + ": " + n.e164() + " (" + n.national() + "), " + describe(n.kind())
                    + " in " + describe(n.territory()) + ", time zone " + n.zone().getId() + ", "
                    + (n.callable() ? "may be called" : "never called") + ", "
                    + (n.npv() ? "verified caller-ID number (NPV)" : "not an NPV caller ID");
            case NumberError e -> quoted + ": not a French number: " + e.message() + " (" + e.code().name() + ")";
        };
    }

    private static String describe(NumberKind kind) {
        return switch (kind) {
            case MOBILE -> "mobile";
            case GEOGRAPHIC -> "geographic";
            case VOIP -> "VoIP";
            case SPECIAL_RATE -> "special-rate";
            case M2M -> "machine-to-machine";
            case SHORT -> "short";
        };
    }

    private static String describe(Territory territory) {
        return switch (territory) {
            case METROPOLE -> "metropolitan France";
            case GUADELOUPE -> "Guadeloupe";
            case MARTINIQUE -> "Martinique";
            case GUYANE -> "Guyane";
            case REUNION -> "La Réunion";
            case MAYOTTE -> "Mayotte";
        };
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** Keeps one input in one TSV column, whatever it holds. */
    private static String escape(String input) {
        StringBuilder out = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\\' -> out.append("\\\\");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
