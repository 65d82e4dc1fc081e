package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

@ConsentiIT
class MigrationsIT {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void runsOnTheDatabaseThisRunIsFor() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName())
                    .isEqualToIgnoringCase(TestDatabase.kind() == TestDatabase.Kind.H2 ? "H2" : "PostgreSQL");
        }
    }

    @Test
    void everyMigrationApplied() {
        var applied = jdbc.sql("select version, success from flyway_schema_history where version is not null order by installed_rank")
                .query((rs, row) -> rs.getString("version") + ":" + rs.getBoolean("success"))
                .list();

        assertThat(applied).startsWith("1:true").allSatisfy(entry -> assertThat(entry).endsWith(":true"));
    }

    @Test
    void sirenMustBeNineDigits() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

        assertThatThrownBy(() -> jdbc.sql("insert into professional (siren, name, sector, created_at) values (?, ?, ?, ?)")
                .params("73282932X", "Bad", "TELECOMMUNICATIONS", now).update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void apiKeyHashMustBeLowerCaseSha256Hex() {
        long professional = jdbc.sql("select count(*) from professional").query(Long.class).single() == 0
                ? insertProfessional() : jdbc.sql("select min(id) from professional").query(Long.class).single();

        assertThatThrownBy(() -> jdbc.sql("""
                        insert into api_key (professional_id, prefix, secret_sha256, label, created_at)
                        values (?, 'ck_abcdefghi', 'ck_not_a_hash', 'test', ?)""")
                .params(professional, OffsetDateTime.now(ZoneOffset.UTC)).update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private long insertProfessional() {
        jdbc.sql("insert into professional (siren, name, sector, created_at) values ('552100554', 'Test', 'RETAIL', ?)")
                .param(OffsetDateTime.now(ZoneOffset.UTC)).update();
        return jdbc.sql("select id from professional where siren = '552100554'").query(Long.class).single();
    }
}
