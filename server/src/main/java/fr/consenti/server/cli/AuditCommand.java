package fr.consenti.server.cli;

import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.server.audit.AuditChainCheck;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code consenti audit verify}: checks the audit log's hash chain in the database. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log.",
        subcommands = AuditCommand.Verify.class)
public final class AuditCommand {

    /** Exit code when the chain is broken. */
    static final int EXIT_BROKEN = 1;
    /** Exit code when the database cannot be read. */
    static final int EXIT_UNREADABLE = 3;

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-hashes every audit event in order and compares the end with the recorded head; "
                    + "names the first broken event.",
                    "Exit code 0 when the chain is intact, 1 when it is broken, 3 when the database cannot be read. "
                            + "The embedded H2 database can be read only while the server is stopped."})
    static final class Verify implements Callable<Integer> {

        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Spec
        CommandSpec spec;

        Map<String, String> env = System.getenv();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ChainVerdict verdict;
            try (Connection connection = database.connect(env)) {
                verdict = AuditChainCheck.verify(connection);
            } catch (SQLException | IllegalStateException | IllegalArgumentException e) {
                err.println("Cannot read the audit log at " + database.url(env) + ": " + e.getMessage());
                err.flush();
                return EXIT_UNREADABLE;
            }
            return switch (verdict) {
                case ChainVerdict.Intact intact -> {
                    out.println("Audit chain intact: " + intact.count() + " events, head " + intact.headSequence()
                            + " " + intact.headHash());
                    out.flush();
                    yield 0;
                }
                case ChainVerdict.Broken broken -> {
                    out.println("Audit chain BROKEN at event " + broken.sequence() + ": " + broken.kind()
                            + " (expected " + broken.expected() + ", found " + broken.actual() + ")");
                    out.flush();
                    yield EXIT_BROKEN;
                }
            };
        }
    }
}
