package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestClock;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Group commit (ConsentAppender): consents recorded at the same time share a transaction, and still each caller gets
 * its own consent, the chain has no gap, and one bad event fails only its own caller.
 */
@ConsentiIT
class ConsentGroupCommitIT {

    @LocalServerPort
    int port;
    @Autowired
    Professionals professionals;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    TestClock clock;
    @Autowired
    LedgerKeys ledgerKeys;
    @Autowired
    ConsentAppender appender;

    LedgerFixture pro;

    @BeforeEach
    void professional() {
        pro = new LedgerFixture(professionals, apiKeys, port, clock);
    }

    @Test
    void manyConcurrentRecordingsFormOneChainWithoutGapsAndEachCallerGetsItsOwnConsent() throws Exception {
        int callers = 24;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        Map<String, Future<JsonNode>> byNumber = new HashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int c = 0; c < callers; c++) {
                for (int i = 0; i < each; i++) {
                    String number = "0763" + String.format("%02d%04d", c, i);
                    byNumber.put(number, pool.submit(() -> {
                        start.await();
                        return pro.give(number);
                    }));
                }
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Map.Entry<String, Future<JsonNode>> entry : byNumber.entrySet()) {
                JsonNode created = entry.getValue().get();
                String id = created.path("id").asString();
                assertThat(ids.add(id)).as("a consent id answered to one caller only: " + id).isTrue();
                String e164 = "+33" + entry.getKey().substring(1);
                assertThat(created.path("e164").asString()).isEqualTo(e164);
                assertThat(jdbc.sql("select e164 from consent_event where consent_id = ? and kind = 'GIVEN'")
                        .param(UUID.fromString(id)).query(String.class).list())
                        .as("the id answered is the ledger row of this caller's number").containsExactly(e164);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from consent where professional_id = ?").param(pro.professional.id())
                .query(Long.class).single()).isEqualTo((long) callers * each);
        long head = jdbc.sql("select sequence from consent_chain_head where id = 1").query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from consent_event").query(Long.class).single())
                .as("one row per sequence number from 1 to the head: no gap, no duplicate").isEqualTo(head);
        assertThat(jdbc.sql("select max(sequence) from consent_event").query(Long.class).single()).isEqualTo(head);
        assertThat(verify().verdict()).isInstanceOf(ChainVerdict.Intact.class);
    }

    @Test
    void aBadEventAppendedWithGoodOnesFailsOnlyItsOwnCaller() throws Exception {
        pro.give("0764000000"); // stores the notice the good events name
        String storedNotice = ConsentValidator.sha256Hex(LedgerFixture.NOTICE);
        String unknownNotice = ConsentValidator.sha256Hex("a notice nobody stored " + UUID.randomUUID());
        int events = 60;
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ConsentEvent>> results = new ArrayList<>();
        List<ConsentEvent> submitted = new ArrayList<>();
        try {
            for (int i = 0; i < events; i++) {
                // Every tenth event names a notice that is not stored: its row breaks a foreign key at insert.
                ConsentEvent event = given("0764" + String.format("%06d", i + 1),
                        i % 10 == 3 ? unknownNotice : storedNotice);
                submitted.add(event);
                Callable<ConsentEvent> task = () -> {
                    start.await();
                    return appender.append(event);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (int i = 0; i < events; i++) {
                Future<ConsentEvent> result = results.get(i);
                if (i % 10 == 3) {
                    assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                            .cause().isInstanceOf(DataAccessException.class);
                    assertThat(jdbc.sql("select count(*) from consent where id = ?")
                            .param(submitted.get(i).consentId()).query(Long.class).single()).isZero();
                } else {
                    ConsentEvent linked = result.get();
                    assertThat(linked.consentId()).isEqualTo(submitted.get(i).consentId());
                    assertThat(linked.sequence()).isPositive();
                    assertThat(jdbc.sql("select given_sequence from consent where id = ?")
                            .param(linked.consentId()).query(Long.class).single()).isEqualTo(linked.sequence());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(verify().verdict()).isInstanceOf(ChainVerdict.Intact.class);
    }

    private ConsentEvent given(String national, String noticeSha256) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String e164 = "+33" + national.substring(1);
        return new ConsentEvent(0, ConsentEvent.Kind.GIVEN, ConsentIds.next(now), pro.professional.id(),
                e164, null, Integer.parseInt(national.substring(1)), null, null, null, List.of(),
                List.of(LedgerFixture.PURPOSE), "WEB_FORM", now, noticeSha256, "FORM_SUBMISSION", "203.0.113.9", null,
                "Mozilla/5.0", null, null, null, now.minusSeconds(5), now, now.plus(Duration.ofDays(300)),
                null, null, null, now, now, null, null);
    }

    private LedgerVerification.Result verify() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return LedgerVerification.verify(connection, ledgerKeys.commitment());
        }
    }
}
