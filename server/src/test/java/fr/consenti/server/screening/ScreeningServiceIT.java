package fr.consenti.server.screening;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.number.NumberParser;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.CallerId;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.ReasonCode;
import fr.consenti.core.rules.Sector;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

@ConsentiIT
class ScreeningServiceIT {

    /** A Monday in the opt-out era, inside the calling hours in Paris (10:30 local). */
    private static final Instant OPT_OUT_MONDAY = Instant.parse("2026-03-02T09:30:00Z");

    @Autowired
    DataSource dataSource;
    @Autowired
    ChangeFeed feed;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ScreeningService running;
    @Autowired
    ScreeningHealth health;
    @Autowired
    MeterRegistry meters;

    private ScreeningService build(Duration staleBound) throws Exception {
        return new ScreeningService(dataSource, feed, Clock.systemUTC(), new SimpleMeterRegistry(), staleBound,
                Duration.ofMillis(250), Duration.ofSeconds(1), Period.ofYears(1));
    }

    private static int nsn() {
        return 610_000_000 + ThreadLocalRandom.current().nextInt(10_000_000);
    }

    private static CallRequest request(Professional professional, int nsn, Instant at) {
        return new CallRequest(NumberParser.parse("0" + nsn), CallerId.of(NumberParser.parse("0162000000")),
                Integer.parseInt(professional.siren().value()), 0, "ENERGY", Sector.OTHER, at, null, false, false);
    }

    @Test
    void indexBuiltAtStartHoldsTheOppositionListAndTheObjectionsOfTheTables() throws Exception {
        Professional professional = accounts.professional();
        int listed = nsn();
        int objected = nsn();
        int clean = nsn();
        jdbc.sql("""
                insert into opposition_entry (nsn, registered_at, effective_from, term_end, source)
                values (?, ?, ?, ?, 'IMPORT')""")
                .params(listed, Instant.parse("2025-01-01T00:00:00Z").atOffset(ZoneOffset.UTC),
                        Instant.parse("2025-01-31T00:00:00Z").atOffset(ZoneOffset.UTC),
                        Instant.parse("2028-01-31T00:00:00Z").atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("""
                insert into objection (professional_id, nsn, e164, objected_at, recorded_at, source)
                values (?, ?, ?, ?, ?, 'API')""")
                .params(professional.id(), objected, "+33" + objected,
                        Instant.parse("2026-01-05T10:00:00Z").atOffset(ZoneOffset.UTC),
                        Instant.parse("2026-01-05T10:00:00Z").atOffset(ZoneOffset.UTC))
                .update();
        ScreeningService service = build(Duration.ofHours(1));

        Decision onList = service.decide(request(professional, listed, OPT_OUT_MONDAY), false).decision();
        assertThat(onList).isInstanceOf(Decision.Deny.class);
        assertThat(((Decision.Deny) onList).codes()).contains(ReasonCode.OPPOSITION_LIST);
        Decision objection = service.decide(request(professional, objected, OPT_OUT_MONDAY), false).decision();
        assertThat(((Decision.Deny) objection).codes()).contains(ReasonCode.OBJECTION);
        Decision allowed = service.decide(request(professional, clean, OPT_OUT_MONDAY), false).decision();
        assertThat(allowed).isInstanceOf(Decision.Allow.class);
        assertThat(service.loadedCounts().registrations()).isPositive();
        assertThat(service.loadedCounts().objections()).isPositive();
    }

    @Test
    void pastTheStaleBoundEveryDecisionIsDeniedScreeningDataStaleNeverClean() throws Exception {
        Professional professional = accounts.professional();
        // Never started: nothing confirms the index current after its build, so a nanosecond makes it stale.
        ScreeningService stale = build(Duration.ofNanos(1));
        assertThat(stale.isStale()).isTrue();
        Decision decision = stale.decide(request(professional, nsn(), OPT_OUT_MONDAY), false).decision();
        assertThat(decision).isInstanceOf(Decision.Deny.class);
        assertThat(((Decision.Deny) decision).codes()).containsExactly(ReasonCode.SCREENING_DATA_STALE);
        assertThat(((Decision.Deny) decision).nextAllowed()).isNull();
    }

    @Test
    void theRunningNodeIsCurrentAndSaysSoInHealthAndMetrics() {
        assertThat(running.isStale()).isFalse();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsKeys("lagMillis", "feedPosition", "staleBoundMillis");
        assertThat(meters.find("consenti.screening.lag").gauge()).isNotNull();
        assertThat(meters.find("consenti.screening.lag").gauge().value()).isLessThan(
                running.staleBound().toNanos() / 1e9);
    }
}
