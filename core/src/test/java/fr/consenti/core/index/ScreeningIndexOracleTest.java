package fr.consenti.core.index;

import static fr.consenti.core.index.IndexFixtures.CENTRE;
import static fr.consenti.core.index.IndexFixtures.OTHER_PRO;
import static fr.consenti.core.index.IndexFixtures.PRO;
import static fr.consenti.core.index.IndexFixtures.call;
import static fr.consenti.core.index.IndexFixtures.paris;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.index.ChangeEvent.AttemptRecorded;
import fr.consenti.core.index.ChangeEvent.ConsentGiven;
import fr.consenti.core.index.ChangeEvent.ConsentWithdrawn;
import fr.consenti.core.index.ChangeEvent.ConsentsWithdrawn;
import fr.consenti.core.index.ChangeEvent.ObjectionRecorded;
import fr.consenti.core.index.ChangeEvent.OppositionRegistered;
import fr.consenti.core.index.ChangeEvent.OppositionRemoved;
import fr.consenti.core.index.ChangeEvent.RefusalRecorded;
import fr.consenti.core.index.ChangeEvent.SlotAgreed;
import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Facts;
import fr.consenti.core.rules.FactsSnapshot;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.core.rules.Policies;
import fr.consenti.core.rules.RulesEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random feeds applied to the index give the engine the same decisions as the straightforward model below, which
 * replays the whole event log for each query with plain maps and lists, for calls after the last event (the
 * present the index serves). Both regimes, the index fed by events and the index built from rows.
 */
class ScreeningIndexOracleTest {

    private static final int[] PROS = {PRO, OTHER_PRO};
    private static final int[] NSNS = {612_000_001, 612_000_002, 692_000_003, 145_000_004};
    private static final Duration BOUND = Duration.ofDays(3650);
    private static final String[] PURPOSES = {"insurance", "energy"};

    @Test
    void optOutEra() {
        run(paris("2025-01-06T08:00"), 11);
    }

    @Test
    void optInEra() {
        run(paris("2026-09-01T08:00"), 12);
    }

    @Test
    void optInEraWithoutRegistryWithdrawal() {
        run(paris("2026-09-01T08:00"), 13, new Policies(java.time.Period.ofYears(1), true, false, 60, 4, 30));
    }

    private void run(Instant start, long seed) {
        run(start, seed, Policies.DEFAULTS);
    }

