package fr.consenti.server.cli;

import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.core.proof.FieldCommitment;
import fr.consenti.server.consent.LedgerKeys;
import fr.consenti.server.consent.LedgerVerification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code consenti consents verify}: checks the consent ledger's hash chain in the database, without the server. */
@Command(name = "consents", mixinStandardHelpOptions = true,
        description = "The consent ledger.",
        subcommands = ConsentsCommand.Verify.class)
public final class ConsentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ConsentiCli.EXIT_BAD_INPUT;
    }

    /** Exit code when the ledger does not verify. */
    public static final int EXIT_BROKEN = 1;

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {
                    "Walks the whole consent ledger in sequence order, recomputes every link hash and checks that "
                            + "the chain reaches its recorded head; names the first broken row and its consent.",
                    "Reads the database of the server's settings: CONSENTI_DB_URL, CONSENTI_DB_USER, "
                            + "CONSENTI_DB_PASSWORD, else the H2 file in CONSENTI_DATA (./data by default; stop the "
                            + "server first, H2 opens a file once). The commitment key is "
                            + "CONSENTI_LEDGER_COMMITMENT_KEY or the one the server stored in the database.",
                    "Exit code 0 when the chain is intact, 1 when it is broken, 2 when the database cannot be read."})
    static final class Verify implements Callable<Integer> {

        @Option(names = "--db-url", paramLabel = "<jdbc url>", defaultValue = "${env:CONSENTI_DB_URL}",
                description = "JDBC URL (default: CONSENTI_DB_URL, else the H2 file in CONSENTI_DATA).")
        String url;

        @Option(names = "--db-user", defaultValue = "${env:CONSENTI_DB_USER}", description = "Default: CONSENTI_DB_USER, else sa.")
        String user;

        @Option(names = "--db-password", defaultValue = "${env:CONSENTI_DB_PASSWORD}",
                description = "Default: CONSENTI_DB_PASSWORD, else empty.")
        String password;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String jdbcUrl = url == null || url.isBlank() ? h2Url() : url;
            try (Connection connection = connect(jdbcUrl, user == null ? "sa" : user, password == null ? "" : password)) {
                FieldCommitment commitment = new FieldCommitment(Base64.getDecoder().decode(commitmentKey(connection)));
                LedgerVerification.Result result = LedgerVerification.verify(connection, commitment);
                return switch (result.verdict()) {
                    case ChainVerdict.Intact intact -> {
                        out.println("Consent ledger intact: " + intact.count() + " events, head at sequence "
                                + intact.headSequence() + " with hash " + intact.headHash() + ".");
                        yield 0;
                    }
                    case ChainVerdict.Broken broken -> {
                        out.println("Consent ledger BROKEN at sequence " + broken.sequence()
                                + result.brokenConsent().map(id -> " (consent " + id + ")").orElse("") + ": "
                                + broken.kind() + ", expected " + broken.expected() + ", found " + broken.actual()
                                + ".");
                        yield EXIT_BROKEN;
                    }
                };
            } catch (SQLException | IllegalStateException | IllegalArgumentException e) {
                err.println("Cannot read the consent ledger at " + jdbcUrl + ": " + e.getMessage());
                return ConsentiCli.EXIT_BAD_INPUT;
            } finally {
                out.flush();
                err.flush();
            }
        }

        private static String commitmentKey(Connection connection) throws SQLException {
            String configured = System.getenv("CONSENTI_LEDGER_COMMITMENT_KEY");
            if (configured != null && !configured.isBlank()) {
                return configured.strip();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select secret from platform_secret where name = ?")) {
                select.setString(1, LedgerKeys.COMMITMENT_KEY);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no commitment key: set CONSENTI_LEDGER_COMMITMENT_KEY");
                    }
                    return rs.getString(1);
                }
            }
        }

        /** The server's default database (application.properties), with the data folder read as the launcher does. */
        static String h2Url() {
            String data = System.getenv("CONSENTI_DATA");
            Path folder = Path.of(data == null || data.isBlank() ? "data" : data).toAbsolutePath().normalize();
            return "jdbc:h2:file:" + folder + "/consenti;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE";
        }

        // Drivers by name rather than through DriverManager, whose service lookup may not see the jar's nested libs.
        private static Connection connect(String url, String user, String password) throws SQLException {
            Driver driver = url.startsWith("jdbc:h2:") ? new org.h2.Driver()
                    : url.startsWith("jdbc:postgresql:") ? new org.postgresql.Driver() : null;
            if (driver == null) {
                throw new SQLException("only H2 and PostgreSQL URLs are supported: " + url);
            }
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            Connection connection = driver.connect(url, properties);
            if (connection == null) {
                throw new SQLException("the driver does not accept " + url);
            }
            return connection;
        }
    }
}
