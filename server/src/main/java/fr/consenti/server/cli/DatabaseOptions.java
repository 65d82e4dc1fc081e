package fr.consenti.server.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which database a command reads: the server's own settings, from the same environment variables
 * (CONSENTI_DB_URL, CONSENTI_DB_USER, CONSENTI_DB_PASSWORD), else the embedded H2 file in CONSENTI_DATA (./data by
 * default, which the launcher runs from). Options override both. The H2 URL must stay the one in
 * application.properties, so that the tool opens the server's database.
 */
final class DatabaseOptions {

    /** application.properties' default URL with the data folder left out. */
    static final String H2_URL = "jdbc:h2:file:%s/consenti;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    @Option(names = "--db-url", paramLabel = "<jdbc-url>", description = "JDBC URL (default: CONSENTI_DB_URL, "
            + "else the H2 database in CONSENTI_DATA or ./data).")
    String url;

    @Option(names = "--db-user", paramLabel = "<user>", description = "Database user (default: CONSENTI_DB_USER, else sa).")
    String user;

    @Option(names = "--db-password", paramLabel = "<password>",
            description = "Database password (default: CONSENTI_DB_PASSWORD, else empty).")
    String password;

    Connection connect(Map<String, String> env) throws SQLException {
        return DriverManager.getConnection(url(env), first(user, env.get("CONSENTI_DB_USER"), "sa"),
                first(password, env.get("CONSENTI_DB_PASSWORD"), ""));
    }

    String url(Map<String, String> env) {
        String data = first(env.get("CONSENTI_DATA"), "./data", null);
        return first(url, env.get("CONSENTI_DB_URL"),
                String.format(H2_URL, Path.of(data).toAbsolutePath().normalize()));
    }

    private static String first(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }
}
