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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Properties of the engine over scenarios drawn from a fixed seed, so that a failure is reproducible: each failure
 * names the seed, the trial and the sample. {@code -Drules.seed=…} explores other scenarios. Each property also
 * checks that the scenarios reach the case it is about often enough, so that it cannot pass vacuously.
 */
class RulesEnginePropertiesTest {

    private static final long SEED = Long.getLong("rules.seed", 20_260_601L);

    private static final RulesEngine ENGINE = new RulesEngine();
    private static final long DAY = 86_400_000L;
    private static final long FROM = paris("2023-03-01T00:00").toEpochMilli();
    private static final long TO = paris("2028-06-01T00:00").toEpochMilli();

    record Scenario(CallRequest request, FactsSnapshot facts) {
    }

    enum DenyingFact { OBJECTION, ATTEMPT, REFUSAL, REGISTRATION, WITHDRAWAL, STALE_SCREENING }

    @Test
    void aCallAtTheNextAllowedInstantIsNeverDeniedForATimeReason() {
        long seed = SEED + 1;
        SplittableRandom random = new SplittableRandom(seed);
        int tries = 600;
        int withNext = 0;
        for (int i = 0; i < tries; i++) {
            Scenario s = timeBoundScenario(random);
            String what = trial(seed, i, s);
            Decision now = ENGINE.decide(s.request(), s.facts());
            if (!(now instanceof Deny deny && deny.nextAllowed() != null)) {
                continue;
            }
            withNext++;
            assertThat(deny.codes()).as(what).allMatch(ReasonCode::timeBased);
            assertThat(deny.nextAllowed()).as(what).isAfter(s.request().at());
            Decision later = ENGINE.decide(s.request().at(deny.nextAllowed()), s.facts());
            if (later instanceof Deny d) {
                assertThat(d.codes()).as(what).noneMatch(ReasonCode::timeBased);
            }
            // Same facts, only time moved: nothing else can deny either.
            assertThat(later).as(what).isInstanceOf(Allow.class);
        }
        assertThat(100.0 * withNext / tries).as("seed %d: %% of scenarios denied with a next allowed instant", seed)
                .isGreaterThan(10);
    }

    @Test
    void addingADenyingFactNeverTurnsADenialIntoAnAllowance() {
        long seed = SEED + 2;
        SplittableRandom random = new SplittableRandom(seed);
        int tries = 600;
        int allowedBefore = 0;
        for (int i = 0; i < tries; i++) {
            Scenario s = scenario(random);
            DenyingFact fact = oneOf(random, DenyingFact.values());
            long offset = between(random, 0, 90 * DAY);
            String what = trial(seed, i, s, fact, offset);
            Decision before = ENGINE.decide(s.request(), s.facts());
            Decision after = ENGINE.decide(s.request(), add(s.facts(), fact, s.request().at(), offset));
            if (before instanceof Deny d) {
                assertThat(after).as(what).isInstanceOf(Deny.class);
                // Nor does it remove a reason that does not depend on the facts.
                assertThat(((Deny) after).codes()).as(what).containsAll(d.codes().stream()
                        .filter(c -> c.ordinal() <= ReasonCode.SECTOR_BANNED.ordinal()).toList());
            } else {
                allowedBefore++;
            }
        }
        assertThat(100.0 * allowedBefore / tries).as("seed %d: %% of scenarios allowed before the fact", seed)
                .isGreaterThan(5);
    }