    private void run(Instant start, long seed, Policies policies) {
        RulesEngine engine = new RulesEngine(policies);
        SplittableRandom random = new SplittableRandom(seed);
        int compared = 0;
        for (int round = 0; round < 150; round++) {
            Feed feed = new Feed(random, start);
            int events = 1 + random.nextInt(60);
            for (int i = 0; i < events; i++) {
                feed.next();
            }
            ScreeningIndex fed = ScreeningIndex.builder(policies, BOUND, 4, 1 + random.nextInt(4))
                    .build(0, start);
            for (ChangeEvent e : feed.log) {
                fed.apply(e, start);
            }
            // Replays of old events change nothing.
            for (int i = 0; i < 5 && !feed.log.isEmpty(); i++) {
                assertThat(fed.apply(feed.log.get(random.nextInt(feed.log.size())), start)).isFalse();
            }
            ScreeningIndex built = buildFromRows(feed.log, policies, start);
            Instant end = feed.latest;
            for (int q = 0; q < 40; q++) {
                int pro = PROS[random.nextInt(PROS.length)];
                int nsn = NSNS[random.nextInt(NSNS.length)];
                Instant at = end.plusSeconds(random.nextLong(40L * 86_400));
                int centre = random.nextInt(3) == 0 ? CENTRE : 0;
                String purpose = PURPOSES[random.nextInt(PURPOSES.length)];
                Facts model = model(feed.log, pro, nsn, start.plus(BOUND), policies);
                Decision expected = engine.decide(call(pro, centre, nsn, purpose, at), model);
                assertThat(engine.decide(call(pro, centre, nsn, purpose, at), fed.factsFor(pro, nsn)))
                        .as("round %d, fed, pro %d, nsn %d at %s", round, pro, nsn, at).isEqualTo(expected);
                assertThat(engine.decide(call(pro, centre, nsn, purpose, at), built.factsFor(pro, nsn)))
                        .as("round %d, built, pro %d, nsn %d at %s", round, pro, nsn, at).isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(150 * 40);
    }

    /** The builder given the log as database rows: the latest registration, its retired predecessors, the rest. */
    private static ScreeningIndex buildFromRows(List<ChangeEvent> log, Policies policies, Instant start) {
        ScreeningIndex.Builder b = ScreeningIndex.builder(policies, BOUND);
        Map<Integer, OppositionRegistration> current = new HashMap<>();
        for (ChangeEvent e : log) {
            switch (e) {
                case OppositionRegistered r -> {
                    OppositionRegistration old = current.put(r.nsn(), r.registration());
                    if (old != null && !old.registeredAt().equals(r.registration().registeredAt())) {
                        b.retiredRegistration(r.nsn(), old.registeredAt());
                    }
                }
                case OppositionRemoved r -> {
                    OppositionRegistration old = current.remove(r.nsn());
                    if (old != null) {
                        b.retiredRegistration(r.nsn(), old.registeredAt());
                    }
                }
                case ObjectionRecorded o -> b.objection(o.professional(), o.nsn(), o.at());
                case ConsentGiven c -> b.consent(c.nsn(), c.consent());
                case ConsentWithdrawn w -> b.consentWithdrawn(w.professional(), w.nsn(), w.collectedAt(), w.at());
                case ConsentsWithdrawn w -> b.consentsWithdrawn(w.professional(), w.nsn(), w.at());
                case AttemptRecorded a -> b.attempt(a.professional(), a.nsn(), a.at());
                case RefusalRecorded r -> b.refusal(r.professional(), r.nsn(), r.at());
                case SlotAgreed s -> b.slot(s.professional(), s.nsn(), s.slot());
            }
        }
        current.forEach(b::registration);
        return b.build(log.isEmpty() ? 0 : log.getLast().sequence(), start);
    }

    /** The facts by the rules read literally over the whole log; nothing incremental. */
    private static Facts model(List<ChangeEvent> log, int pro, int nsn, Instant validUntil, Policies policies) {
        OppositionRegistration registration = null;
        List<Instant> retired = new ArrayList<>();
        Map<Instant, Consent> consents = new LinkedHashMap<>();
        List<Instant> withdrawals = new ArrayList<>();
        Map<Instant, List<Instant>> withdrawalsOf = new HashMap<>();
        Instant objectedAt = null;
        List<Instant> attempts = new ArrayList<>();
        Instant refusal = null;
        Set<AgreedSlot> slots = new LinkedHashSet<>();
        for (ChangeEvent e : log) {
            switch (e) {
                case OppositionRegistered r when r.nsn() == nsn -> {
                    if (registration != null
                            && !registration.registeredAt().equals(r.registration().registeredAt())) {
                        retired.add(registration.registeredAt());
                    }
                    registration = r.registration();
                }
                case OppositionRemoved r when r.nsn() == nsn -> {
                    if (registration != null) {
                        retired.add(registration.registeredAt());
                    }
                    registration = null;
                }
                case ObjectionRecorded o when o.professional() == pro && o.nsn() == nsn ->
                        objectedAt = objectedAt == null || o.at().isAfter(objectedAt) ? o.at() : objectedAt;
                case ConsentGiven c when c.consent().professional() == pro && c.nsn() == nsn -> {
                    consents.put(c.consent().collectedAt(), c.consent());
                    if (c.consent().withdrawnAt() != null) {
                        withdrawalsOf.computeIfAbsent(c.consent().collectedAt(), k -> new ArrayList<>())
                                .add(c.consent().withdrawnAt());
                    }
                }
                case ConsentWithdrawn w when w.professional() == pro && w.nsn() == nsn ->
                        withdrawalsOf.computeIfAbsent(w.collectedAt(), k -> new ArrayList<>()).add(w.at());
                case ConsentsWithdrawn w when w.professional() == pro && w.nsn() == nsn -> withdrawals.add(w.at());
                case AttemptRecorded a when a.professional() == pro && a.nsn() == nsn -> attempts.add(a.at());
                case RefusalRecorded r when r.professional() == pro && r.nsn() == nsn ->
                        refusal = refusal == null || r.at().isAfter(refusal) ? r.at() : refusal;
                case SlotAgreed s when s.professional() == pro && s.nsn() == nsn -> slots.add(s.slot());
                default -> {
                }
            }
        }
        List<Consent> out = new ArrayList<>();
        for (Consent c : consents.values()) {
            Instant w = null;
            List<Instant> candidates = new ArrayList<>(withdrawalsOf.getOrDefault(c.collectedAt(), List.of()));
            // Withdrawing all, or a registration that no longer speaks for the number: consents held then.
            for (Instant t : withdrawals) {
                if (!t.isBefore(c.collectedAt())) {
                    candidates.add(t);
                }
            }
            if (policies.registryWithdrawsConsents()) {
                for (Instant t : retired) {
                    if (!t.isBefore(c.collectedAt())) {
                        candidates.add(t);
                    }
                }
            }
            for (Instant t : candidates) {
                w = w == null || t.isBefore(w) ? t : w;
            }
            out.add(Objects.equals(w, c.withdrawnAt()) ? c : c.withdrawnAt(w));
        }
        return new FactsSnapshot(out, objectedAt, registration, validUntil, attempts, refusal, List.copyOf(slots));
    }

    /** A random feed over a small universe, so that events collide on the same keys and consents. */
    private static final class Feed {
        final SplittableRandom random;
        final Instant start;
        final List<ChangeEvent> log = new ArrayList<>();
        final Instant[] collections;
        Instant latest;
        long seq;

        Feed(SplittableRandom random, Instant start) {
            this.random = random;
            this.start = start;
            this.latest = start;
            this.collections = new Instant[4];
            for (int i = 0; i < collections.length; i++) {
                collections[i] = instant();
            }
        }

        Instant instant() {
            // Whole seconds and milliseconds both: the opposition table stores them differently.
            long ms = random.nextLong(60L * 86_400_000);
            return start.plusMillis(random.nextBoolean() ? ms / 1000 * 1000 : ms);
        }

        void next() {
            int pro = PROS[random.nextInt(PROS.length)];
            int nsn = NSNS[random.nextInt(NSNS.length)];
            Instant at = instant();
            seq += 1 + random.nextInt(3);
            ChangeEvent e = switch (random.nextInt(11)) {
                case 0, 1 -> new OppositionRegistered(seq, nsn, new OppositionRegistration(at,
                        at.plus(Duration.ofDays(random.nextInt(31))),
                        at.plus(Duration.ofDays(31 + random.nextInt(1200)))));
                case 2 -> new OppositionRemoved(seq, nsn, at);
                case 3 -> new ObjectionRecorded(seq, pro, nsn, at);
                case 4, 5 -> new ConsentGiven(seq, nsn, consent(pro));
                case 6 -> new ConsentWithdrawn(seq, pro, nsn, collections[random.nextInt(collections.length)], at);
                case 7 -> new ConsentsWithdrawn(seq, pro, nsn, at);
                case 8 -> new AttemptRecorded(seq, pro, nsn, at);
                case 9 -> new RefusalRecorded(seq, pro, nsn, at);
                default -> new SlotAgreed(seq, pro, nsn, new AgreedSlot(
                        LocalDate.ofInstant(at, ZoneId.of("Europe/Paris")).plusDays(random.nextInt(50)),
                        LocalTime.of(20, 0), LocalTime.of(21, 0)));
            };
            log.add(e);
            if (at.isAfter(latest)) {
                latest = at;
            }
        }

        Consent consent(int pro) {
            Instant collected = collections[random.nextInt(collections.length)];
            Instant validUntil = random.nextInt(4) == 0
                    ? collected.plus(Duration.ofDays(10 + random.nextInt(100))) : null;
            Instant withdrawn = random.nextInt(6) == 0 ? collected.plus(Duration.ofDays(random.nextInt(40))) : null;
            Set<String> purposes = random.nextInt(4) == 0 ? Set.of(PURPOSES[1]) : Set.of(PURPOSES[0]);
            int[] centres = random.nextBoolean() ? new int[] {CENTRE} : new int[0];
            ConsentChannel channel = ConsentChannel.values()[random.nextInt(ConsentChannel.values().length)];
            if (withdrawn != null && withdrawn.isAfter(latest)) {
                latest = withdrawn;
            }
            return new Consent(pro, centres, purposes, channel, collected, validUntil, withdrawn);
        }
    }
}
