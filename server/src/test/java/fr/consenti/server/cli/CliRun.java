package fr.consenti.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command-line tool in the test's JVM and keeps what it printed on each stream. */
final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs the tool as {@code ./consenti} would, with every registered subcommand. */
    int run(String... args) {
        return run(ConsentiCli.commandLine(), args);
    }

    /** Runs a command built by the test (with a fixed clock, say). */
    int run(CommandLine cli, String... args) {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Forgets what was printed so far, for a second run in the same test. */
    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