    @Test
    void theDecisionDoesNotDependOnTheOrderOfConsentsAndAttempts() {
        long seed = SEED + 3;
        SplittableRandom random = new SplittableRandom(seed);
        int tries = 500;
        int several = 0;
        for (int i = 0; i < tries; i++) {
            Scenario s = scenario(random);
            long shuffleSeed = random.nextLong();
            List<Consent> consents = new ArrayList<>(s.facts().consents());
            List<Instant> attempts = new ArrayList<>(s.facts().attempts());
            Collections.shuffle(consents, new Random(shuffleSeed));
            Collections.shuffle(attempts, new Random(shuffleSeed + 1));
            FactsSnapshot shuffled = s.facts().withConsents(consents).withAttempts(attempts);
            if (consents.size() > 1 || attempts.size() > 1) {
                several++;
            }
            assertThat(ENGINE.decide(s.request(), shuffled)).as(trial(seed, i, s, shuffleSeed))
                    .isEqualTo(ENGINE.decide(s.request(), s.facts()));
        }
        assertThat(100.0 * several / tries).as("seed %d: %% of scenarios with several consents or attempts", seed)
                .isGreaterThan(30);
    }

    @Test
    void judgesTheCallerIdByTheNumberingPlanOfTheCallDateWhateverTheOrderOfCalls() {
        long seed = SEED + 4;
        SplittableRandom random = new SplittableRandom(seed);
        long newYear = paris("2026-01-01T00:00").toEpochMilli();
        for (int i = 0; i < 300; i++) {
            List<Instant> instants = listOf(random, 1, 20,
                    () -> Instant.ofEpochMilli(between(random, newYear - 2 * DAY, newYear + 2 * DAY)));
            boolean reunion = random.nextBoolean();
            FrenchNumber caller = reunion ? NPV_02688 : number("0598800001");
            for (Instant at : instants) {
                Decision d = ENGINE.decide(withCallerId(call(at), CallerId.of(caller)), noFacts());
                boolean deniedForCallerId = d instanceof Deny deny && deny.has(ReasonCode.CALLER_ID_NOT_ALLOWED);
                assertThat(deniedForCallerId).as("%s: %s at %s", trial(seed, i, instants), caller.national(), at)
                        .isEqualTo(!caller.npvAt(at));
            }
        }
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

    /** Calls that only time could block: a valid consent or contract, a clean number and caller ID. */
    private static Scenario timeBoundScenario(SplittableRandom random) {
        Instant at = callInstant(random);
        CallRequest r = request(random, at);
        FactsSnapshot f = facts(random, at);
        boolean contract = random.nextBoolean();
        CallRequest clean = new CallRequest(r.callee() instanceof FrenchNumber n && n.callable() ? n : MOBILE,
                CallerId.of(NPV_0162), PRO, r.callCentre() == OTHER_CENTRE ? 0 : r.callCentre(), PURPOSE,
                Sector.OTHER, at, r.departement(), false, contract);
        FactsSnapshot facts = f.withObjectedAt(null).withRegistration(null)
                .withScreeningValidUntil(at.plus(Duration.ofDays(400)))
                .withConsents(List.of(Fixtures.consent(at.minus(Duration.ofDays(20)))));
        return new Scenario(clean, facts);
    }

    private static Scenario scenario(SplittableRandom random) {
        Instant at = callInstant(random);
        return new Scenario(request(random, at), facts(random, at));
    }

    /** A whole minute between March 2023 and June 2028. */
    private static Instant callInstant(SplittableRandom random) {
        return Instant.ofEpochMilli(between(random, FROM, TO) / 60_000 * 60_000);
    }

    private static CallRequest request(SplittableRandom random, Instant at) {
        ParseOutcome callee = oneOf(random, MOBILE, MOBILE, MOBILE, REUNION_MOBILE, REUNION_MOBILE, SPECIAL_RATE);
        CallerId callerId = CallerId.of(oneOf(random, NPV_0162, NPV_0162, NPV_0162, NPV_0162, NPV_02688,
                CALLER_MOBILE));
        int centre = oneOf(random, 0, 0, CENTRE, OTHER_CENTRE);
        String purpose = oneOf(random, PURPOSE, PURPOSE, "energy");
        Sector sector = oneOf(random, Sector.OTHER, Sector.OTHER, Sector.OTHER, Sector.OTHER, Sector.OTHER,
                Sector.PRESS, Sector.ENERGY_RENOVATION, Sector.CPF_TRAINING);
        String dep = orNull(random, 0.7, () -> oneOf(random, "67", "971", "75"));
        boolean b2b = random.nextInt(10) == 0;
        boolean contract = random.nextInt(6) == 0;
        return new CallRequest(callee, callerId, PRO, centre, purpose, sector, at, dep, b2b, contract);
    }

    private static FactsSnapshot facts(SplittableRandom random, Instant at) {
        List<Consent> consents = listOf(random, 0, 3, () -> consent(random, at));
        Instant objection = orNull(random, 0.9, () -> at.minusMillis(between(random, -5 * DAY, 400 * DAY)));
        OppositionRegistration registration = orNull(random, 0.6, () -> {
            long d = between(random, -10 * DAY, 900 * DAY);
            Instant r = at.minusMillis(d);
            return new OppositionRegistration(r, r.plus(Duration.ofDays(Math.floorMod(d, 31))),
                    r.plus(Duration.ofDays(3 * 365)));
        });
        Instant screening = orNull(random, 0.05, () -> at.plusMillis(between(random, -3 * DAY, 30 * DAY)));
        List<Instant> attempts = listOf(random, 0, 7,
                () -> at.minusMillis(between(random, 0, 45 * DAY) / 60_000 * 60_000));
        Instant refusal = orNull(random, 0.6, () -> at.minusMillis(between(random, 0, 90 * DAY)));
        List<AgreedSlot> slots = orNull(random, 0.85, () -> {
            LocalDateTime local = LocalDateTime.ofInstant(at, PARIS);
            LocalTime start = LocalTime.ofSecondOfDay(between(random, 0, 23 * 60) * 60L);
            LocalTime end = start.plusMinutes(30).isAfter(start) ? start.plusMinutes(30) : LocalTime.MAX;
            return List.of(new AgreedSlot(local.toLocalDate(), start, end));
        });
        return new FactsSnapshot(consents, objection, registration, screening, attempts, refusal,
                slots == null ? List.of() : slots);
    }

    private static Consent consent(SplittableRandom random, Instant at) {
        int pro = oneOf(random, PRO, PRO, PRO, OTHER_PRO);
        int[] thirdParties = switch (random.nextInt(3)) {
            case 0 -> new int[0];
            case 1 -> new int[] {CENTRE};
            default -> new int[] {OTHER_CENTRE, CENTRE};
        };
        Set<String> purposes = oneOf(random, Set.of(PURPOSE), Set.of(PURPOSE, "energy"), Set.of("energy"));
        ConsentChannel channel = oneOf(random, ConsentChannel.values());
        Instant collected = at.minusMillis(between(random, -5 * DAY, 500 * DAY));
        Long validFor = orNull(random, 0.5, () -> between(random, DAY, 500 * DAY));
        Long withdrawnAfter = orNull(random, 0.7, () -> between(random, 0, 600 * DAY));
        return new Consent(pro, thirdParties, purposes, channel, collected,
                validFor == null ? null : collected.plusMillis(validFor),
                withdrawnAfter == null ? null : collected.plusMillis(withdrawnAfter));
    }

    /** Uniform in {@code [min, max]}, but one of its ends one time in sixteen. */
    private static long between(SplittableRandom random, long min, long max) {
        int edge = random.nextInt(32);
        return edge == 0 ? min : edge == 1 ? max : random.nextLong(min, max + 1);
    }

    @SafeVarargs
    private static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** {@code null} with probability {@code p}, else a value. */
    private static <T> T orNull(SplittableRandom random, double p, Supplier<T> value) {
        return random.nextDouble() < p ? null : value.get();
    }

    /** Between {@code min} and {@code max} values, the sizes uniform, an end of the range one time in sixteen. */
    private static <T> List<T> listOf(SplittableRandom random, int min, int max, Supplier<T> element) {
        int size = (int) between(random, min, max);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    private static String trial(long seed, int trial, Object... sample) {
        return "seed " + seed + ", trial " + trial + ": " + Arrays.toString(sample);
    }
}
