package fr.consenti.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Professional;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The list never leaves the registry: enumeration is refused, flagged and throttled; canaries name a leak's source. */
@ConsentiIT
class ScrubEnumerationIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    EnumerationFlags flags;
    @Autowired
    Canaries canaries;

    record Client(long professionalId, ScrubClient api) {
    }

    Client subscribed(String plan) {
        Professional professional = accounts.professional();
        ScrubClient api = new ScrubClient(port, accounts.key(professional).key());
        assertThat(api.subscribe(plan).statusCode()).isEqualTo(201);
        return new Client(professional.id(), api);
    }

    static byte[] sequentialRange(int rows) {
        int start = 631_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
        StringBuilder file = new StringBuilder("telephone\n");
        for (int i = 0; i < rows; i++) {
            file.append('0').append(start + i).append('\n');
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] randomNumbers(int rows) {
        StringBuilder file = new StringBuilder("telephone\n");
        for (int i = 0; i < rows; i++) {
            file.append("06").append(String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)))
                    .append('\n');
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLongSequentialRangeGetsNoResultIsFlaggedAndAuditedAndThrottlesTheProfessionalForADay() {
        Client client = subscribed("PRO");
        JsonNode job = client.api().clean(sequentialRange(1500), "at", "2026-07-01");
        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.path("error").path("code").asString()).isEqualTo("ENUMERATION_SUSPECTED");
        String id = job.path("id").asString();
        assertThat(client.api().http.get("/api/v1/scrub-jobs/" + id + "/result").statusCode()).isEqualTo(409);
        assertThat(client.api().http.get("/api/v1/scrub-jobs/" + id + "/report").statusCode()).isEqualTo(409);
        assertThat(flags.all()).anySatisfy(flag -> {
            assertThat(flag.jobId()).isEqualTo(UUID.fromString(id));
            assertThat(flag.kind()).isEqualTo(EnumerationFlags.Kind.SEQUENTIAL);
            assertThat(flag.clearedAt()).isNull();
        });
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'SCRUB_ENUMERATION_FLAGGED' and subject = ?")
                .param("professional:" + client.professionalId()).query(Long.class).single()).isEqualTo(1);

        HttpResponse<String> throttled = client.api().submit(randomNumbers(10), "at", "2026-07-01");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Http.json(throttled).path("code").asString()).isEqualTo("ENUMERATION_THROTTLED");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertThat(client.api().clean(randomNumbers(10), "at", "2026-07-01").path("status").asString())
                .isEqualTo("DONE");
    }

    @Test
    void theOperatorClearingTheFlagLiftsTheThrottleAtOnce() {
        Client client = subscribed("PRO");
        client.api().clean(sequentialRange(1200), "at", "2026-07-01");
        assertThat(client.api().submit(randomNumbers(5), "at", "2026-07-01").statusCode()).isEqualTo(429);
        EnumerationFlags.Flag flag = flags.all().stream()
                .filter(f -> f.professionalId() == client.professionalId()).findFirst().orElseThrow();

        assertThat(flags.clear(flag.id(), "person:1")).isTrue();

        assertThat(client.api().clean(randomNumbers(5), "at", "2026-07-01").path("status").asString()).isEqualTo("DONE");
    }

    @Test
    void aFileFarAboveThePlanGetsNoResultAndIsFlaggedAsVolume() {
        String plan = "V" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("insert into scrub_plan (code, name, numbers_per_year, cleanings_per_year) values (?, 'Test', 5, 10)")
                .param(plan).update();
        Client client = subscribed(plan);
        JsonNode job = client.api().clean(randomNumbers(12), "at", "2026-07-01");
        assertThat(job.path("error").path("code").asString()).isEqualTo("PLAN_QUOTA_EXCEEDED");
        assertThat(flags.all()).anySatisfy(flag -> {
            assertThat(flag.professionalId()).isEqualTo(client.professionalId());
            assertThat(flag.kind()).isEqualTo(EnumerationFlags.Kind.VOLUME);
        });
        HttpResponse<String> throttled = client.api().submit(randomNumbers(2), "at", "2026-07-01");
        assertThat(Http.json(throttled).path("code").asString()).isEqualTo("ENUMERATION_THROTTLED");
    }

    @Test
    void anOrdinaryCallFileOfRandomNumbersIsNotTakenForEnumeration() {
        Client client = subscribed("PRO");
        JsonNode job = client.api().clean(randomNumbers(3000), "at", "2026-07-01");
        assertThat(job.path("status").asString()).isEqualTo("DONE");
        assertThat(flags.all()).noneSatisfy(flag -> assertThat(flag.professionalId()).isEqualTo(client.professionalId()));
    }

    @Test
    void eachProfessionalSeesItsOwnHalfOfTheCanariesListedSoALeakedFileNamesItsSource() {
        int[] all = canaries.all();
        assertThat(all.length).isGreaterThanOrEqualTo(32);
        String file = "telephone\n" + Arrays.stream(all).mapToObj(nsn -> "0" + nsn + "\n").collect(Collectors.joining());
        Client a = subscribed("PRO");
        Client b = subscribed("PRO");
        Set<Integer> keptByA = kept(a, file);
        Set<Integer> keptByB = kept(b, file);
        assertThat(keptByA).isNotEqualTo(keptByB).isNotEmpty().hasSizeLessThan(all.length);
        for (int canary : all) {
            assertThat(keptByA.contains(canary)).isEqualTo(!canaries.listedFor(a.professionalId(), canary));
        }

        // A "clean" file A's cleaning made, leaked: A is the one exact match.
        List<Canaries.Suspect> fromKept = canaries.attribute(keptByA, Canaries.LeakKind.KEPT);
        assertThat(fromKept.getFirst().professionalId()).isEqualTo(a.professionalId());
        assertThat(fromKept.getFirst().exact()).isTrue();
        assertThat(fromKept.stream().filter(Canaries.Suspect::exact).count()).isEqualTo(1);

        // A list B rebuilt from what its cleaning removed, leaked among other numbers: B is the one exact match.
        List<Integer> removedByB = new ArrayList<>();
        for (int canary : all) {
            if (!keptByB.contains(canary)) {
                removedByB.add(canary);
            }
        }
        removedByB.addAll(List.of(612345678, 698765432));
        List<Canaries.Suspect> fromRemoved = canaries.attribute(removedByB, Canaries.LeakKind.REMOVED);
        assertThat(fromRemoved.getFirst().professionalId()).isEqualTo(b.professionalId());
        assertThat(fromRemoved.stream().filter(Canaries.Suspect::exact).count()).isEqualTo(1);

        assertThat(canaries.attribute(List.of(612345678), Canaries.LeakKind.KEPT)).isEmpty();
    }

    private Set<Integer> kept(Client client, String file) {
        JsonNode job = client.api().clean(file.getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("counts").path("OPPOSITION_LIST").asLong()).isPositive();
        Set<Integer> kept = new HashSet<>();
        for (String line : client.api().resultText(job.path("id").asString()).split("\n")) {
            if (!line.equals("telephone")) {
                kept.add(Integer.parseInt(line.substring(1)));
            }
        }
        return kept;
    }
}
