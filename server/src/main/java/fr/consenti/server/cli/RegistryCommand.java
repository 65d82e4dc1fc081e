package fr.consenti.server.cli;

import fr.consenti.server.scrub.RegistrySnapshotImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Period;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code consenti registry import <file>}: the operator's full snapshot of the opposition list, into the database. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "The opposition list (Bloctel).",
        subcommands = RegistryCommand.Import.class)
public final class RegistryCommand implements Callable<Integer> {

    /** Exit code when some lines were bad (the good ones were imported). */
    static final int EXIT_BAD_LINES = 1;
    /** Exit code when the file or the database cannot be read (nothing was imported). */
    static final int EXIT_UNREADABLE = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ConsentiCli.EXIT_BAD_INPUT;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Imports a full snapshot of the opposition list: CSV lines number;registered_at (header "
                    + "optional, UTF-8), e.g. 0612345678;2024-03-01T10:15:00+01:00 or 06 12 34 56 78;2024-03-01.",
                    "Numbers absent from the snapshot that an earlier import listed are removed; new ones are listed, "
                            + "effective --effective-delay after registration, for a term of --term renewed tacitly; "
                            + "every change goes to the change feed so that running servers follow. One transaction: "
                            + "all of it or nothing. COPY on PostgreSQL, batched inserts on H2 (stop the server first: "
                            + "H2 opens a file once).",
                    "Bad lines are listed with their line number; the good ones are imported.",
                    "Exit code 0 when every line was good, 1 when some were bad, 2 for a bad option, 3 when the file "
                            + "or the database cannot be read."})
    static final class Import implements Callable<Integer> {

        @Parameters(paramLabel = "<file>", description = "The snapshot, CSV number;registered_at.")
        Path file;

        @Option(names = "--effective-delay", defaultValue = "P30D",
                description = "From registration to effect (RULES.md §8: at most 30 days). Default P30D.")
        Period effectiveDelay;

        @Option(names = "--term", defaultValue = "P3Y", description = "The term of a registration. Default P3Y.")
        Period term;

        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Spec
        CommandSpec spec;

        Map<String, String> env = System.getenv();
        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RegistrySnapshotImport importer;
            try {
                importer = new RegistrySnapshotImport(effectiveDelay, term);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.flush();
                return ConsentiCli.EXIT_BAD_INPUT;
            }
            RegistrySnapshotImport.Result result;
            try (InputStream in = Files.newInputStream(file);
                 Connection connection = database.connect(env)) {
                result = importer.run(connection, in, clock.instant());
            } catch (NoSuchFileException e) {
                err.println("No such file: " + file);
                err.flush();
                return EXIT_UNREADABLE;
            } catch (IOException e) {
                err.println("Cannot read " + file + ": " + e.getMessage());
                err.flush();
                return EXIT_UNREADABLE;
            } catch (SQLException e) {
                err.println("Nothing imported: the database at " + database.url(env) + " failed: " + e.getMessage());
                err.flush();
                return EXIT_UNREADABLE;
            }
            for (RegistrySnapshotImport.LineError error : result.errors()) {
                err.println("line " + error.line() + ": " + error.message());
            }
            if (result.bad() > result.errors().size()) {
                err.println("... and " + (result.bad() - result.errors().size()) + " more bad lines");
            }
            out.println("Imported " + file.getFileName() + " (" + result.method() + "): " + result.lines() + " lines, "
                    + result.good() + " good, " + result.bad() + " bad, " + result.duplicates() + " repeated; "
                    + result.added() + " numbers listed, " + result.removed() + " removed, " + result.unchanged()
                    + " already listed.");
            out.flush();
            err.flush();
            return result.bad() > 0 ? EXIT_BAD_LINES : 0;
        }
    }
}
