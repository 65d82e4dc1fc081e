package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/** The CONSENTI_* environment variables reach the Spring settings they are documented to set. */
class SettingsTest {

    @Test
    void defaultsAreAnEmbeddedDatabaseInDataAndPort8080() throws IOException {
        StandardEnvironment settings = settings(Map.of());

        assertThat(settings.getProperty("server.port")).isEqualTo("8080");
        assertThat(settings.getProperty("spring.datasource.url")).isEqualTo(
                "jdbc:h2:file:./data/consenti;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                        + "WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(settings.getProperty("consenti.demo.enabled")).isEqualTo("false");
    }

    @Test
    void environmentVariablesOverrideThem() throws IOException {
        StandardEnvironment settings = settings(Map.of("CONSENTI_PORT", "9090", "CONSENTI_DATA", "/srv/consenti"));

        assertThat(settings.getProperty("server.port")).isEqualTo("9090");
        assertThat(settings.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:/srv/consenti/consenti;");
    }

    @Test
    void aDatabaseUrlReplacesTheEmbeddedDatabase() throws IOException {
        StandardEnvironment settings = settings(Map.of(
                "CONSENTI_DB_URL", "jdbc:postgresql://db.internal:5432/consenti",
                "CONSENTI_DB_USER", "consenti",
                "CONSENTI_DB_PASSWORD", "s3cret"));

        assertThat(settings.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.internal:5432/consenti");
        assertThat(settings.getProperty("spring.datasource.username")).isEqualTo("consenti");
        assertThat(settings.getProperty("spring.datasource.password")).isEqualTo("s3cret");
    }

    private static StandardEnvironment settings(Map<String, Object> environmentVariables) throws IOException {
        StandardEnvironment settings = new StandardEnvironment();
        // Replaces the real environment, so that the developer's own CONSENTI_* variables do not leak in.
        settings.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource("test-environment", environmentVariables));
        settings.getPropertySources().addLast(new ResourcePropertySource(new ClassPathResource("application.properties")));
        return settings;
    }
}
