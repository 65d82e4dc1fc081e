package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.calendar.CallingCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WhenCommandTest {

    private final CliRun tool = new CliRun();

    private int run(String... args) {
        return tool.run(args);
    }

    private int run(CommandLine cli, String... args) {
        return tool.run(cli, args);
    }

    @Test
    void readsNowToTheSecond() {
        Clock tuesday = Clock.fixed(Instant.parse("2025-06-03T10:00:00.987654321Z"), ZoneOffset.UTC);
        CommandLine cli = new CommandLine(new WhenCommand(tuesday, new CallingCalendar()));

        run(cli, "--tsv", "0612345678");

        assertThat(tool.out()).isEqualTo("+33612345678\tOPEN\t-\t2025-06-03T12:00:00+02:00\t2025-06-03T10:00:00Z\n");
    }

    @Test
    void isRegisteredAsASubcommandOfTheTool() {
        assertThat(ConsentiCli.isSubcommand(new String[] {"when", "0612345678"})).isTrue();
    }

    @Test
    void printsOneTsvLinePerNumberWithTheReasonAndTheNextAllowedInstantLocalAndUtc() {
        // Tuesday 3 June 2025, noon in Paris: open in Paris, 06:00 in Martinique, 14:00 in Réunion (lunch break).
        int exit = run("when", "--tsv", "--at", "2025-06-03T10:00:00Z",
                "06 12 34 56 78", "0696 12 34 56", "+262 692 12 34 56");

        assertThat(exit).isZero();
        assertThat(tool.out()).isEqualTo(String.join("\n",
                "+33612345678\tOPEN\t-\t2025-06-03T12:00:00+02:00\t2025-06-03T10:00:00Z",
                "+596696123456\tCLOSED\tOUTSIDE_HOURS\t2025-06-03T10:00:00-04:00\t2025-06-03T14:00:00Z",
                "+262692123456\tOPEN\t-\t2025-06-03T14:00:00+04:00\t2025-06-03T10:00:00Z",
                ""));
        assertThat(tool.err()).isEmpty();
    }

    @Test
    void namesThePublicHolidayAndTheTuesdayAfterEasterMondayFromFridayEvening() {
        int exit = run("when", "--tsv", "--at", "2026-04-03T20:00:00+02:00", "0123456789");

        assertThat(exit).isZero();
        assertThat(tool.out())
                .isEqualTo("+33123456789\tCLOSED\tOUTSIDE_HOURS\t2026-04-07T10:00:00+02:00\t2026-04-07T08:00:00Z\n");
    }

    @Test
    void appliesAlsaceMoselleHolidaysWhenTheAddressSaysSo() {
        // Good Friday 3 April 2026, 11:00 in Strasbourg.
        run("when", "--tsv", "--departement", "67", "--at", "2026-04-03T09:00:00Z", "0388123456");

        assertThat(tool.out())
                .isEqualTo("+33388123456\tCLOSED\tPUBLIC_HOLIDAY\t2026-04-07T10:00:00+02:00\t2026-04-07T08:00:00Z\n");
    }

    @Test
    void saysInWordsWhyAndUntilWhenACallIsNotAllowed() {
        int exit = run("when", "--at", "2026-08-15T09:00:00Z", "0612345678");

        assertThat(exit).isZero();
        assertThat(tool.out()).contains("+33612345678", "closed", "NOT_A_WORKING_DAY",
                "2026-08-17T10:00:00+02:00", "2026-08-17T08:00:00Z", "Europe/Paris");
    }

    @Test
    void exitsWithTwoAndNamesTheInputWhenANumberDoesNotParseButStillAnswersTheOthers() {
        int exit = run("when", "--at", "2025-06-03T10:00:00Z", "06 12", "0612345678");

        assertThat(exit).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(tool.err()).startsWith("06 12: ").contains("TOO_SHORT");
        assertThat(tool.out()).startsWith("+33612345678: open at 2025-06-03T12:00:00+02:00");
    }

    @Test
    void writesAnErrorRowInTsvSoThatRowsStayAlignedWithTheInputs() {
        int exit = run("when", "--tsv", "--at", "2025-06-03T10:00:00Z", "06 12", "0612345678");

        assertThat(exit).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(tool.out().split("\n")).satisfiesExactly(
                row -> assertThat(row).startsWith("06 12\tERROR\tTOO_SHORT\t"),
                row -> assertThat(row).isEqualTo("+33612345678\tOPEN\t-\t2025-06-03T12:00:00+02:00\t2025-06-03T10:00:00Z"));
    }

    @Test
    void takesTheOptionsAfterTheNumbersAsTheReadmeShows() {
        // Tuesday 1 December 2026, 11:30 UTC: 12:30 in Paris, 07:30 in Martinique.
        int exit = run("when", "0612345678", "0696123456", "--at", "2026-12-01T11:30:00Z", "--tsv");

        assertThat(exit).isZero();
        assertThat(tool.out()).isEqualTo(String.join("\n",
                "+33612345678\tOPEN\t-\t2026-12-01T12:30:00+01:00\t2026-12-01T11:30:00Z",
                "+596696123456\tCLOSED\tOUTSIDE_HOURS\t2026-12-01T10:00:00-04:00\t2026-12-01T14:00:00Z",
                ""));
    }

    @Test
    void exitsWithTwoOnAnInstantThatIsNotIso8601() {
        int exit = run("when", "--at", "tomorrow", "0612345678");

        assertThat(exit).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(tool.err()).contains("tomorrow");
        assertThat(tool.out()).isEmpty();
    }

    @Test
    void answersForNowFromTheClockWithoutAnInstant() {
        Clock saturday = Clock.fixed(Instant.parse("2025-06-14T10:00:00.123456789Z"), ZoneOffset.UTC);
        CommandLine cli = new CommandLine(new WhenCommand(saturday, new CallingCalendar()));

        int exit = run(cli, "--tsv", "0612345678");

        assertThat(exit).isZero();
        assertThat(tool.out())
                .isEqualTo("+33612345678\tCLOSED\tNOT_A_WORKING_DAY\t2025-06-16T10:00:00+02:00\t2025-06-16T08:00:00Z\n");
    }
}
