package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.index.ChangeEvent;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code ./consenti registry import <file>} into the running application's database: COPY on PostgreSQL. */
@ConsentiIT
class RegistryImportIT {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    @Autowired
    ChangeFeed feed;
    @TempDir
    Path dir;

    final CliRun cli = new CliRun();

    int runImport(String content) throws IOException {
        Path file = Files.createTempFile(dir, "snapshot", ".csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        cli.clear();
        return cli.run("registry", "import", file.toString(),
                "--db-url", environment.getProperty("spring.datasource.url"),
                "--db-user", environment.getProperty("spring.datasource.username"),
                "--db-password", environment.getProperty("spring.datasource.password", ""));
    }

    static int fresh() {
        return 600_000_000 + 20_000_000 + ThreadLocalRandom.current().nextInt(79_000_000);
    }

    record Entry(long id, Instant registeredAt, Instant effectiveFrom, Instant termEnd, Instant removedAt, String source) {
    }

    List<Entry> entries(int nsn) {
        return jdbc.sql("select * from opposition_entry where nsn = ? order by id").param(nsn)
                .query((rs, n) -> new Entry(rs.getLong("id"), instant(rs.getObject("registered_at", OffsetDateTime.class)),
                        instant(rs.getObject("effective_from", OffsetDateTime.class)),
                        instant(rs.getObject("term_end", OffsetDateTime.class)),
                        instant(rs.getObject("removed_at", OffsetDateTime.class)), rs.getString("source")))
                .list();
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    @Test
    void goodLinesAreListedWithTheirPolicyDatesAndBadLinesAreReportedWithTheirLineNumbers() throws IOException {
        int a = fresh();
        int b = fresh();
        int c = fresh();
        long before = feed.lastSequence();
        int exit = runImport("number;registered_at\n"
                + "0" + a + ";2026-03-01T10:15:00+01:00\n"
                + "+33 " + b + ";2026-05-02\n"
                + "12345;2026-01-01\n"
                + "0800123456;2026-01-01\n"
                + "0" + c + ";yesterday\n"
                + "0" + c + ";2999-01-01\n"
                + "0" + c + ";2019-01-01 08:00:00\n"
                + "0" + a + ";2026-04-01\n"
                + "0" + c + ";2026-01-01;extra\n");

        assertThat(exit).as(cli.err()).isEqualTo(RegistryCommand.EXIT_BAD_LINES);
        assertThat(cli.err()).contains("line 4: number", "line 5: number", "line 6: registered_at",
                "line 7: registered_at: in the future", "line 10: expected 2 fields");
        assertThat(cli.out()).contains("4 good, 5 bad, 1 repeated", TestDatabase.kind() == TestDatabase.Kind.POSTGRESQL
                ? "(COPY)" : "(BATCH_INSERT)");

        Entry entryA = entries(a).getFirst();
        assertThat(entryA.source()).isEqualTo("IMPORT");
        assertThat(entryA.registeredAt()).isEqualTo(Instant.parse("2026-03-01T09:15:00Z"));
        assertThat(entryA.effectiveFrom()).isEqualTo(Instant.parse("2026-03-31T08:15:00Z")); // 30 days, Paris time
        assertThat(entryA.termEnd()).isEqualTo(OffsetDateTime.parse("2029-03-01T10:15:00+01:00").toInstant());
        assertThat(entries(b).getFirst().registeredAt()).isEqualTo(LocalDate.of(2026, 5, 2).atStartOfDay(PARIS).toInstant());
        // Registered in 2019: its 3-year term renewed tacitly in 2022 and 2025, so it ends in 2028.
        assertThat(entries(c).getFirst().termEnd())
                .isEqualTo(LocalDate.of(2028, 1, 1).atTime(8, 0).atZone(PARIS).toInstant());

        List<ChangeEvent> events = feed.readAfter(before, 1000);
        assertThat(events).filteredOn(e -> e instanceof ChangeEvent.OppositionRegistered)
                .extracting(e -> ((ChangeEvent.OppositionRegistered) e).nsn()).contains(a, b, c);
        ChangeEvent.OppositionRegistered registeredA = events.stream()
                .filter(e -> e instanceof ChangeEvent.OppositionRegistered r && r.nsn() == a)
                .map(e -> (ChangeEvent.OppositionRegistered) e).findFirst().orElseThrow();
        assertThat(registeredA.registration().effectiveFrom()).isEqualTo(entryA.effectiveFrom());
        assertThat(registeredA.registration().termEnd()).isEqualTo(entryA.termEnd());
    }

    @Test
    void aNewSnapshotRemovesImportedNumbersItNoLongerHoldsKeepsTheOthersAndLeavesConsumersRegistrationsAlone()
            throws IOException {
        int kept = fresh();
        int dropped = fresh();
        int added = fresh();
        int consumers = fresh();
        jdbc.sql("""
                        insert into opposition_entry (nsn, registered_at, effective_from, term_end, source)
                        values (?, ?, ?, ?, 'REGISTRATION')""")
                .params(consumers, OffsetDateTime.parse("2026-01-01T00:00:00Z"),
                        OffsetDateTime.parse("2026-01-20T00:00:00Z"), OffsetDateTime.parse("2029-01-01T00:00:00Z"))
                .update();
        assertThat(runImport("0" + kept + ";2026-01-01\n0" + dropped + ";2026-01-01\n0" + consumers + ";2026-01-01\n"))
                .as(cli.err()).isZero();
        assertThat(entries(consumers)).hasSize(1);
        long keptId = entries(kept).getFirst().id();
        long before = feed.lastSequence();

        assertThat(runImport("0" + kept + ";2026-01-01\n0" + added + ";2026-02-01\n")).as(cli.err()).isZero();

        assertThat(entries(kept)).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(keptId);
            assertThat(entry.removedAt()).isNull();
        });
        assertThat(entries(dropped)).singleElement().satisfies(entry -> assertThat(entry.removedAt()).isNotNull());
        assertThat(entries(added)).singleElement().satisfies(entry -> assertThat(entry.removedAt()).isNull());
        assertThat(entries(consumers)).singleElement().satisfies(entry -> {
            assertThat(entry.source()).isEqualTo("REGISTRATION");
            assertThat(entry.removedAt()).isNull();
        });
        List<ChangeEvent> events = feed.readAfter(before, 100_000);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChangeEvent.OppositionRemoved.class,
                removed -> assertThat(removed.nsn()).isEqualTo(dropped)));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChangeEvent.OppositionRegistered.class,
                registered -> assertThat(registered.nsn()).isEqualTo(added)));
        assertThat(events).noneSatisfy(e -> assertThat(listNsn(e)).isIn(kept, consumers));
        assertThat(cli.out()).contains("1 numbers listed", "removed", "1 already listed");
    }

    static int listNsn(ChangeEvent event) {
        return switch (event) {
            case ChangeEvent.OppositionRegistered registered -> registered.nsn();
            case ChangeEvent.OppositionRemoved removed -> removed.nsn();
            default -> -1;
        };
    }

    @Test
    void anUnreadableFileOrDatabaseImportsNothingAndSaysWhy() throws IOException {
        cli.clear();
        assertThat(cli.run("registry", "import", dir.resolve("missing.csv").toString(),
                "--db-url", environment.getProperty("spring.datasource.url"),
                "--db-user", environment.getProperty("spring.datasource.username"),
                "--db-password", environment.getProperty("spring.datasource.password", "")))
                .isEqualTo(RegistryCommand.EXIT_UNREADABLE);
        assertThat(cli.err()).contains("No such file");

        Path file = Files.writeString(dir.resolve("ok.csv"), "0612345678;2026-01-01\n");
        cli.clear();
        assertThat(cli.run("registry", "import", file.toString(), "--db-url", "jdbc:h2:mem:none;IFEXISTS=TRUE"))
                .isEqualTo(RegistryCommand.EXIT_UNREADABLE);
        assertThat(cli.err()).contains("Nothing imported");

        cli.clear();
        assertThat(cli.run("registry", "import", file.toString(), "--effective-delay", "P45D"))
                .isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("at most 30 days");
    }
}
