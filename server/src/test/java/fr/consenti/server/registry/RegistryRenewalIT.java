package fr.consenti.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.accounts.People;
import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.outbox.OutboxMail;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.JobLeases;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Renewal notices and tacit renewals (RULES.md §8) under a moved clock, done once per cluster. */
@ConsentiIT
class RegistryRenewalIT {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxSender sender;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RenewalJob job;

    @Autowired
    JobLeases leases;

    // What a second node's job is made of.
    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RegistryPolicy policy;

    @Autowired
    RegistryReceipts receipts;

    @Autowired
    RegistryMails mails;

    @Autowired
    ChangeFeed feed;

    @Autowired
    AuditLog audit;

    @Autowired
    People people;

    private RegistryConsumer consumer;

    @BeforeEach
    void signIn() {
        consumer = new RegistryConsumer(accounts, outbox, port);
    }

    private RenewalJob otherNode() {
        return new RenewalJob(jdbc, transactions, clock, policy, leases, receipts, mails, feed, audit, people);
    }

    @Test
    void theRenewalNoticeIsSentOnceAtLeastThreeMonthsBeforeTheRenewal() {
        String number = RegistryConsumer.newMobile();
        Instant termEnd = Instant.parse(consumer.register(number).get("termEnd").asString());
        Instant threeMonthsBefore = termEnd.atZone(PARIS).minusMonths(3).toInstant();
        Instant noticeOpens = termEnd.atZone(PARIS).minusMonths(3).minusDays(14).toInstant();

        clock.advance(Duration.between(clock.instant(), noticeOpens.minusSeconds(60)));
        job.run();
        assertThat(notices()).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        job.run();
        job.run();
        otherNode().run();
        List<OutboxMail> notices = notices();
        assertThat(notices).hasSize(1);
        assertThat(notices.getFirst().subject()).contains(RegistryFormat.date(termEnd));
        assertThat(notices.getFirst().body()).contains(RegistryFormat.national(number))
                .contains("renouvelée tacitement pour 3 ans").contains("désinscrivez");
        Instant sentAt = jdbc.sql("select notice_sent_at from registry_number where person_id = ?")
                .param(consumer.person.id()).query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single();
        assertThat(sentAt).isBefore(threeMonthsBefore);

        // Up to the renewal itself, no second notice.
        clock.advance(Duration.between(clock.instant(), termEnd.minus(Duration.ofDays(2))));
        job.run();
        assertThat(notices()).hasSize(1);
    }

    @Test
    void tacitRenewalAtTermEndRenewsOnceEvenWithTwoJobsRacing() throws Exception {
        String number = RegistryConsumer.newMobile();
        JsonNode registered = consumer.register(number);
        Instant registeredAt = Instant.parse(registered.get("registeredAt").asString());
        Instant effective = Instant.parse(registered.get("effectiveFrom").asString());
        Instant termEnd = Instant.parse(registered.get("termEnd").asString());
        Instant renewedEnd = termEnd.atZone(PARIS).plusYears(3).toInstant();

        clock.advance(Duration.between(clock.instant(), termEnd));
        RenewalJob[] nodes = {job, otherNode()};
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RenewalJob.Run>> runs = pool.invokeAll(List.<Callable<RenewalJob.Run>>of(
                    () -> { start.await(); return nodes[0].run(); },
                    () -> { start.countDown(); return nodes[1].run(); }));
            for (Future<RenewalJob.Run> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        job.run();

        JsonNode held = Http.json(consumer.api("GET", "/numbers", null)).get(0);
        assertThat(Instant.parse(held.get("termEnd").asString())).isEqualTo(renewedEnd);
        assertThat(Instant.parse(held.get("registeredAt").asString())).isEqualTo(registeredAt);
        int nsn = ((FrenchNumber) NumberParser.parse(number)).nsn();
        assertThat(jdbc.sql("select term_end from opposition_entry where nsn = ? and removed_at is null").param(nsn)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single()).isEqualTo(renewedEnd);
        assertThat(jdbc.sql("select kind from change_feed where nsn = ? order by sequence").param(nsn)
                .query(String.class).list()).containsExactly("OPPOSITION_REGISTERED", "OPPOSITION_REGISTERED");

        JsonNode receipts = Http.json(consumer.api("GET", "/receipts", null));
        assertThat(receipts).hasSize(2);
        JsonNode renewal = receipts.get(0);
        assertThat(renewal.get("kind").asString()).isEqualTo("RENEWAL");
        assertThat(Instant.parse(renewal.get("numbers").get(0).get("termStart").asString())).isEqualTo(termEnd);
        assertThat(Instant.parse(renewal.get("numbers").get(0).get("termEnd").asString())).isEqualTo(renewedEnd);
        assertThat(Instant.parse(renewal.get("numbers").get(0).get("effectiveFrom").asString())).isEqualTo(effective);
        assertThat(outbox.to(consumer.person.email()).stream()
                .filter(m -> m.subject().contains("renouvellement de votre inscription")).count()).isEqualTo(1);
    }

    @Test
    void theRenewalReceiptSaysTheNewTermAndItsTacitRenewal() throws IOException {
        String number = RegistryConsumer.newMobile();
        Instant termEnd = Instant.parse(consumer.register(number).get("termEnd").asString());
        clock.advance(Duration.between(clock.instant(), termEnd.minus(RenewalJob.RENEWAL_LEAD)));
        job.run();
        JsonNode renewal = Http.json(consumer.api("GET", "/receipts", null)).get(0);
        assertThat(renewal.get("kind").asString()).isEqualTo("RENEWAL");
        String text = RegistryIT.pdfText(consumer.browser.bytes(renewal.get("pdf").asString()).body())
                .replaceAll("\\s+", " ");
        assertThat(text).contains("Récépissé de renouvellement", RegistryFormat.national(number),
                "Nouvelle période : du " + RegistryFormat.dateTime(termEnd) + " au "
                        + RegistryFormat.dateTime(termEnd.atZone(PARIS).plusYears(3).toInstant()),
                "renouvelée tacitement pour 3 ans");
    }

    @Test
    void aJobLeaseIsHeldByOneNodeAtATimeUntilReleasedOrExpired() {
        String lease = "test-lease-" + System.nanoTime();
        assertThat(leases.tryAcquire(lease, "node-a", Duration.ofMinutes(5))).isTrue();
        assertThat(leases.tryAcquire(lease, "node-b", Duration.ofMinutes(5))).isFalse();
        leases.release(lease, "node-a");
        assertThat(leases.tryAcquire(lease, "node-b", Duration.ofMinutes(5))).isTrue();
        assertThat(leases.tryAcquire(lease, "node-a", Duration.ofMinutes(5))).isFalse();
        clock.advance(Duration.ofMinutes(6));
        assertThat(leases.tryAcquire(lease, "node-a", Duration.ofMinutes(5))).isTrue();
    }

    private List<OutboxMail> notices() {
        return outbox.to(consumer.person.email()).stream().filter(m -> m.subject().contains("sera renouvelée")).toList();
    }

    /** Sends what this test queued, so that the shared outbox holds no backlog for the tests that follow. */
    @AfterEach
    void drainOutbox() {
        while (sender.sendPending() > 0) {
            // until nothing is left to send
        }
    }
}
