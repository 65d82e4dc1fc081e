package fr.consenti.core.rules;

import static fr.consenti.core.rules.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.rules.Decision.Allow;
import fr.consenti.core.rules.Decision.Deny;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class RulesEnginePropertiesTest {

    private static final RulesEngine ENGINE = new RulesEngine();
    private static final long DAY = 86_400_000L;
    private static final long FROM = paris("2023-03-01T00:00").toEpochMilli();
    private static final long TO = paris("2028-06-01T00:00").toEpochMilli();

    record Scenario(CallRequest request, FactsSnapshot facts) {
    }

    enum DenyingFact { OBJECTION, ATTEMPT, REFUSAL, REGISTRATION, WITHDRAWAL, STALE_SCREENING }

    @Property(tries = 600)
    void aCallAtTheNextAllowedInstantIsNeverDeniedForATimeReason(@ForAll("timeBoundScenarios") Scenario s) {
        Decision now = ENGINE.decide(s.request(), s.facts());
        boolean hasNext = now instanceof Deny d && d.nextAllowed() != null;
        Statistics.label("next allowed given").collect(hasNext);
        Statistics.label("next allowed given").coverage(c -> c.check(true).percentage(p -> p > 10));
        if (!hasNext) {
            return;
        }
        Deny deny = (Deny) now;
        assertThat(deny.codes()).allMatch(ReasonCode::timeBased);
        assertThat(deny.nextAllowed()).isAfter(s.request().at());
        Decision later = ENGINE.decide(s.request().at(deny.nextAllowed()), s.facts());
        if (later instanceof Deny d) {
            assertThat(d.codes()).noneMatch(ReasonCode::timeBased);
        }
        // Same facts, only time moved: nothing else can deny either.
        assertThat(later).isInstanceOf(Allow.class);
    }

    @Property(tries = 600)
    void addingADenyingFactNeverTurnsADenialIntoAnAllowance(@ForAll("scenarios") Scenario s,
            @ForAll DenyingFact fact, @ForAll("offsets") long offset) {
        Decision before = ENGINE.decide(s.request(), s.facts());
        Decision after = ENGINE.decide(s.request(), add(s.facts(), fact, s.request().at(), offset));
        Statistics.label("denied before").collect(before instanceof Deny);
        Statistics.label("denied before").coverage(c -> c.check(false).percentage(p -> p > 5));
        if (before instanceof Deny d) {
            assertThat(after).isInstanceOf(Deny.class);
            // Nor does it remove a reason that does not depend on the facts.
            assertThat(((Deny) after).codes()).containsAll(d.codes().stream()
                    .filter(c -> c.ordinal() <= ReasonCode.SECTOR_BANNED.ordinal()).toList());
        }
    }

    @Property(tries = 500)
    void theDecisionDoesNotDependOnTheOrderOfConsentsAndAttempts(@ForAll("scenarios") Scenario s,
            @ForAll long shuffleSeed) {
        List<Consent> consents = new ArrayList<>(s.facts().consents());
        List<Instant> attempts = new ArrayList<>(s.facts().attempts());
        Collections.shuffle(consents, new Random(shuffleSeed));
        Collections.shuffle(attempts, new Random(shuffleSeed + 1));
        FactsSnapshot shuffled = s.facts().withConsents(consents).withAttempts(attempts);
        Statistics.label("several consents or attempts").collect(consents.size() > 1 || attempts.size() > 1);
        Statistics.label("several consents or attempts").coverage(c -> c.check(true).percentage(p -> p > 30));
        assertThat(ENGINE.decide(s.request(), shuffled)).isEqualTo(ENGINE.decide(s.request(), s.facts()));
    }

    @Property(tries = 300)
    void judgesTheCallerIdByTheNumberingPlanOfTheCallDateWhateverTheOrderOfCalls(
            @ForAll("aroundNewYear2026") List<Instant> instants, @ForAll boolean reunion) {
        FrenchNumber caller = reunion ? NPV_02688 : number("0598800001");
        for (Instant at : instants) {
            Decision d = ENGINE.decide(withCallerId(call(at), CallerId.of(caller)), noFacts());
            boolean deniedForCallerId = d instanceof Deny deny && deny.has(ReasonCode.CALLER_ID_NOT_ALLOWED);
            assertThat(deniedForCallerId).as("%s at %s", caller.national(), at).isEqualTo(!caller.npvAt(at));
        }
    }

    @Provide
    Arbitrary<List<Instant>> aroundNewYear2026() {
        long newYear = paris("2026-01-01T00:00").toEpochMilli();
        return Arbitraries.longs().between(newYear - 2 * DAY, newYear + 2 * DAY).map(Instant::ofEpochMilli)
                .list().ofMinSize(1).ofMaxSize(20);
    }

    /** {@code facts} plus one fact that can only deny more; {@code offset} places it relative to the call. */
    private static FactsSnapshot add(FactsSnapshot f, DenyingFact fact, Instant at, long offset) {
        Instant when = at.minusMillis(Math.abs(offset));
        return switch (fact) {
            // The facts keep the latest objection: a consent only lifts an objection made before it.
            case OBJECTION -> f.withObjectedAt(f.objectedAt() == null || when.isAfter(f.objectedAt()) ? when : f.objectedAt());
            case ATTEMPT -> {
                List<Instant> a = new ArrayList<>(f.attempts());
                a.add(when);
                yield f.withAttempts(a);
            }
            case REFUSAL -> f.withLastRefusal(f.lastRefusal() == null || when.isAfter(f.lastRefusal()) ? when : f.lastRefusal());
            case REGISTRATION -> f.registration() != null ? f
                    : f.withRegistration(new OppositionRegistration(when, when.plusMillis(Math.abs(offset) % (30 * DAY)),
                            when.plus(Duration.ofDays(3 * 365))));
            case WITHDRAWAL -> {
                if (f.consents().isEmpty()) {
                    yield f;
                }
                List<Consent> c = new ArrayList<>(f.consents());
                int i = (int) Math.floorMod(offset, c.size());
                Consent old = c.get(i);
                Instant w = old.withdrawnAt() != null && old.withdrawnAt().isBefore(when) ? old.withdrawnAt() : when;
                c.set(i, old.withdrawnAt(w));
                yield f.withConsents(c);
            }
            case STALE_SCREENING -> f.withScreeningValidUntil(f.screeningValidUntil() == null ? null
                    : f.screeningValidUntil().isBefore(when) ? f.screeningValidUntil() : when);
        };
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.longs().between(0, 90 * DAY);
    }

    /** Calls that only time could block: a valid consent or contract, a clean number and caller ID. */
    @Provide
    Arbitrary<Scenario> timeBoundScenarios() {
        return Arbitraries.longs().between(FROM, TO).map(ms -> Instant.ofEpochMilli(ms / 60_000 * 60_000))
                .flatMap(at -> Combinators.combine(requests(at), facts(at), Arbitraries.of(false, true))
                        .as((r, f, contract) -> {
                            CallRequest clean = new CallRequest(r.callee() instanceof FrenchNumber n
                                    && n.callable() ? n : MOBILE, CallerId.of(NPV_0162), PRO,
                                    r.callCentre() == OTHER_CENTRE ? 0 : r.callCentre(), PURPOSE, Sector.OTHER, at,
                                    r.departement(), false, contract);
                            FactsSnapshot facts = f.withObjectedAt(null).withRegistration(null)
                                    .withScreeningValidUntil(at.plus(Duration.ofDays(400)))
                                    .withConsents(List.of(Fixtures.consent(at.minus(Duration.ofDays(20)))));
                            return new Scenario(clean, facts);
                        }));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.longs().between(FROM, TO).map(ms -> Instant.ofEpochMilli(ms / 60_000 * 60_000))
                .flatMap(at -> Combinators.combine(requests(at), facts(at)).as(Scenario::new));
    }

    private static Arbitrary<CallRequest> requests(Instant at) {
        Arbitrary<ParseOutcome> callee = Arbitraries.of(MOBILE, MOBILE, MOBILE,
                REUNION_MOBILE, REUNION_MOBILE, SPECIAL_RATE);
        Arbitrary<CallerId> callerId = Arbitraries.of(CallerId.of(NPV_0162), CallerId.of(NPV_0162),
                CallerId.of(NPV_0162), CallerId.of(NPV_0162), CallerId.of(NPV_02688), CallerId.of(CALLER_MOBILE));
        Arbitrary<Integer> centre = Arbitraries.of(0, 0, CENTRE, OTHER_CENTRE);
        Arbitrary<String> purpose = Arbitraries.of(PURPOSE, PURPOSE, "energy");
        Arbitrary<Sector> sector = Arbitraries.of(Sector.OTHER, Sector.OTHER, Sector.OTHER,
                Sector.OTHER, Sector.OTHER, Sector.PRESS, Sector.ENERGY_RENOVATION, Sector.CPF_TRAINING);
        Arbitrary<String> dep = Arbitraries.of("67", "971", "75").injectNull(0.7);
        Arbitrary<Boolean> b2b = Arbitraries.of(false, false, false, false, false, false, false, false, false, true);
        Arbitrary<Boolean> contract = Arbitraries.of(false, false, false, false, false, true);
        return Combinators.combine(callee, callerId, centre, purpose, sector, dep, b2b, contract)
                .as((c, id, cc, p, s, d, b, k) -> new CallRequest(c, id, PRO, cc, p, s, at, d, b, k));
    }

    private static Arbitrary<FactsSnapshot> facts(Instant at) {
        Arbitrary<Instant> recent = Arbitraries.longs().between(0, 45 * DAY).map(d -> at.minusMillis(d / 60_000 * 60_000));
        Arbitrary<List<Consent>> consents = consent(at).list().ofMaxSize(3);
        Arbitrary<Instant> objection = Arbitraries.longs().between(-5 * DAY, 400 * DAY).map(at::minusMillis).injectNull(0.9);
        Arbitrary<OppositionRegistration> registration = Arbitraries.longs().between(-10 * DAY, 900 * DAY)
                .map(d -> {
                    Instant r = at.minusMillis(d);
                    return new OppositionRegistration(r, r.plus(Duration.ofDays(Math.floorMod(d, 31))),
                            r.plus(Duration.ofDays(3 * 365)));
                }).injectNull(0.6);
        Arbitrary<Instant> screening = Arbitraries.longs().between(-3 * DAY, 30 * DAY).map(at::plusMillis).injectNull(0.05);
        Arbitrary<List<Instant>> attempts = recent.list().ofMaxSize(7);
        Arbitrary<Instant> refusal = Arbitraries.longs().between(0, 90 * DAY).map(at::minusMillis).injectNull(0.6);
        Arbitrary<List<AgreedSlot>> slots = Arbitraries.integers().between(0, 23 * 60).map(startMinute -> {
            LocalDateTime local = LocalDateTime.ofInstant(at, PARIS);
            LocalTime start = LocalTime.ofSecondOfDay(startMinute * 60L);
            LocalTime end = start.plusMinutes(30).isAfter(start) ? start.plusMinutes(30) : LocalTime.MAX;
            return List.of(new AgreedSlot(local.toLocalDate(), start, end));
        }).injectNull(0.85).map(l -> l == null ? List.<AgreedSlot>of() : l);
        return Combinators.combine(consents, objection, registration, screening, attempts, refusal, slots)
                .as(FactsSnapshot::new);
    }

    private static Arbitrary<Consent> consent(Instant at) {
        Arbitrary<Integer> pro = Arbitraries.of(PRO, PRO, PRO, OTHER_PRO);
        Arbitrary<int[]> thirdParties = Arbitraries.of(new int[0], new int[] {CENTRE}, new int[] {OTHER_CENTRE, CENTRE});
        Arbitrary<Set<String>> purposes = Arbitraries.of(Set.of(PURPOSE), Set.of(PURPOSE, "energy"), Set.of("energy"));
        Arbitrary<ConsentChannel> channel = Arbitraries.of(ConsentChannel.class);
        Arbitrary<Long> collectedAgo = Arbitraries.longs().between(-5 * DAY, 500 * DAY);
        Arbitrary<Long> validFor = Arbitraries.longs().between(DAY, 500 * DAY).injectNull(0.5);
        Arbitrary<Long> withdrawnAfter = Arbitraries.longs().between(0, 600 * DAY).injectNull(0.7);
        return Combinators.combine(pro, thirdParties, purposes, channel, collectedAgo, validFor, withdrawnAfter)
                .as((p, tp, pu, ch, ago, valid, withdrawn) -> {
                    Instant collected = at.minusMillis(ago);
                    return new Consent(p, tp, pu, ch, collected, valid == null ? null : collected.plusMillis(valid),
                            withdrawn == null ? null : collected.plusMillis(withdrawn));
                });
    }
}
