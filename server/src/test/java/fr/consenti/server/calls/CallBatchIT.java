package fr.consenti.server.calls;

import static fr.consenti.server.calls.DiallerFixture.check;
import static fr.consenti.server.calls.DiallerFixture.randomMobile;
import static fr.consenti.server.calls.DiallerFixture.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.rules.CallRequest;
import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;

/**
 * The batches of {@link CallRecorder} as the appender hands them over: calls of one batch count against each other,
 * idempotency keys within a batch, one bad call failing only itself, and batches of two transactions locking the same
 * numbers in opposite arrival orders (no deadlock, the cap holds).
 */
@ConsentiIT
class CallBatchIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CallRecorder recorder;
    @Autowired
    Diallers diallers;

    DiallerFixture pro;
    Dialler dialler;

    @BeforeEach
    void setUp() {
        pro = new DiallerFixture(accounts, port, clock);
        pro.moveClockIntoCallingHours();
        dialler = diallers.of(new ApiCaller(pro.professional.id(), null, pro.key.id()));
    }

    /** A b2b call (allowed at any hour without consent, and not capped), as the request thread hands it over. */
    private CallRecorder.Pending call(Dialler who, String number, String key) {
        return call(who, number, key, ",\"b2b\":true");
    }

    /** A call to a consumer (capped at 4 in 30 days), as the request thread hands it over. */
    private CallRecorder.Pending capped(String number) {
        return call(dialler, number, null, "");
    }

    private CallRecorder.Pending call(Dialler who, String number, String key, String extra) {
        byte[] body = check(number, extra).getBytes(StandardCharsets.UTF_8);
        List<CallProblems.FieldProblem> errors = new ArrayList<>();
        CallRequest request = CheckInput.read(body, false).single().toRequest(who, clock.instant(), true, false,
                errors);
        assertThat(errors).isEmpty();
        return new CallRecorder.Pending(who, request, CheckInput.parsed(request), key,
                key == null ? null : CallService.sha256(body), false);
    }

    /** A number with a consent to the fixture's professional that this node's index already holds. */
    private String consentedNumber() {
        String number = randomMobile();
        pro.giveConsent(number);
        assertThat(pro.checkUntil(check(number, ""), verdict("ALLOW", "CONSENT")).get("verdict").asString())
                .isEqualTo("ALLOW");
        return number;
    }

    private long attempts(String number) {
        return jdbc.sql("select count(*) from call_attempt where professional_id = ? and e164 = ?")
                .params(pro.professional.id(), "+33" + number.substring(1)).query(Long.class).single();
    }

    private static int attemptsInWindow(CallRecorder.Decided decided) {
        String payload = new String(Base64.getUrlDecoder().decode(decided.receipt().split("\\.")[1]),
                StandardCharsets.UTF_8);
        return Integer.parseInt(payload.replaceAll(".*\"attemptsInWindow\":(\\d+).*", "$1"));
    }

    @Test
    void callsOfOneBatchForOneNumberCountAgainstEachOther() {
        String number = consentedNumber();
        List<CallRecorder.Recorded> recorded = recorder.record(
                IntStream.range(0, 6).mapToObj(i -> capped(number)).toList());
        List<CallRecorder.Decided> decided = recorded.stream().map(CallRecorder.Decided.class::cast).toList();
        assertThat(decided).extracting(d -> d.callId() != null).containsExactly(true, true, true, true, false, false);
        assertThat(decided.subList(0, 4)).extracting(CallBatchIT::attemptsInWindow).containsExactly(0, 1, 2, 3);
        assertThat(decided.get(4).answer()).contains("FREQUENCY_CAP");
        assertThat(attempts(number)).isEqualTo(4);
        assertThat(jdbc.sql("select attempts from attempt_counter where professional_id = ? and nsn = ?")
                .params(pro.professional.id(), decided.getFirst().number().nsn()).query(Long.class).single())
                .isEqualTo(4);
    }

    @Test
    void anIdempotencyKeyTwiceInOneBatchCountsOnceAndAnotherBodyIsRefused() {
        String number = randomMobile();
        String key = UUID.randomUUID().toString();
        List<CallRecorder.Recorded> recorded = recorder.record(List.of(call(dialler, number, key),
                call(dialler, number, key), call(dialler, randomMobile(), key), call(dialler, number, null)));
        CallRecorder.Decided first = (CallRecorder.Decided) recorded.get(0);
        assertThat(first.callId()).isNotNull();
        assertThat(recorded.get(1)).isEqualTo(new CallRecorder.Replayed(first.answer()));
        assertThat(recorded.get(2)).isInstanceOfSatisfying(CallRecorder.Refused.class, r ->
                assertThat(((ErrorResponseException) r.problem()).getBody().getProperties())
                        .containsEntry("code", "IDEMPOTENCY_KEY_REUSED"));
        assertThat(((CallRecorder.Decided) recorded.get(3)).callId()).isNotNull();
        assertThat(attempts(number)).isEqualTo(2);

        // A later batch: the stored answer, counted once.
        assertThat(recorder.record(List.of(call(dialler, number, key))))
                .containsExactly(new CallRecorder.Replayed(first.answer()));
        assertThat(attempts(number)).isEqualTo(2);
    }

    @Test
    void aBadCallFailsOnlyItselfAndTheRestOfItsBatchIsRecorded() {
        String before = randomMobile();
        String after = randomMobile();
        Dialler unknown = new Dialler(Long.MAX_VALUE, dialler.professionalSiren(), 0, null, dialler.apiKeyId());
        List<CallRecorder.Recorded> recorded = recorder.recordOrOneByOne(List.of(call(dialler, before, null),
                call(unknown, randomMobile(), null), call(dialler, after, null)));
        assertThat(((CallRecorder.Decided) recorded.get(0)).callId()).isNotNull();
        assertThat(recorded.get(1)).isInstanceOf(CallRecorder.Refused.class);
        assertThat(((CallRecorder.Decided) recorded.get(2)).callId()).isNotNull();
        assertThat(attempts(before)).isEqualTo(1);
        assertThat(attempts(after)).isEqualTo(1);
    }

    @Test
    void batchesLockingTheSameNumbersInOppositeOrdersNeitherDeadlockNorPassTheCap() {
        List<String> numbers = IntStream.range(0, 12).mapToObj(i -> consentedNumber()).distinct().toList();
        List<String> reversed = new ArrayList<>(numbers).reversed();
        List<CompletableFuture<Long>> allowed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (List<String> order : List.of(numbers, reversed, numbers, reversed)) {
            allowed.add(CompletableFuture.supplyAsync(() -> {
                long n = 0;
                for (int round = 0; round < 3; round++) {
                    n += recorder.record(order.stream().map(this::capped).toList())
                            .stream().filter(r -> ((CallRecorder.Decided) r).callId() != null).count();
                }
                return n;
            }, pool));
        }
        long total = allowed.stream().mapToLong(CompletableFuture::join).sum();
        pool.shutdown();
        assertThat(total).isEqualTo(4L * numbers.size());
        for (String number : numbers) {
            assertThat(attempts(number)).isEqualTo(4);
        }
    }
}
