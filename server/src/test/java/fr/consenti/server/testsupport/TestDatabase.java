package fr.consenti.server.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database the integration tests of this JVM run on, chosen by the system property {@code consenti.it.db}
 * ({@code h2}, the default, or {@code postgresql}); failsafe runs every *IT once with each.
 *
 * <p>H2: a fresh file database in a new folder under target/, reached through the application's own default URL
 * (only {@code consenti.data} changes), so the production H2 settings are the ones tested.
 * PostgreSQL: a fresh schema {@code it_<random>} in the database {@code test} (127.0.0.1:5432, user postgres,
 * overridable by CONSENTI_IT_PG_URL, CONSENTI_IT_PG_USER, CONSENTI_IT_PG_PASSWORD), so that concurrent runs do not
 * see each other; dropped when the JVM exits. When PostgreSQL cannot be reached the tests are skipped, unless
 * CI=true, where they fail: CI must never pass by testing nothing.
 */
public final class TestDatabase {

    public enum Kind { H2, POSTGRESQL }

    public static final String PROPERTY = "consenti.it.db";

    private static final String PG_URL = env("CONSENTI_IT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("CONSENTI_IT_PG_USER", "postgres");
    private static final String PG_PASSWORD = env("CONSENTI_IT_PG_PASSWORD", "");

    private static Map<String, String> properties;
    private static String unavailable;

    private TestDatabase() {
    }

    public static Kind kind() {
        String chosen = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "h2" -> Kind.H2;
            case "postgresql", "postgres" -> Kind.POSTGRESQL;
            default -> throw new IllegalArgumentException(PROPERTY + " must be h2 or postgresql, not " + chosen);
        };
    }

    /** The same properties, for a test that starts another application instance on the same database. */
    public static Map<String, String> springProperties() {
        return properties();
    }

    /** The Spring properties that point the application at this JVM's test database, prepared once. */
    static synchronized Map<String, String> properties() {
        if (properties == null && unavailable == null) {
            try {
                properties = kind() == Kind.H2 ? prepareH2() : preparePostgresql();
            } catch (SQLException | java.io.IOException e) {
                unavailable = e.getMessage();
            }
        }
        if (properties == null) {
            throw new IllegalStateException("test database " + kind() + " unavailable: " + unavailable);
        }
        return properties;
    }

    private static Map<String, String> prepareH2() throws java.io.IOException {
        // Under target/ rather than /tmp: removed by mvn clean, while deleting it at exit would race with H2's close.
        Path target = Files.createDirectories(Path.of("target"));
        Path data = Files.createTempDirectory(target, "it-h2-").toAbsolutePath();
        return Map.of("consenti.data", data.toString());
    }

    private static Map<String, String> preparePostgresql() throws SQLException {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        String schema = "it_" + HexFormat.of().formatHex(bytes);
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
        String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // Files (file cleaning uploads and results) still go to a folder of their own under target/.
        Path data;
        try {
            data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "it-pg-").toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new SQLException("cannot make a data folder under target/", e);
        }
        return Map.of(
                "consenti.data", data.toString(),
                "spring.datasource.url", url,
                "spring.datasource.username", PG_USER,
                "spring.datasource.password", PG_PASSWORD);
    }

    private static void dropSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            System.err.println("Could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Skips (or, on CI, fails) the test class before Spring starts when its database cannot be had. */
    public static final class Availability implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            synchronized (TestDatabase.class) {
                try {
                    properties();
                } catch (IllegalStateException e) {
                    String message = e.getMessage() + " (" + (kind() == Kind.POSTGRESQL
                            ? PG_URL + " as " + PG_USER : "H2") + ")";
                    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                        throw new IllegalStateException(message + ": CI=true, so this is a failure");
                    }
                    System.err.println("SKIPPED " + context.getDisplayName() + ": " + message);
                    Assumptions.abort(message + ": skipped (set CI=true to make this a failure)");
                }
            }
        }
    }

    /** Points the Spring context at the test database. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(properties()).applyTo(context);
        }
    }
}
