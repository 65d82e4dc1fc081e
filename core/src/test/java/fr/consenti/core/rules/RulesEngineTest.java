package fr.consenti.core.rules;

import static fr.consenti.core.rules.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.consenti.core.rules.Decision.Allow;
import fr.consenti.core.rules.Decision.Deny;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RulesEngineTest {

    private final RulesEngine engine = new RulesEngine();

    private static Allow allowed(Decision d) {
        assertThat(d).isInstanceOf(Allow.class);
        return (Allow) d;
    }

    private static Deny denied(Decision d) {
        assertThat(d).isInstanceOf(Deny.class);
        return (Deny) d;
    }

    private static void assertDeniedExactly(Decision d, ReasonCode... codes) {
        assertThat(denied(d).codes()).containsExactly(codes);
    }

    @Nested
    class Regimes {

        @Test
        void allowsCallWithoutConsentOnTheLastOptOutDay() {
            Allow a = allowed(engine.decide(call("2026-08-10T11:00"), noFacts()));
            assertThat(a.basis()).isEqualTo(Basis.NOT_ON_OPPOSITION_LIST);
            assertThat(a.ruleSet().version()).isEqualTo("FR-2023-03-01");
        }

        @Test
        void deniesCallWithoutConsentFromTheDayOptInStarts() {
            Deny d = denied(engine.decide(call("2026-08-11T11:00"), noFacts()));
            assertThat(d.codes()).containsExactly(ReasonCode.NO_CONSENT);
            assertThat(d.ruleSet().version()).isEqualTo("FR-2026-08-11");
            assertThat(d.nextAllowed()).isNull();
        }

        @Test
        void switchesRegimeAtMidnightParisBetweenTheTenthAndEleventhOfAugust2026() {
            Deny before = denied(engine.decide(call("2026-08-10T23:59:59"), noFacts()));
            Deny after = denied(engine.decide(call("2026-08-11T00:00:00"), noFacts()));
            assertThat(before.codes()).containsExactly(ReasonCode.OUTSIDE_HOURS);
            assertThat(before.ruleSet()).isEqualTo(RuleSet.FR_2023_03_01);
            assertThat(after.codes()).containsExactly(ReasonCode.NO_CONSENT, ReasonCode.OUTSIDE_HOURS);
            assertThat(after.ruleSet()).isEqualTo(RuleSet.FR_2026_08_11);
        }

        @Test
        void givesNoNextAllowedInstantWhenTheNextOpeningFallsUnderOptInWithoutConsent() {
            Deny d = denied(engine.decide(call("2026-08-10T21:00"), noFacts()));
            assertThat(d.codes()).containsExactly(ReasonCode.OUTSIDE_HOURS);
            assertThat(d.nextAllowed()).isNull();
        }

        @Test
        void judgesCallsBeforeTheCallingHoursDecreeWithoutTimeRules() {
            Allow a = allowed(engine.decide(call("2022-12-17T22:00"), noFacts()));
            assertThat(a.ruleSet().version()).isEqualTo("FR-2020-07-26");
        }

        @Test
        void appliesTheCallingHoursDecreeFromTheFirstOfMarch2023() {
            Allow before = allowed(engine.decide(call("2023-02-28T23:59:59"), noFacts()));
            assertThat(before.ruleSet()).isEqualTo(RuleSet.FR_2020_07_26);
            Deny after = denied(engine.decide(call("2023-03-01T00:00"), noFacts()));
            assertThat(after.codes()).containsExactly(ReasonCode.OUTSIDE_HOURS);
            assertThat(after.ruleSet()).isEqualTo(RuleSet.FR_2023_03_01);
            assertThat(after.nextAllowed()).isEqualTo(paris("2023-03-01T10:00"));
        }

        @Test
        void refusesToJudgeACallOlderThanEveryRuleSet() {
            assertThatThrownBy(() -> engine.decide(call("2020-07-25T11:00"), noFacts()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Consents {

        @Test
        void allowsCallWithConsentToThisProfessionalOnConsentBasis() {
            Allow a = allowed(engine.decide(call("2026-09-15T11:00"), consenting("2026-09-01T12:00")));
            assertThat(a.basis()).isEqualTo(Basis.CONSENT);
        }

        @Test
        void allowsCallCentreListedAsThirdParty() {
            allowed(engine.decide(withCentre(call("2026-09-15T11:00"), CENTRE), consenting("2026-09-01T12:00")));
        }

        @Test
        void deniesCallCentreNotListedAsOutOfScope() {
            assertDeniedExactly(engine.decide(withCentre(call("2026-09-15T11:00"), OTHER_CENTRE),
                    consenting("2026-09-01T12:00")), ReasonCode.CONSENT_OUT_OF_SCOPE);
        }

        @Test
        void deniesCallForAPurposeTheConsentDoesNotCover() {
            assertDeniedExactly(engine.decide(withPurpose(call("2026-09-15T11:00"), "energy-contract"),
                    consenting("2026-09-01T12:00")), ReasonCode.CONSENT_OUT_OF_SCOPE);
        }

        @Test
        void ignoresConsentGivenToAnotherProfessional() {
            Consent other = new Consent(OTHER_PRO, new int[0], Set.of(PURPOSE), ConsentChannel.WEB_FORM,
                    paris("2026-09-01T12:00"), null, null);
            assertDeniedExactly(engine.decide(call("2026-09-15T11:00"), noFacts().withConsents(List.of(other))),
                    ReasonCode.NO_CONSENT);
        }

        @Test
        void ignoresConsentCollectedAfterTheCall() {
            assertDeniedExactly(engine.decide(call("2026-09-15T11:00"), consenting("2026-09-15T11:00:01")),
                    ReasonCode.NO_CONSENT);
        }

        @Test
        void expiresConsentAtTheExactEndItStates() {
            Instant end = paris("2026-10-01T11:00");
            Consent c = new Consent(PRO, new int[0], Set.of(PURPOSE), ConsentChannel.PAPER, paris("2026-09-01T12:00"),
                    end, null);
            FactsSnapshot facts = noFacts().withConsents(List.of(c));
            allowed(engine.decide(call(end.minusMillis(1)), facts));
            Deny d = denied(engine.decide(call(end), facts));
            assertThat(d.codes()).containsExactly(ReasonCode.CONSENT_EXPIRED);
            assertThat(d.reasons().getFirst().legalReference()).isEqualTo("C. consom. art. L223-1");
        }

        @Test
        void expiresConsentOneYearAfterCollectionByPolicyEvenWhenItStatesLonger() {
            Consent c = new Consent(PRO, new int[0], Set.of(PURPOSE), ConsentChannel.PAPER, paris("2026-09-01T10:30"),
                    paris("2028-09-01T10:30"), null);
            FactsSnapshot facts = noFacts().withConsents(List.of(c));
            allowed(engine.decide(call("2027-09-01T10:29:59"), facts));
            Deny d = denied(engine.decide(call("2027-09-01T10:30"), facts));
            assertThat(d.codes()).containsExactly(ReasonCode.CONSENT_EXPIRED);
            assertThat(d.reasons().getFirst().legalReference()).isEqualTo("policy consent.maxValidity");
        }

        @Test
        void appliesAConfiguredMaximumValidity() {
            RulesEngine sixMonths = new RulesEngine(new Policies(Period.ofMonths(6), true, true, 60, 4, 30));
            FactsSnapshot facts = consenting("2026-09-01T10:30");
            allowed(sixMonths.decide(call("2027-03-01T10:29"), facts));
            assertDeniedExactly(sixMonths.decide(call("2027-03-01T10:30"), facts), ReasonCode.CONSENT_EXPIRED);
        }

        @Test
        void deniesFromTheInstantAConsentIsWithdrawn() {
            Instant withdrawn = paris("2026-09-15T11:00");
            FactsSnapshot facts = noFacts().withConsents(List.of(consent("2026-09-01T12:00").withdrawnAt(withdrawn)));
            allowed(engine.decide(call(withdrawn.minusMillis(1)), facts));
            assertDeniedExactly(engine.decide(call(withdrawn), facts), ReasonCode.CONSENT_WITHDRAWN);
        }

        @Test
        void registeringOnTheListWithdrawsConsentsHeldThen() {
            FactsSnapshot facts = consenting("2026-09-01T12:00").withRegistration(registration("2026-09-10T09:00"));
            allowed(engine.decide(call("2026-09-09T11:00"), facts));
            assertDeniedExactly(engine.decide(call("2026-09-15T11:00"), facts), ReasonCode.CONSENT_WITHDRAWN);
        }

        @Test
        void consentGivenAfterRegisteringCounts() {
            FactsSnapshot facts = consenting("2026-09-11T12:00").withRegistration(registration("2026-09-10T09:00"));
            assertThat(allowed(engine.decide(call("2026-09-15T11:00"), facts)).basis()).isEqualTo(Basis.CONSENT);
        }

        @Test
        void registeringWithdrawsNothingWhenThePolicyIsOff() {
            RulesEngine off = new RulesEngine(new Policies(Period.ofYears(1), true, false, 60, 4, 30));
            FactsSnapshot facts = consenting("2026-09-01T12:00").withRegistration(registration("2026-09-10T09:00"));
            allowed(off.decide(call("2026-09-15T11:00"), facts));
        }

        @Test
        void explainsWithTheMostFavourableConsentOutOfScopeBeforeExpiredBeforeWithdrawn() {
            Consent withdrawn = consent("2026-09-01T12:00").withdrawnAt(paris("2026-09-02T12:00"));
            Consent expired = new Consent(PRO, new int[0], Set.of(PURPOSE), ConsentChannel.PAPER,
                    paris("2026-08-20T12:00"), paris("2026-09-10T12:00"), null);
            Consent outOfScope = new Consent(PRO, new int[0], Set.of("energy"), ConsentChannel.PAPER,
                    paris("2026-09-01T12:00"), null, null);
            CallRequest r = call("2026-09-15T11:00");
            assertDeniedExactly(engine.decide(r, noFacts().withConsents(List.of(withdrawn, expired))),
                    ReasonCode.CONSENT_EXPIRED);
            assertDeniedExactly(engine.decide(r, noFacts().withConsents(List.of(withdrawn, expired, outOfScope))),
                    ReasonCode.CONSENT_OUT_OF_SCOPE);
            allowed(engine.decide(r, noFacts().withConsents(List.of(withdrawn, consent("2026-09-03T12:00")))));
        }

        @Test
        void deniesOptInCallWhenScreeningDataIsStaleAndRegistrationCouldHaveWithdrawnTheConsent() {
            FactsSnapshot facts = consenting("2026-09-01T12:00").withScreeningValidUntil(paris("2026-09-15T11:00"));
            allowed(engine.decide(call("2026-09-15T10:59:59"), facts));
            assertDeniedExactly(engine.decide(call("2026-09-15T11:00"), facts), ReasonCode.SCREENING_DATA_STALE);
        }

        @Test
        void needsNoFreshScreeningDataUnderOptInWhenTheRegistryWithdrawsNothing() {
            RulesEngine off = new RulesEngine(new Policies(Period.ofYears(1), true, false, 60, 4, 30));
            allowed(off.decide(call("2026-09-15T11:00"),
                    consenting("2026-09-01T12:00").withScreeningValidUntil(paris("2026-09-01T00:00"))));
        }

        @Test
        void exemptActivitiesNeedConsentUnderOptIn() {
            assertDeniedExactly(engine.decide(withSector(call("2026-09-15T11:00"), Sector.PRESS), noFacts()),
                    ReasonCode.NO_CONSENT);
        }
    }

    @Nested
    class OngoingContracts {

        @Test
        void allowsCallWithinAnOngoingContractWithoutConsentUnderOptIn() {
            Allow a = allowed(engine.decide(underContract(call("2026-09-15T11:00")), noFacts()));
            assertThat(a.basis()).isEqualTo(Basis.ONGOING_CONTRACT);
        }

        @Test
        void allowsCallWithinAnOngoingContractToARegisteredNumberUnderOptOut() {
            FactsSnapshot facts = noFacts().withRegistration(registration("2025-01-06T09:00"));
            assertThat(allowed(engine.decide(underContract(call("2025-06-03T11:00")), facts)).basis())
                    .isEqualTo(Basis.ONGOING_CONTRACT);
        }

        @Test
        void doesNotNeedFreshScreeningDataWithinAnOngoingContract() {
            FactsSnapshot facts = noFacts().withScreeningValidUntil(paris("2025-01-01T00:00"));
            allowed(engine.decide(underContract(call("2025-06-03T11:00")), facts));
        }
    }

    @Nested
    class OppositionList {

        @Test
        void deniesOptOutCallToANumberRegisteredAndEffective() {
            FactsSnapshot facts = noFacts().withRegistration(registration("2025-01-06T09:00"));
            assertDeniedExactly(engine.decide(call("2025-06-03T11:00"), facts), ReasonCode.OPPOSITION_LIST);
        }

        @Test
        void bindsFromTheEffectiveDateToTheTermEnd() {
            Instant registered = paris("2025-01-06T09:00");
            Instant effective = paris("2025-02-04T11:00");
            Instant termEnd = paris("2025-06-03T11:00");
            FactsSnapshot facts = noFacts().withRegistration(new OppositionRegistration(registered, effective, termEnd));
            allowed(engine.decide(call(effective.minusMillis(1)), facts));
            assertDeniedExactly(engine.decide(call(effective), facts), ReasonCode.OPPOSITION_LIST);
            assertDeniedExactly(engine.decide(call(termEnd.minusMillis(1)), facts), ReasonCode.OPPOSITION_LIST);
            allowed(engine.decide(call(termEnd), facts));
        }

        @Test
        void allowsPressPollingAndNonProfitToRegisteredNumbersAsExemptActivities() {
            FactsSnapshot facts = noFacts().withRegistration(registration("2025-01-06T09:00"));
            for (Sector s : List.of(Sector.PRESS, Sector.POLLING, Sector.NON_PROFIT)) {
                assertThat(allowed(engine.decide(withSector(call("2025-06-03T11:00"), s), facts)).basis())
                        .isEqualTo(Basis.EXEMPT_ACTIVITY);
            }
        }

        @Test
        void keepsTheCallingHoursForExemptActivities() {
            Deny d = denied(engine.decide(withSector(call("2025-06-07T11:00"), Sector.POLLING), noFacts()));
            assertThat(d.codes()).containsExactly(ReasonCode.NOT_A_WORKING_DAY);
            assertThat(d.nextAllowed()).isEqualTo(paris("2025-06-10T10:00"));
        }

        @Test
        void cannotScreenWithASnapshotPastItsValidity() {
            FactsSnapshot facts = noFacts().withScreeningValidUntil(paris("2025-06-03T11:00"));
            allowed(engine.decide(call("2025-06-03T10:59:59"), facts));
            assertDeniedExactly(engine.decide(call("2025-06-03T11:00"), facts), ReasonCode.SCREENING_DATA_STALE);
            assertDeniedExactly(engine.decide(call("2025-06-03T11:00"), noFacts().withScreeningValidUntil(null)),
                    ReasonCode.SCREENING_DATA_STALE);
        }
    }

    @Nested
    class Objections {

        @Test
        void deniesEveryCallAfterAnObjectionWhateverTheRegime() {
            FactsSnapshot facts = consenting("2025-01-06T12:00").withObjectedAt(paris("2025-02-03T11:00"));
            assertDeniedExactly(engine.decide(call("2025-06-03T11:00"), facts), ReasonCode.OBJECTION);
            assertDeniedExactly(engine.decide(underContract(call("2027-06-01T11:00")), facts), ReasonCode.OBJECTION);
        }

        @Test
        void countsTheObjectionAgainstTheProfessionalsCallCentres() {
            FactsSnapshot facts = consenting("2026-09-01T12:00").withObjectedAt(paris("2026-09-02T11:00"));
            assertDeniedExactly(engine.decide(withCentre(call("2026-09-15T11:00"), CENTRE), facts), ReasonCode.OBJECTION);
        }

        @Test
        void liftsAnObjectionOnlyByALaterConsentNotCollectedDuringAnOutboundCall() {
            FactsSnapshot objected = noFacts().withObjectedAt(paris("2026-09-02T11:00"));
            Consent byWeb = consent("2026-09-05T12:00");
            Consent byOutboundCall = new Consent(PRO, new int[0], Set.of(PURPOSE), ConsentChannel.OUTBOUND_CALL,
                    paris("2026-09-05T12:00"), null, null);
            allowed(engine.decide(call("2026-09-15T11:00"), objected.withConsents(List.of(byWeb))));
            assertDeniedExactly(engine.decide(call("2026-09-15T11:00"), objected.withConsents(List.of(byOutboundCall))),
                    ReasonCode.OBJECTION);
        }

        @Test
        void deniesB2bCallAfterAnObjectionUnderTheGdpr() {
            Deny d = denied(engine.decide(b2b(call("2026-09-15T11:00")),
                    noFacts().withObjectedAt(paris("2026-09-02T11:00"))));
            assertThat(d.codes()).containsExactly(ReasonCode.OBJECTION);
            assertThat(d.reasons().getFirst().legalReference()).isEqualTo("RGPD art. 21(2)");
        }
    }

    @Nested
    class B2b {

        @Test
        void allowsB2bCallWithoutConsentOutsideConsumerHours() {
            Allow a = allowed(engine.decide(b2b(call("2026-09-19T22:00")), noFacts().withScreeningValidUntil(null)));
            assertThat(a.basis()).isEqualTo(Basis.B2B);
        }

        @Test
        void allowsB2bCallToARegisteredNumberUnderOptOut() {
            FactsSnapshot facts = noFacts().withRegistration(registration("2025-01-06T09:00"));
            assertThat(allowed(engine.decide(b2b(call("2025-06-03T11:00")), facts)).basis()).isEqualTo(Basis.B2B);
        }

        @Test
        void stillDeniesB2bCallToAnUncallableNumberOrFromAForbiddenCallerId() {
            CallRequest r = withCallerId(withCallee(b2b(call("2026-09-15T11:00")), SPECIAL_RATE),
                    new CallerId.Hidden());
            assertDeniedExactly(engine.decide(r, noFacts()), ReasonCode.NUMBER_NOT_CALLABLE,
                    ReasonCode.CALLER_ID_NOT_ALLOWED);
        }

        @Test
        void keepsTheCpfBanButNotTheConsumerSectorBansForB2b() {
            allowed(engine.decide(withSector(b2b(call("2026-09-15T11:00")), Sector.ENERGY_RENOVATION), noFacts()));
            assertDeniedExactly(engine.decide(withSector(b2b(call("2026-09-15T11:00")), Sector.CPF_TRAINING), noFacts()),
                    ReasonCode.SECTOR_BANNED);
        }
    }

    @Nested
    class Sectors {

        @Test
        void bansAgeingAdaptationFromTheSecondOfJuly2025() {
            CallRequest before = withSector(call("2025-07-01T11:00"), Sector.AGEING_ADAPTATION);
            allowed(engine.decide(before, noFacts()));
            Deny d = denied(engine.decide(before.at(paris("2025-07-02T11:00")), noFacts()));
            assertThat(d.codes()).containsExactly(ReasonCode.SECTOR_BANNED);
            assertThat(d.reasons().getFirst().legalReference()).contains("2025-594");
            assertThat(d.nextAllowed()).isNull();
        }

        @Test
        void bansCpfFromTheTwentyFirstOfDecember2022EvenWithinAContract() {
            CallRequest before = underContract(withSector(call("2022-12-20T11:00"), Sector.CPF_TRAINING));
            allowed(engine.decide(before, noFacts()));
            assertDeniedExactly(engine.decide(before.at(paris("2022-12-21T00:00")), noFacts()), ReasonCode.SECTOR_BANNED);
        }

        @Test
        void bansEnergyRenovationSince2020ExceptWithinAnOngoingContract() {
            CallRequest r = withSector(call("2026-09-15T11:00"), Sector.ENERGY_RENOVATION);
            FactsSnapshot facts = consenting("2026-09-01T12:00");
            assertDeniedExactly(engine.decide(r, facts), ReasonCode.SECTOR_BANNED);
            assertDeniedExactly(engine.decide(r.at(paris("2020-07-26T00:00")), facts), ReasonCode.SECTOR_BANNED);
            allowed(engine.decide(underContract(r), facts));
            allowed(engine.decide(underContract(withSector(r, Sector.AGEING_ADAPTATION)), facts));
        }
    }

    @Nested
    class Numbers {

        @Test
        void deniesAnInvalidNumberWithoutANextAllowedInstant() {
            Deny d = denied(engine.decide(withCallee(call("2025-06-03T21:00"), NumberParser.parse("12345")), noFacts()));
            assertThat(d.codes()).containsExactly(ReasonCode.NUMBER_INVALID);
            assertThat(d.nextAllowed()).isNull();
        }

        @Test
        void deniesASpecialRateNumber() {
            assertDeniedExactly(engine.decide(withCallee(call("2025-06-03T11:00"), SPECIAL_RATE), noFacts()),
                    ReasonCode.NUMBER_NOT_CALLABLE);
        }
    }

    @Nested
    class CallerIds {

        @Test
        void deniesHiddenInvalidMobileAndNonNpvCallerIds() {
            CallRequest r = call("2025-06-03T11:00");
            for (CallerId id : List.of(new CallerId.Hidden(), CallerId.of(NumberParser.parse("abc")), CallerId.of(CALLER_MOBILE),
                    CallerId.of(PLAIN_GEOGRAPHIC))) {
                assertDeniedExactly(engine.decide(withCallerId(r, id), noFacts()), ReasonCode.CALLER_ID_NOT_ALLOWED);
            }
        }

        @Test
        void acceptsTheRangesAddedOnTheFirstOfJanuary2026FromMidnightInTheirOwnTerritory() {
            // 02688 is a Réunion block: it opens at 00:00 Réunion time, 21:00 the day before in Paris.
            CallRequest r = withCallerId(call("2025-12-31T20:59:59"), CallerId.of(NPV_02688));
            assertThat(denied(engine.decide(r, noFacts())).codes()).contains(ReasonCode.CALLER_ID_NOT_ALLOWED);
            assertThat(denied(engine.decide(r.at(paris("2025-12-31T21:00")), noFacts())).codes())
                    .containsExactly(ReasonCode.OUTSIDE_HOURS);
            assertDeniedExactly(engine.decide(r.at(paris("2025-12-31T11:00")), noFacts()),
                    ReasonCode.CALLER_ID_NOT_ALLOWED);
            allowed(engine.decide(r.at(paris("2026-01-02T11:00")), noFacts()));
        }

        @Test
        void acceptedAnyPresentedNumberBeforeTheNpvDecisionTookEffect() {
            CallRequest r = withCallerId(call("2022-12-30T11:00"), CallerId.of(CALLER_MOBILE));
            allowed(engine.decide(r, noFacts()));
            assertDeniedExactly(engine.decide(withCallerId(r, new CallerId.Hidden()), noFacts()),
                    ReasonCode.CALLER_ID_NOT_ALLOWED);
        }
    }

    @Nested
    class CallingTimes {

        @Test
        void deniesOnSaturdayAndGivesMondayMorningAsNextAllowed() {
            Deny d = denied(engine.decide(call("2026-09-19T11:00"), consenting("2026-09-01T12:00")));
            assertThat(d.codes()).containsExactly(ReasonCode.NOT_A_WORKING_DAY);
            assertThat(d.nextAllowed()).isEqualTo(paris("2026-09-21T10:00"));
        }

        @Test
        void deniesDuringTheLunchBreakUntilTwo() {
            Deny d = denied(engine.decide(call("2026-09-15T13:30"), consenting("2026-09-01T12:00")));
            assertThat(d.codes()).containsExactly(ReasonCode.OUTSIDE_HOURS);
            assertThat(d.nextAllowed()).isEqualTo(paris("2026-09-15T14:00"));
        }

        @Test
        void deniesOnBastilleDay() {
            Deny d = denied(engine.decide(call("2026-07-14T11:00"), noFacts()));
            assertThat(d.codes()).containsExactly(ReasonCode.PUBLIC_HOLIDAY);
            assertThat(d.nextAllowed()).isEqualTo(paris("2026-07-15T10:00"));
        }

        @Test
        void deniesGoodFridayInAlsaceFromTheAddressNotTheNumber() {
            CallRequest r = call("2026-04-03T11:00");
            allowed(engine.decide(r, noFacts()));
            assertDeniedExactly(engine.decide(withDepartement(r, "67"), noFacts()), ReasonCode.PUBLIC_HOLIDAY);
            allowed(new RulesEngine(new Policies(Period.ofYears(1), false, true, 60, 4, 30))
                    .decide(withDepartement(r, "67"), noFacts()));
        }

        @Test
        void usesTheCalleesTimeZoneForAnOverseasNumber() {
            // 11:00 in Paris (summer) is 13:00 in Réunion: the lunch break there.
            CallRequest r = withCallee(call("2026-09-15T11:00"), REUNION_MOBILE);
            Deny d = denied(engine.decide(r, consenting("2026-09-01T12:00")));
            assertThat(d.codes()).containsExactly(ReasonCode.OUTSIDE_HOURS);
            assertThat(d.nextAllowed()).isEqualTo(paris("2026-09-15T12:00"));
        }

        @Test
        void allowsACallAtTheSlotTheConsumerAgreedToOutsideLegalHoursEndExclusive() {
            FactsSnapshot facts = consenting("2026-09-01T12:00").withAgreedSlots(List.of(
                    new AgreedSlot(LocalDate.parse("2026-09-19"), LocalTime.parse("09:00"), LocalTime.parse("09:30"))));
            allowed(engine.decide(call("2026-09-19T09:00"), facts));
            allowed(engine.decide(call("2026-09-19T09:29:59"), facts));
            assertDeniedExactly(engine.decide(call("2026-09-19T09:30"), facts), ReasonCode.NOT_A_WORKING_DAY);
            assertDeniedExactly(engine.decide(call("2026-09-26T09:00"), facts), ReasonCode.NOT_A_WORKING_DAY);
        }
    }

    @Nested
    class FrequencyCap {

        private FactsSnapshot attempts(String... parisLocal) {
            return consenting("2026-09-01T12:00").withAttempts(List.of(parisLocal).stream().map(Fixtures::paris).toList());
        }

        @Test
        void allowsTheFourthAttemptInThirtyDays() {
            allowed(engine.decide(call("2026-10-01T11:00"),
                    attempts("2026-09-15T11:00", "2026-09-16T11:00", "2026-09-17T11:00")));
        }

        @Test
        void deniesTheFifthAttemptInThirtyDaysUntilTheOldestLeavesTheWindow() {
            Deny d = denied(engine.decide(call("2026-10-01T11:00"),
                    attempts("2026-09-15T11:00", "2026-09-16T11:00", "2026-09-17T11:00", "2026-09-18T11:00")));
            assertThat(d.codes()).containsExactly(ReasonCode.FREQUENCY_CAP);
            assertThat(d.nextAllowed()).isEqualTo(paris("2026-10-15T11:00"));
        }

        @Test
        void stopsCountingAnAttemptAtTheSameLocalTimeThirtyCalendarDaysLater() {
            // 30 calendar days across the end of summer time: 30 × 24 h + 1 h.
            FactsSnapshot facts = attempts("2026-10-05T11:00", "2026-10-06T11:00", "2026-10-07T11:00",
                    "2026-10-08T11:00");
            assertDeniedExactly(engine.decide(call("2026-11-04T10:59:59"), facts), ReasonCode.FREQUENCY_CAP);
            allowed(engine.decide(call("2026-11-04T11:00"), facts));
            assertThat(Duration.between(paris("2026-10-05T11:00"), paris("2026-11-04T11:00")).toHours())
                    .isEqualTo(30 * 24 + 1);
        }

        @Test
        void ignoresAttemptsAtOrAfterTheCallItself() {
            allowed(engine.decide(call("2026-10-01T11:00"),
                    attempts("2026-09-15T11:00", "2026-09-16T11:00", "2026-09-17T11:00", "2026-10-01T11:00")));
        }

        @Test
        void combinesTheCapWithTheCalendarForTheNextAllowedInstant() {
            // The oldest attempt leaves the window on Saturday 17 October: next working hour is Monday 10:00.
            Deny d = denied(engine.decide(call("2026-10-01T11:00"),
                    attempts("2026-09-17T11:00", "2026-09-18T11:00", "2026-09-21T11:00", "2026-09-22T11:00")));
            assertThat(d.nextAllowed()).isEqualTo(paris("2026-10-19T10:00"));
        }
    }

    @Nested
    class RefusalCooldown {

        private final FactsSnapshot refused = noFacts().withLastRefusal(paris("2025-06-02T11:00"));

        @Test
        void deniesOnDayFiftyNineAfterARefusal() {
            Deny d = denied(engine.decide(call("2025-07-31T11:00"), refused));
            assertThat(d.codes()).containsExactly(ReasonCode.REFUSAL_COOLDOWN);
            assertThat(d.nextAllowed()).isEqualTo(paris("2025-08-01T11:00"));
        }

        @Test
        void allowsFromDaySixtyAfterARefusal() {
            assertDeniedExactly(engine.decide(call("2025-08-01T10:59:59"), refused), ReasonCode.REFUSAL_COOLDOWN);
            allowed(engine.decide(call("2025-08-01T11:00"), refused));
        }

        @Test
        void hasNoCooldownUnderOptIn() {
            allowed(engine.decide(call("2026-09-15T11:00"),
                    consenting("2026-09-01T12:00").withLastRefusal(paris("2026-09-14T11:00"))));
        }
    }

    @Test
    void listsEveryReasonInTheOrderOfTheDecisionTable() {
        CallRequest r = withSector(withCallerId(call("2026-09-19T22:00"), new CallerId.Hidden()), Sector.CPF_TRAINING);
        FactsSnapshot facts = noFacts().withObjectedAt(paris("2026-01-05T11:00"))
                .withScreeningValidUntil(paris("2026-09-01T00:00"))
                .withAttempts(List.of(paris("2026-09-14T11:00"), paris("2026-09-15T11:00"), paris("2026-09-16T11:00"),
                        paris("2026-09-17T11:00")));
        Deny d = denied(engine.decide(r, facts));
        assertThat(d.codes()).containsExactly(ReasonCode.CALLER_ID_NOT_ALLOWED, ReasonCode.SECTOR_BANNED,
                ReasonCode.NO_CONSENT, ReasonCode.OBJECTION, ReasonCode.SCREENING_DATA_STALE,
                ReasonCode.NOT_A_WORKING_DAY, ReasonCode.FREQUENCY_CAP);
        assertThat(d.reasons()).allSatisfy(reason -> {
            assertThat(reason.legalReference()).isNotBlank();
            assertThat(reason.messageFr()).isNotBlank();
            assertThat(reason.messageEn()).isNotBlank();
        });
        assertThat(d.nextAllowed()).isNull();
    }

    @Test
    void declaresExactlyTheDecisionCodesOfTheRules() {
        assertThat(ReasonCode.values()).extracting(Enum::name).containsExactly("NUMBER_INVALID", "NUMBER_NOT_CALLABLE",
                "CALLER_ID_NOT_ALLOWED", "SECTOR_BANNED", "NO_CONSENT", "CONSENT_EXPIRED", "CONSENT_WITHDRAWN",
                "CONSENT_OUT_OF_SCOPE", "OBJECTION", "OPPOSITION_LIST", "SCREENING_DATA_STALE", "NOT_A_WORKING_DAY",
                "PUBLIC_HOLIDAY", "OUTSIDE_HOURS", "FREQUENCY_CAP", "REFUSAL_COOLDOWN");
        assertThat(Basis.values()).extracting(Enum::name).containsExactly("CONSENT", "ONGOING_CONTRACT",
                "NOT_ON_OPPOSITION_LIST", "EXEMPT_ACTIVITY", "B2B");
    }
}
