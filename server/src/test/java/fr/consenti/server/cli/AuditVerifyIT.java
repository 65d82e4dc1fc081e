package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.testsupport.ConsentiIT;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/** {@code ./consenti audit verify} against the running application's database, before and after tampering. */
@ConsentiIT
class AuditVerifyIT {

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    private final StringWriter out = new StringWriter();

    @Test
    void intactChainVerifiesAndARowAlteredInTheDatabaseIsNamed() {
        audit.append("system", "TEST_EVENT", "test:1", "first");
        long altered = audit.append("system", "TEST_EVENT", "test:2", "second");
        audit.append("system", "TEST_EVENT", "test:3", "third");

        assertThat(verify()).as(out.toString()).isZero();
        assertThat(out.toString()).startsWith("Audit chain intact: ");

        jdbc.sql("update audit_event set details = 'forged' where sequence = ?").param(altered).update();
        try {
            out.getBuffer().setLength(0);
            assertThat(verify()).isEqualTo(AuditCommand.EXIT_BROKEN);
            assertThat(out.toString()).startsWith("Audit chain BROKEN at event " + altered + ": CONTENT_ALTERED");
        } finally {
            // The database is shared with the other tests: put the row back.
            jdbc.sql("update audit_event set details = 'second' where sequence = ?").param(altered).update();
        }
        out.getBuffer().setLength(0);
        assertThat(verify()).isZero();
    }

    @Test
    void aDeletedLastRowShowsAgainstTheRecordedHead() {
        long last = audit.append("system", "TEST_EVENT", "test:last", null);
        record Row(java.time.OffsetDateTime at, String prevHash, String hash) {
        }
        Row row = jdbc.sql("select at, prev_hash, hash from audit_event where sequence = ?").param(last)
                .query((rs, n) -> new Row(rs.getObject("at", java.time.OffsetDateTime.class), rs.getString("prev_hash"),
                        rs.getString("hash"))).single();

        jdbc.sql("delete from audit_event where sequence = ?").param(last).update();
        try {
            assertThat(verify()).isEqualTo(AuditCommand.EXIT_BROKEN);
            assertThat(out.toString()).contains("BROKEN at event " + last + ": TRUNCATED");
        } finally {
            jdbc.sql("""
                            insert into audit_event (sequence, at, actor, action, subject, details, prev_hash, hash)
                            values (?, ?, 'system', 'TEST_EVENT', 'test:last', null, ?, ?)""")
                    .params(last, row.at(), row.prevHash(), row.hash()).update();
        }
    }

    @Test
    void anUnreachableDatabaseIsItsOwnExitCode() {
        int exit = run("audit", "verify", "--db-url", "jdbc:h2:mem:nothing-here;IFEXISTS=TRUE");

        assertThat(exit).isEqualTo(AuditCommand.EXIT_UNREADABLE);
    }

    private int verify() {
        return run("audit", "verify", "--db-url", environment.getProperty("spring.datasource.url"),
                "--db-user", environment.getProperty("spring.datasource.username"),
                "--db-password", environment.getProperty("spring.datasource.password", ""));
    }

    private int run(String... args) {
        CommandLine cli = ConsentiCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void isRegisteredAsASubcommand() {
        assertThat(ConsentiCli.isSubcommand(new String[] {"audit", "verify"})).isTrue();
        assertThat(new DatabaseOptions().url(Map.of("CONSENTI_DATA", "/srv/consenti")))
                .startsWith("jdbc:h2:file:/srv/consenti/consenti;MODE=PostgreSQL");
        assertThat(new DatabaseOptions().url(Map.of("CONSENTI_DB_URL", "jdbc:postgresql://db/consenti")))
                .isEqualTo("jdbc:postgresql://db/consenti");
    }
}
