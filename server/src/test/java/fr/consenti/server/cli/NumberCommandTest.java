package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NumberCommandTest {

    private final CliRun tool = new CliRun();

    private int run(String... args) {
        return tool.run(args);
    }

    private int run(CommandLine cli, String... args) {
        return tool.run(cli, args);
    }

    @Test
    void isRegisteredAsASubcommandOfTheTool() {
        assertThat(ConsentiCli.isSubcommand(new String[] {"number", "0612345678"})).isTrue();
    }

    @Test
    void printsOneTsvLinePerInputWithTerritoryKindZoneCallableAndNpv() {
        int exit = run("number", "--tsv", "--date", "2026-06-01",
                "06 12 34 56 78", "+262 692 12 34 56", "0800123456", "01 62 12 34 56", "3949");

        assertThat(exit).isZero();
        assertThat(tool.out()).isEqualTo(String.join("\n",
                "06 12 34 56 78\t+33612345678\tMETROPOLE\tMOBILE\tEurope/Paris\tyes\tno",
                "+262 692 12 34 56\t+262692123456\tREUNION\tMOBILE\tIndian/Reunion\tyes\tno",
                "0800123456\t+33800123456\tMETROPOLE\tSPECIAL_RATE\tEurope/Paris\tno\tno",
                "01 62 12 34 56\t+33162123456\tMETROPOLE\tGEOGRAPHIC\tEurope/Paris\tyes\tyes",
                "3949\t3949\tMETROPOLE\tSHORT\tEurope/Paris\tno\tno",
                ""));
        assertThat(tool.err()).isEmpty();
    }

    @Test
    void printsErrorLinesAndExitsWithBadInputWhenAnInputDoesNotParse() {
        int exit = run("number", "--tsv", "612345678", "+32 470 12 34 56", "06 12 34", "06 12 34 56 7x");

        assertThat(exit).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(tool.out().lines()).containsExactly(
                "612345678\t+33612345678\tMETROPOLE\tMOBILE\tEurope/Paris\tyes\tno",
                "+32 470 12 34 56\tERROR\tFOREIGN_COUNTRY\tinternational number of another country than France",
                "06 12 34\tERROR\tTOO_SHORT\t6 digits: too short for a French number in this form, and not a short "
                        + "number",
                "06 12 34 56 7x\tERROR\tLETTERS\tcontains letters");
    }

    @Test
    void keepsAnInputWithTabsInOneTsvColumn() {
        int exit = run("number", "--tsv", "06\t12\t34\t56\t78");

        assertThat(exit).isZero();
        assertThat(tool.out()).isEqualTo("06\\t12\\t34\\t56\\t78\t+33612345678\tMETROPOLE\tMOBILE\tEurope/Paris\tyes\tno\n");
    }

    @Test
    void printsAHumanLinePerInputByDefault() {
        int exit = run("number", "--date", "2026-06-01", "0692 12 34 56", "+33 (0)1 62 12 34 56", "17", "0712345678");

        assertThat(exit).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(tool.out().lines()).containsExactly(
                "\"0692 12 34 56\": +262692123456 (0692123456), mobile in La Réunion, time zone Indian/Reunion, "
                        + "may be called, not an NPV caller ID",
                "\"+33 (0)1 62 12 34 56\": +33162123456 (0162123456), geographic in metropolitan France, time zone "
                        + "Europe/Paris, may be called, verified caller-ID number (NPV)",
                "\"17\": short number 17, never called",
                "\"0712345678\": not a French number: not a range of the French numbering plan (UNKNOWN_PREFIX)");
    }

    @Test
    void datesTheNpvStatusOnTodayInParisByDefault() {
        // 2025-12-31T23:30Z is already 2026-01-01 in Paris, the day 05987 became an NPV range.
        Clock newYearInParis = Clock.fixed(Instant.parse("2025-12-31T23:30:00Z"), ZoneOffset.UTC);
        int exit = run(new CommandLine(new NumberCommand(newYearInParis)), "--tsv", "0598712345");
        assertThat(exit).isZero();
        assertThat(tool.out()).endsWith("\tyes\tyes\n");

        tool.clear();
        Clock newYearsEveInParis = Clock.fixed(Instant.parse("2025-12-31T22:30:00Z"), ZoneOffset.UTC);
        run(new CommandLine(new NumberCommand(newYearsEveInParis)), "--tsv", "0598712345");
        assertThat(tool.out()).isEqualTo(
                "0598712345\t+590598712345\tGUADELOUPE\tGEOGRAPHIC\tAmerica/Guadeloupe\tyes\tno\n");
    }

    @Test
    void treatsAMissingInputAsBadInput() {
        assertThat(run("number")).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(tool.err()).contains("<input>");
    }
}
