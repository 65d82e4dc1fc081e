package fr.consenti.core.index;

import static fr.consenti.core.index.IndexFixtures.CENTRE;
import static fr.consenti.core.index.IndexFixtures.OTHER_PRO;
import static fr.consenti.core.index.IndexFixtures.PRO;
import static fr.consenti.core.index.IndexFixtures.PURPOSE;
import static fr.consenti.core.index.IndexFixtures.call;
import static fr.consenti.core.index.IndexFixtures.consent;
import static fr.consenti.core.index.IndexFixtures.paris;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Facts;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.core.rules.Policies;
import fr.consenti.core.rules.ReasonCode;
import fr.consenti.core.rules.RulesEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScreeningIndexTest {

    private static final int NSN = 612_345_678;
    private static final Instant T0 = paris("2026-09-01T09:00");
    private static final Instant LOADED = paris("2026-09-01T08:00");
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final RulesEngine ENGINE = new RulesEngine();

    private long seq;

    private ScreeningIndex empty() {
        return ScreeningIndex.builder(Policies.DEFAULTS, BOUND).build(0, LOADED);
    }

    private void apply(ScreeningIndex index, ChangeEvent e) {
        assertThat(index.apply(e, LOADED.plusMillis(e.sequence()))).isTrue();
    }

    private static OppositionRegistration reg(Instant registeredAt) {
        return new OppositionRegistration(registeredAt, registeredAt.plus(Duration.ofDays(30)),
                registeredAt.plus(Duration.ofDays(30 + 3 * 365)));
    }

    private static Consent only(Facts f) {
        assertThat(f.consents()).hasSize(1);
        return f.consents().getFirst();
    }

    @Test
    void emptyIndexKnowsNothingAndIsCurrentAsLoaded() {
        ScreeningIndex index = empty();
        Facts f = index.factsFor(PRO, NSN);
        assertThat(f.consents()).isEmpty();
        assertThat(f.objectedAt()).isNull();
        assertThat(f.registration()).isNull();
        assertThat(f.attemptCount()).isZero();
        assertThat(f.lastRefusal()).isNull();
        assertThat(f.agreedSlots()).isEmpty();
        assertThat(f.screeningValidUntil()).isEqualTo(LOADED.plus(BOUND));
        assertThat(index.lastSequence()).isZero();
        assertThat(index.lastAppliedAt()).isEqualTo(LOADED);
    }

    @Test
    void oppositionRegisteredThenRemoved() {
        ScreeningIndex index = empty();
        OppositionRegistration r = reg(T0.minus(Duration.ofDays(60)));
        apply(index, new OppositionRegistered(++seq, NSN, r));
        assertThat(index.registration(NSN)).isEqualTo(r);
        assertThat(index.factsFor(PRO, NSN).registration()).isEqualTo(r);
        assertThat(index.registration(NSN + 1)).isNull();
        assertThat(index.listedNumbers()).isEqualTo(1);

        apply(index, new OppositionRemoved(++seq, NSN, T0));
        assertThat(index.registration(NSN)).isNull();
        assertThat(index.listedNumbers()).isZero();
    }

    @Test
    void theListDeniesOptOutCallsThroughTheEngine() {
        Instant at = paris("2025-03-04T11:00");
        ScreeningIndex index = ScreeningIndex.builder(Policies.DEFAULTS, BOUND).build(0, at.minusSeconds(10));
        assertThat(index.apply(new OppositionRegistered(++seq, NSN, reg(at.minus(Duration.ofDays(90)))),
                at.minusSeconds(1))).isTrue();
        Decision d = ENGINE.decide(call(PRO, 0, NSN, PURPOSE, at), index.factsFor(PRO, NSN));
        assertThat(d).isInstanceOfSatisfying(Decision.Deny.class,
                deny -> assertThat(deny.codes()).containsExactly(ReasonCode.OPPOSITION_LIST));
        Decision other = ENGINE.decide(call(PRO, 0, NSN + 1, PURPOSE, at), index.factsFor(PRO, NSN + 1));
        assertThat(other).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void removingARegistrationKeepsTheConsentsItWithdrawn() {
        ScreeningIndex index = empty();
        Instant registered = T0.plus(Duration.ofDays(1));
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0)));
        apply(index, new ConsentGiven(++seq, NSN, consent(OTHER_PRO, T0.plus(Duration.ofDays(2)))));
        apply(index, new OppositionRegistered(++seq, NSN, reg(registered)));
        apply(index, new OppositionRemoved(++seq, NSN, T0.plus(Duration.ofDays(3))));

        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isEqualTo(registered);
        assertThat(only(index.factsFor(OTHER_PRO, NSN)).withdrawnAt()).isNull();
        // A consent collected before that registration and loaded late is withdrawn too.
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0.minus(Duration.ofDays(5)))));
        assertThat(index.factsFor(PRO, NSN).consents()).extracting(Consent::withdrawnAt)
                .containsOnly(registered);
    }

    @Test
    void aRegistrationAtAnotherInstantRetiresTheOldOneButARenewalDoesNot() {
        ScreeningIndex index = empty();
        Instant first = T0.plus(Duration.ofDays(1));
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0)));
        apply(index, new OppositionRegistered(++seq, NSN, reg(first)));
        OppositionRegistration renewed = new OppositionRegistration(first, first.plus(Duration.ofDays(30)),
                first.plus(Duration.ofDays(6 * 365)));
        apply(index, new OppositionRegistered(++seq, NSN, renewed));
        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isNull();
        assertThat(index.registration(NSN)).isEqualTo(renewed);

        apply(index, new OppositionRegistered(++seq, NSN, reg(T0.minus(Duration.ofDays(10)))));
        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isEqualTo(first);
    }

    @Test
    void withoutTheRegistryPolicyRemovalWithdrawsNothing() {
        Policies off = new Policies(Period.ofYears(1), true, false, 60, 4, 30);
        ScreeningIndex index = ScreeningIndex.builder(off, BOUND).build(0, LOADED);
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0)));
        apply(index, new OppositionRegistered(++seq, NSN, reg(T0.plusSeconds(1))));
        apply(index, new OppositionRemoved(++seq, NSN, T0.plusSeconds(2)));
        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isNull();
    }

    @Test
    void objectionKeepsTheLatestAndIsPerProfessional() {
        ScreeningIndex index = empty();
        apply(index, new ObjectionRecorded(++seq, PRO, NSN, T0));
        assertThat(index.factsFor(PRO, NSN).objectedAt()).isEqualTo(T0);
        assertThat(index.factsFor(OTHER_PRO, NSN).objectedAt()).isNull();
        apply(index, new ObjectionRecorded(++seq, PRO, NSN, T0.minusSeconds(60)));
        assertThat(index.factsFor(PRO, NSN).objectedAt()).isEqualTo(T0);
        apply(index, new ObjectionRecorded(++seq, PRO, NSN, T0.plusSeconds(60)));
        assertThat(index.factsFor(PRO, NSN).objectedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void consentGivenUpdatedAndWithdrawn() {
        ScreeningIndex index = empty();
        Consent c = consent(PRO, T0);
        apply(index, new ConsentGiven(++seq, NSN, c));
        assertThat(index.factsFor(PRO, NSN).consents()).containsExactly(c);
        assertThat(index.factsFor(OTHER_PRO, NSN).consents()).isEmpty();

        Consent extended = new Consent(PRO, new int[] {CENTRE}, c.purposes(), c.channel(), T0,
                T0.plus(Duration.ofDays(100)), null);
        apply(index, new ConsentGiven(++seq, NSN, extended));
        assertThat(index.factsFor(PRO, NSN).consents()).containsExactly(extended);

        Instant withdrawn = T0.plus(Duration.ofDays(1));
        apply(index, new ConsentWithdrawn(++seq, PRO, NSN, T0, withdrawn));
        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isEqualTo(withdrawn);
        // A later withdrawal of the same consent does not move it later; an earlier one does.
        apply(index, new ConsentWithdrawn(++seq, PRO, NSN, T0, withdrawn.plusSeconds(5)));
        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isEqualTo(withdrawn);
        apply(index, new ConsentWithdrawn(++seq, PRO, NSN, T0, withdrawn.minusSeconds(5)));
        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isEqualTo(withdrawn.minusSeconds(5));
        // The consent given again (a replayed import) stays withdrawn.
        apply(index, new ConsentGiven(++seq, NSN, c));
        assertThat(only(index.factsFor(PRO, NSN)).withdrawnAt()).isEqualTo(withdrawn.minusSeconds(5));
    }

    @Test
    void aWithdrawalBeforeItsConsentIsKeptForIt() {
        ScreeningIndex index = empty();
        Instant withdrawn = T0.plus(Duration.ofDays(1));
        apply(index, new ConsentWithdrawn(++seq, PRO, NSN, T0, withdrawn));
        assertThat(index.factsFor(PRO, NSN).consents()).isEmpty();
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0.plusMillis(1))));
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0)));
        assertThat(index.factsFor(PRO, NSN).consents()).extracting(Consent::withdrawnAt)
                .containsExactlyInAnyOrder(null, withdrawn);
    }

    @Test
    void withdrawingAllCoversConsentsHeldThenEvenLoadedLaterButNotNewerOnes() {
        ScreeningIndex index = empty();
        Instant oral = T0.plus(Duration.ofDays(2));
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0)));
        apply(index, new ConsentsWithdrawn(++seq, PRO, NSN, oral));
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0.plus(Duration.ofDays(1)))));
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, oral.plusSeconds(1))));
        assertThat(index.factsFor(PRO, NSN).consents()).extracting(Consent::withdrawnAt)
                .containsExactlyInAnyOrder(oral, oral, null);
        assertThat(index.factsFor(OTHER_PRO, NSN).consents()).isEmpty();
    }

    @Test
    void withdrawnConsentDeniesThroughTheEngine() {
        ScreeningIndex index = empty();
        Instant at = paris("2026-09-08T11:00");
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0)));
        index.confirmCurrent(at);
        assertThat(ENGINE.decide(call(PRO, CENTRE, NSN, PURPOSE, at), index.factsFor(PRO, NSN)))
                .isInstanceOf(Decision.Allow.class);
        apply(index, new ConsentsWithdrawn(++seq, PRO, NSN, at.minusSeconds(1)));
        assertThat(ENGINE.decide(call(PRO, CENTRE, NSN, PURPOSE, at), index.factsFor(PRO, NSN)))
                .isInstanceOfSatisfying(Decision.Deny.class,
                        d -> assertThat(d.codes()).containsExactly(ReasonCode.CONSENT_WITHDRAWN));
    }

    @Test
    void attemptsKeepTheLatestCapPlusOneAscending() {
        ScreeningIndex index = empty();
        int[] hours = {5, 1, 9, 3, 7, 2, 8};
        for (int h : hours) {
            apply(index, new AttemptRecorded(++seq, PRO, NSN, T0.plus(Duration.ofHours(h))));
        }
        Facts f = index.factsFor(PRO, NSN);
        long[] kept = new long[f.attemptCount()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = f.attemptEpochMilli(i);
        }
        assertThat(kept).containsExactly(hourAt(3), hourAt(5), hourAt(7), hourAt(8), hourAt(9));
        assertThat(index.factsFor(OTHER_PRO, NSN).attemptCount()).isZero();
    }

    private static long hourAt(int h) {
        return T0.plus(Duration.ofHours(h)).toEpochMilli();
    }

    @Test
    void fourAttemptsCapTheFifthThroughTheEngine() {
        ScreeningIndex index = empty();
        Instant at = paris("2026-09-08T11:00");
        for (int d = 1; d <= 4; d++) {
            apply(index, new AttemptRecorded(++seq, PRO, NSN, at.minus(Duration.ofDays(d))));
        }
        apply(index, new ConsentGiven(++seq, NSN, consent(PRO, T0)));
        index.confirmCurrent(at);
        Decision d = ENGINE.decide(call(PRO, 0, NSN, PURPOSE, at), index.factsFor(PRO, NSN));
        assertThat(d).isInstanceOfSatisfying(Decision.Deny.class,
                deny -> assertThat(deny.codes()).containsExactly(ReasonCode.FREQUENCY_CAP));
    }

    @Test
    void refusalKeepsTheLatest() {
        ScreeningIndex index = empty();
        apply(index, new RefusalRecorded(++seq, PRO, NSN, T0));
        apply(index, new RefusalRecorded(++seq, PRO, NSN, T0.minusSeconds(1)));
        assertThat(index.factsFor(PRO, NSN).lastRefusal()).isEqualTo(T0);
        apply(index, new RefusalRecorded(++seq, PRO, NSN, T0.plusSeconds(1)));
        assertThat(index.factsFor(PRO, NSN).lastRefusal()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void slotsAccumulateOnce() {
        ScreeningIndex index = empty();
        AgreedSlot a = new AgreedSlot(LocalDate.of(2026, 9, 12), LocalTime.of(9, 0), LocalTime.of(9, 30));
        AgreedSlot b = new AgreedSlot(LocalDate.of(2026, 9, 13), LocalTime.of(21, 0), LocalTime.of(21, 30));
        apply(index, new SlotAgreed(++seq, PRO, NSN, a));
        apply(index, new SlotAgreed(++seq, PRO, NSN, a));
        apply(index, new SlotAgreed(++seq, PRO, NSN, b));
        assertThat(index.factsFor(PRO, NSN).agreedSlots()).containsExactly(a, b);
    }

    @Test
    void replaysChangeNothingAndProgressIsPublished() {
        ScreeningIndex index = empty();
        assertThat(index.apply(new ObjectionRecorded(5, PRO, NSN, T0), T0)).isTrue();
        assertThat(index.apply(new ConsentGiven(5, NSN, consent(PRO, T0)), T0.plusSeconds(1))).isFalse();
        assertThat(index.apply(new ConsentGiven(4, NSN, consent(PRO, T0)), T0.plusSeconds(1))).isFalse();
        assertThat(index.factsFor(PRO, NSN).consents()).isEmpty();
        assertThat(index.lastSequence()).isEqualTo(5);
        assertThat(index.lastAppliedAt()).isEqualTo(T0);
        assertThat(index.factsFor(PRO, NSN).screeningValidUntil()).isEqualTo(T0.plus(BOUND));
    }

    @Test
    void stalenessAndLagFollowTheLastConfirmation() {
        ScreeningIndex index = empty();
        assertThat(index.isStale(LOADED.plusMillis(1999), BOUND)).isFalse();
        assertThat(index.isStale(LOADED.plusMillis(2000), BOUND)).isTrue();
        assertThat(index.lag(LOADED.plusMillis(1500))).isEqualTo(Duration.ofMillis(1500));
        index.confirmCurrent(LOADED.plusSeconds(10));
        assertThat(index.isStale(LOADED.plusSeconds(11), BOUND)).isFalse();
        assertThat(index.lastSequence()).isZero();
        // A confirmation from a clock behind the last one does not make the data look older.
        index.confirmCurrent(LOADED);
        assertThat(index.lastAppliedAt()).isEqualTo(LOADED.plusSeconds(10));
        assertThat(index.factsFor(PRO, NSN).screeningValidUntil()).isEqualTo(LOADED.plusSeconds(12));
    }

    @Test
    void staleDataDeniesThroughTheEngine() {
        Instant at = paris("2025-03-04T11:00");
        ScreeningIndex index = ScreeningIndex.builder(Policies.DEFAULTS, BOUND).build(0, at.minusSeconds(3));
        Decision d = ENGINE.decide(call(PRO, 0, NSN, PURPOSE, at), index.factsFor(PRO, NSN));
        assertThat(d).isInstanceOfSatisfying(Decision.Deny.class,
                deny -> assertThat(deny.codes()).containsExactly(ReasonCode.SCREENING_DATA_STALE));
    }

    @Test
    void builderKeepsTheLastRowOfANumberAndExactInstants() {
        Instant ms = T0.plusMillis(123);
        OppositionRegistration exact = new OppositionRegistration(ms, ms.plus(Duration.ofDays(30)),
                ms.plus(Duration.ofDays(3 * 365)));
        OppositionRegistration old = reg(T0.minus(Duration.ofDays(400)));
        OppositionRegistration newer = reg(T0.minus(Duration.ofDays(100)));
        ScreeningIndex index = ScreeningIndex.builder(Policies.DEFAULTS, BOUND)
                .registration(700_000_001, newer)
                .registration(612_000_000, old)
                .registration(612_000_000, newer)
                .registration(NSN, exact)
                .registration(999_999_999, old)
                .build(42, LOADED);
        assertThat(index.registration(612_000_000)).isEqualTo(newer);
        assertThat(index.registration(NSN)).isEqualTo(exact);
        assertThat(index.registration(700_000_001)).isEqualTo(newer);
        assertThat(index.registration(999_999_999)).isEqualTo(old);
        assertThat(index.registration(700_000_000)).isNull();
        // Reads never throw: a key outside the plan simply holds nothing.
        assertThat(index.registration(Integer.MAX_VALUE)).isNull();
        assertThat(index.registration(-1)).isNull();
        assertThat(index.factsFor(PRO, -NSN).consents()).isEmpty();
        assertThat(index.listedNumbers()).isEqualTo(4);
        assertThat(index.lastSequence()).isEqualTo(42);
    }

    @Test
    void builderRowsGiveTheSameFactsAsEvents() {
        Instant registered = T0.plus(Duration.ofDays(1));
        AgreedSlot slot = new AgreedSlot(LocalDate.of(2026, 9, 12), LocalTime.of(9, 0), LocalTime.of(9, 30));
        ScreeningIndex built = ScreeningIndex.builder(Policies.DEFAULTS, BOUND, 16)
                .consent(NSN, consent(PRO, T0))
                .consent(NSN, consent(PRO, T0.plus(Duration.ofDays(2))))
                .consent(NSN + 1, consent(PRO, T0))
                .retiredRegistration(NSN, registered)
                .consentsWithdrawn(PRO, NSN + 1, T0.plusSeconds(1))
                .consentWithdrawn(PRO, NSN, T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(3)))
                .objection(PRO, NSN, T0)
                .attempt(PRO, NSN, T0)
                .refusal(PRO, NSN, T0)
                .slot(PRO, NSN, slot)
                .build(7, LOADED);
        Facts f = built.factsFor(PRO, NSN);
        assertThat(f.consents()).extracting(Consent::withdrawnAt)
                .containsExactlyInAnyOrder(registered, T0.plus(Duration.ofDays(3)));
        assertThat(only(built.factsFor(PRO, NSN + 1)).withdrawnAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(f.objectedAt()).isEqualTo(T0);
        assertThat(f.attemptCount()).isEqualTo(1);
        assertThat(f.lastRefusal()).isEqualTo(T0);
        assertThat(f.agreedSlots()).containsExactly(slot);
        assertThat(built.keyCount()).isEqualTo(2);
    }

    @Test
    void overlayCompactionKeepsEveryRegistration() {
        ScreeningIndex index = ScreeningIndex.builder(Policies.DEFAULTS, BOUND, 16, 3)
                .registration(600_000_010, reg(T0)).registration(600_000_020, reg(T0))
                .build(0, LOADED);
        List<Integer> listed = new ArrayList<>(List.of(600_000_010, 600_000_020));
        SplittableRandom random = new SplittableRandom(20261129);
        for (int i = 0; i < 400; i++) {
            int nsn = 600_000_000 + random.nextInt(40);
            if (random.nextInt(3) == 0) {
                apply(index, new OppositionRemoved(++seq, nsn, T0));
                listed.remove((Integer) nsn);
            } else {
                // Half with milliseconds, which the compact form cannot hold.
                Instant at = T0.plusMillis(random.nextBoolean() ? 1000L * nsn : nsn);
                apply(index, new OppositionRegistered(++seq, nsn, reg(at)));
                if (!listed.contains(nsn)) {
                    listed.add(nsn);
                }
                assertThat(index.registration(nsn)).isEqualTo(reg(at));
            }
            for (int n = 600_000_000; n < 600_000_040; n++) {
                assertThat(index.registration(n) != null).as("%d listed", n).isEqualTo(listed.contains(n));
            }
        }
        assertThat(index.listedNumbers()).isEqualTo(listed.size());
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new ObjectionRecorded(1, PRO, 0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectionRecorded(1, PRO, 1_000_000_000, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectionRecorded(0, PRO, NSN, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectionRecorded(1, 0, NSN, T0)).isInstanceOf(IllegalArgumentException.class);
        ScreeningIndex.Builder b = ScreeningIndex.builder(Policies.DEFAULTS, BOUND);
        assertThatThrownBy(() -> b.registration(NSN, 10, 5, 20)).isInstanceOf(IllegalArgumentException.class);
        b.build(0, LOADED);
        assertThatThrownBy(() -> b.build(0, LOADED)).isInstanceOf(IllegalStateException.class);
    }
}
