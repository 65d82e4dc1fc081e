package fr.consenti.server.cli;

import fr.consenti.core.calendar.CalendarVerdict;
import fr.consenti.core.calendar.CalleeLocation;
import fr.consenti.core.calendar.CallingCalendar;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code consenti when <number>...}: whether the legal days and hours allow a call to each number at an instant. */
@Command(name = "when", mixinStandardHelpOptions = true,
        description = {
                "Says whether the legal days and hours (C. consom. D223-9: Monday to Friday, 10:00-13:00 and "
                        + "14:00-20:00 at the callee, never on a public holiday) allow a call to each number, and "
                        + "if not, why and from when.",
                "Only the calendar: consent, the opposition list and the other rules are not checked here.",
                "Exit code 0, or 2 when a number does not parse."})
public final class WhenCommand implements Callable<Integer> {

    private static final ZoneId PLAN_ZONE = ZoneId.of("Europe/Paris");

    @Parameters(arity = "1..*", paramLabel = "<number>", description = "French numbers, in any usual form.")
    List<String> numbers;

    @Option(names = "--at", paramLabel = "<instant>", converter = InstantConverter.class,
            description = "ISO-8601 instant, in UTC or with an offset (2026-04-03T18:00:00Z, "
                    + "2026-04-03T20:00:00+02:00); now by default.")
    Instant at;

    @Option(names = "--departement", paramLabel = "<code>",
            description = "The callee's département from their address (57, 67, 68 for Alsace-Moselle, 971-978 "
                    + "overseas); wins over the number's territory.")
    String departement;

    @Option(names = "--tsv", description = "One line per number: e164, OPEN|CLOSED, reason or -, next allowed "
            + "instant in the callee's local time, the same in UTC; or input, ERROR, code, message.")
    boolean tsv;

    @Spec
    CommandSpec spec;

    private final Clock clock;
    private final CallingCalendar calendar;

    public WhenCommand() {
        this(Clock.systemUTC(), new CallingCalendar());
    }

    WhenCommand(Clock clock, CallingCalendar calendar) {
        this.clock = clock;
        this.calendar = calendar;
    }

    @Override
    public Integer call() {
        // Whole seconds for now: window edges fall on whole seconds, so the verdict is the same and easier to read.
        Instant instant = at != null ? at : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // The numbering plan of the day of the call, as the parser dates its ranges in Paris.
        LocalDate planDate = LocalDate.ofInstant(instant, PLAN_ZONE);
        int exit = 0;
        for (String input : numbers) {
            ParseOutcome outcome = NumberParser.parse(input, planDate);
            switch (outcome) {
                case NumberError error -> {
                    // As `number --tsv` does: a row for every input keeps the output aligned with the input.
                    if (tsv) {
                        out.printf("%s\tERROR\t%s\t%s%n", input, error.code(), error.message());
                    } else {
                        err.printf("%s: %s (%s)%n", input, error.message(), error.code());
                    }
                    exit = ConsentiCli.EXIT_BAD_INPUT;
                }
                case FrenchNumber number -> {
                    CalleeLocation where = CalleeLocation.of(number.territory(), departement);
                    print(out, number, where, instant, calendar.check(instant, where));
                }
            }
        }
        out.flush();
        err.flush();
        return exit;
    }

    private void print(PrintWriter out, FrenchNumber number, CalleeLocation where, Instant instant,
                       CalendarVerdict verdict) {
        Instant next = switch (verdict) {
            case CalendarVerdict.Open open -> instant;
            case CalendarVerdict.Closed closed -> closed.nextOpen();
        };
        String nextLocal = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(next.atZone(where.zone()));
        if (tsv) {
            String reason = verdict instanceof CalendarVerdict.Closed closed ? closed.reason().name() : "-";
            String state = verdict instanceof CalendarVerdict.Open ? "OPEN" : "CLOSED";
            out.printf("%s\t%s\t%s\t%s\t%s%n", number.e164(), state, reason, nextLocal, next);
            return;
        }
        String local = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(where.zone()));
        String callable = number.callable() ? "" : " (never callable: " + number.kind() + " number)";
        switch (verdict) {
            case CalendarVerdict.Open open -> out.printf("%s: open at %s in %s (%s holidays)%s%n",
                    number.e164(), local, where.zone(), where.holidays(), callable);
            case CalendarVerdict.Closed closed -> out.printf(
                    "%s: closed at %s in %s (%s holidays): %s; next allowed %s (%s)%s%n",
                    number.e164(), local, where.zone(), where.holidays(), closed.reason(), nextLocal, next, callable);
        }
    }

    /** An instant in UTC ({@code …Z}) or with an offset ({@code …+02:00}). */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(
                        "not an ISO-8601 instant with an offset or Z (e.g. 2026-04-03T18:00:00Z): " + value);
            }
        }
    }
}
