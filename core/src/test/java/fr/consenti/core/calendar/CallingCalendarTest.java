package fr.consenti.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.calendar.CalendarVerdict.Closed;
import fr.consenti.core.calendar.CalendarVerdict.Open;
import fr.consenti.core.number.Territory;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallingCalendarTest {

    private static final CallingCalendar CALENDAR = new CallingCalendar(CalendarPolicy.DEFAULT);
    private static final CalleeLocation PARIS = CalleeLocation.of(Territory.METROPOLE);
    private static final CalleeLocation ALSACE = CalleeLocation.of(Territory.METROPOLE, "67");
    private static final CalleeLocation MARTINIQUE = CalleeLocation.of(Territory.MARTINIQUE);
    private static final CalleeLocation GUADELOUPE = CalleeLocation.of(Territory.GUADELOUPE);
    private static final CalleeLocation GUYANE = CalleeLocation.of(Territory.GUYANE);
    private static final CalleeLocation REUNION = CalleeLocation.of(Territory.REUNION);
    private static final CalleeLocation MAYOTTE = CalleeLocation.of(Territory.MAYOTTE);

    /** The instant at which the callee's clock shows {@code localDateTime}. */
    private static Instant at(String localDateTime, CalleeLocation where) {
        return LocalDateTime.parse(localDateTime).atZone(where.zone()).toInstant();
    }

    private static Instant utc(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    // Tuesday 3 June 2025, an ordinary working day in Paris.
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "2025-06-03T00:00:00, OUTSIDE_HOURS, 2025-06-03T10:00:00",
            "2025-06-03T09:59:59, OUTSIDE_HOURS, 2025-06-03T10:00:00",
            "2025-06-03T10:00:00, OPEN,",
            "2025-06-03T12:59:59, OPEN,",
            "2025-06-03T13:00:00, OUTSIDE_HOURS, 2025-06-03T14:00:00",
            "2025-06-03T13:59:59, OUTSIDE_HOURS, 2025-06-03T14:00:00",
            "2025-06-03T14:00:00, OPEN,",
            "2025-06-03T19:59:59, OPEN,",
            "2025-06-03T20:00:00, OUTSIDE_HOURS, 2025-06-04T10:00:00",
            "2025-06-03T23:59:59, OUTSIDE_HOURS, 2025-06-04T10:00:00",
    })
    void allowsCallsOnlyFromTenToOneAndTwoToEightOnAWorkingDayWindowStartInclusiveEndExclusive(
            String local, String expected, String nextOpenLocal) {
        assertVerdict(at(local, PARIS), PARIS, expected, nextOpenLocal);
    }

    @Test
    void allowsTheLastNanosecondBeforeAWindowEndsAndDeniesTheFirstNanosecondBeforeItStarts() {
        Instant lastOpen = at("2025-06-03T12:59:59.999999999", PARIS);
        Instant lastClosed = at("2025-06-03T09:59:59.999999999", PARIS);
        assertThat(CALENDAR.check(lastOpen, PARIS)).isInstanceOf(Open.class);
        assertThat(CALENDAR.check(lastClosed, PARIS))
                .isEqualTo(new Closed(TimeReason.OUTSIDE_HOURS, at("2025-06-03T10:00:00", PARIS)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "2025-06-13T19:59:59, OPEN,",
            "2025-06-13T20:00:00, OUTSIDE_HOURS, 2025-06-16T10:00:00",
            "2025-06-13T23:59:59, OUTSIDE_HOURS, 2025-06-16T10:00:00",
            "2025-06-14T00:00:00, NOT_A_WORKING_DAY, 2025-06-16T10:00:00",
            "2025-06-14T12:00:00, NOT_A_WORKING_DAY, 2025-06-16T10:00:00",
            "2025-06-15T23:59:59, NOT_A_WORKING_DAY, 2025-06-16T10:00:00",
            "2025-06-16T00:00:00, OUTSIDE_HOURS, 2025-06-16T10:00:00",
            "2025-06-16T10:00:00, OPEN,",
    })
    void deniesCallsFromFridayEightPmToMondayTenAm(String local, String expected, String nextOpenLocal) {
        assertVerdict(at(local, PARIS), PARIS, expected, nextOpenLocal);
    }

    @Test
    void reopensOnTuesdayAfterAWeekendFollowedByWhitMonday() {
        assertVerdict(at("2025-06-06T20:00:00", PARIS), PARIS, "OUTSIDE_HOURS", "2025-06-10T10:00:00");
        assertVerdict(at("2025-06-09T11:00:00", PARIS), PARIS, "PUBLIC_HOLIDAY", "2025-06-10T10:00:00");
    }

    @Test
    void reopensOnTuesdayTenAmParisFromTheFridayEveningBeforeEasterMonday() {
        // 2026: Good Friday 3 April (a working day in Paris), Easter Monday 6 April.
        assertVerdict(at("2026-04-03T12:00:00", PARIS), PARIS, "OPEN", null);
        assertVerdict(at("2026-04-03T20:00:00", PARIS), PARIS, "OUTSIDE_HOURS", "2026-04-07T10:00:00");
        assertThat(CALENDAR.nextOpen(at("2026-04-03T20:00:00", PARIS), PARIS)).isEqualTo(utc("2026-04-07T08:00:00Z"));
    }

    @Test
    void reopensAfterNewYearsDayFromTheEveningOfThirtyFirstDecember() {
        assertVerdict(at("2025-12-31T19:59:59", PARIS), PARIS, "OPEN", null);
        assertVerdict(at("2025-12-31T20:00:00", PARIS), PARIS, "OUTSIDE_HOURS", "2026-01-02T10:00:00");
        assertVerdict(at("2026-01-01T00:00:00", PARIS), PARIS, "PUBLIC_HOLIDAY", "2026-01-02T10:00:00");
        assertVerdict(at("2026-01-01T11:00:00", PARIS), PARIS, "PUBLIC_HOLIDAY", "2026-01-02T10:00:00");
    }

    @Test
    void reopensAtTenLocalOnTheMondayAfterTheSpringSummerTimeChange() {
        // Sunday 30 March 2025 Paris skips 02:00-03:00: a weekend of 47 hours.
        assertVerdict(at("2025-03-29T10:00:00", PARIS), PARIS, "NOT_A_WORKING_DAY", "2025-03-31T10:00:00");
        assertThat(CALENDAR.nextOpen(utc("2025-03-29T09:00:00Z"), PARIS)).isEqualTo(utc("2025-03-31T08:00:00Z"));
        assertThat(CALENDAR.nextOpen(utc("2025-03-30T00:59:59Z"), PARIS)).isEqualTo(utc("2025-03-31T08:00:00Z"));
        assertThat(CALENDAR.nextOpen(utc("2025-03-30T01:00:00Z"), PARIS)).isEqualTo(utc("2025-03-31T08:00:00Z"));
        assertVerdict(at("2025-03-31T09:59:59", PARIS), PARIS, "OUTSIDE_HOURS", "2025-03-31T10:00:00");
        assertVerdict(at("2025-03-31T10:00:00", PARIS), PARIS, "OPEN", null);
        assertThat(CALENDAR.check(utc("2025-03-31T08:00:00Z"), PARIS)).isInstanceOf(Open.class);
        assertThat(CALENDAR.check(utc("2025-03-31T07:59:59Z"), PARIS)).isInstanceOf(Closed.class);
    }

    @Test
    void reopensAtTenLocalOnTheMondayAfterTheAutumnSummerTimeChange() {
        // Sunday 26 October 2025 Paris repeats 02:00-03:00: a weekend of 63 hours from Friday 20:00.
        assertVerdict(at("2025-10-24T20:00:00", PARIS), PARIS, "OUTSIDE_HOURS", "2025-10-27T10:00:00");
        assertThat(CALENDAR.nextOpen(utc("2025-10-24T18:00:00Z"), PARIS)).isEqualTo(utc("2025-10-27T09:00:00Z"));
        assertThat(CALENDAR.nextOpen(utc("2025-10-26T00:30:00Z"), PARIS)).isEqualTo(utc("2025-10-27T09:00:00Z"));
        assertThat(CALENDAR.nextOpen(utc("2025-10-26T01:30:00Z"), PARIS)).isEqualTo(utc("2025-10-27T09:00:00Z"));
        assertThat(CALENDAR.check(utc("2025-10-27T08:59:59Z"), PARIS)).isInstanceOf(Closed.class);
        assertThat(CALENDAR.check(utc("2025-10-27T09:00:00Z"), PARIS)).isInstanceOf(Open.class);
    }

    @Test
    void deniesNoonInParisInMartiniqueWhereItIsSixOrSevenInTheMorning() {
        // Martinique is UTC-4 all year: 6:00 when Paris is on summer time, 7:00 in winter.
        assertThat(CALENDAR.check(at("2025-06-03T12:00:00", PARIS), MARTINIQUE))
                .isEqualTo(new Closed(TimeReason.OUTSIDE_HOURS, utc("2025-06-03T10:00:00-04:00")));
        assertThat(CALENDAR.check(at("2025-01-14T12:00:00", PARIS), MARTINIQUE))
                .isEqualTo(new Closed(TimeReason.OUTSIDE_HOURS, utc("2025-01-14T10:00:00-04:00")));
        assertThat(CALENDAR.check(utc("2025-06-03T14:00:00Z"), MARTINIQUE)).isInstanceOf(Open.class);
        assertThat(CALENDAR.check(utc("2025-06-03T13:59:59Z"), MARTINIQUE)).isInstanceOf(Closed.class);
    }

    @Test
    void deniesEveningInParisInReunionWhereItIsAlreadyNight() {
        // Réunion is UTC+4: 18:00 in Paris (summer) is 20:00 in Saint-Denis.
        assertThat(CALENDAR.check(at("2025-06-03T18:00:00", PARIS), REUNION))
                .isEqualTo(new Closed(TimeReason.OUTSIDE_HOURS, utc("2025-06-04T10:00:00+04:00")));
        assertThat(CALENDAR.check(at("2025-06-03T17:59:59", PARIS), REUNION)).isInstanceOf(Open.class);
    }

    @Test
    void deniesCallOnWhitMondayInMartinique() {
        assertVerdict(at("2025-06-09T11:00:00", MARTINIQUE), MARTINIQUE, "PUBLIC_HOLIDAY", "2025-06-10T10:00:00");
    }

    @Test
    void deniesCallOnGoodFridayInAlsaceMoselleButNotInTheRestOfMetropolitanFrance() {
        CalleeLocation moselle = CalleeLocation.of(Territory.METROPOLE, "57");
        assertVerdict(at("2026-04-03T11:00:00", ALSACE), ALSACE, "PUBLIC_HOLIDAY", "2026-04-07T10:00:00");
        assertVerdict(at("2026-04-03T11:00:00", moselle), moselle, "PUBLIC_HOLIDAY", "2026-04-07T10:00:00");
        assertVerdict(at("2026-04-02T20:00:00", ALSACE), ALSACE, "OUTSIDE_HOURS", "2026-04-07T10:00:00");
        assertVerdict(at("2026-04-03T11:00:00", PARIS), PARIS, "OPEN", null);
    }

    @Test
    void deniesCallOnTwentySixthDecemberInAlsaceMoselleButNotInTheRestOfMetropolitanFrance() {
        // Friday 26 December 2025.
        assertVerdict(at("2025-12-26T11:00:00", ALSACE), ALSACE, "PUBLIC_HOLIDAY", "2025-12-29T10:00:00");
        assertVerdict(at("2025-12-24T20:00:00", ALSACE), ALSACE, "OUTSIDE_HOURS", "2025-12-29T10:00:00");
        assertVerdict(at("2025-12-26T11:00:00", PARIS), PARIS, "OPEN", null);
    }

    @Test
    void allowsLocalHolidaysWhenThePolicyTurnsThemOff() {
        CallingCalendar nationalOnly = new CallingCalendar(new CalendarPolicy(false));
        assertThat(nationalOnly.check(at("2025-12-26T11:00:00", ALSACE), ALSACE)).isInstanceOf(Open.class);
        assertThat(nationalOnly.check(at("2026-05-22T11:00:00", MARTINIQUE), MARTINIQUE)).isInstanceOf(Open.class);
        // National days stay closed whatever the policy.
        assertThat(nationalOnly.check(at("2025-12-25T11:00:00", ALSACE), ALSACE))
                .isEqualTo(new Closed(TimeReason.PUBLIC_HOLIDAY, at("2025-12-26T10:00:00", ALSACE)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "MAYOTTE,    2026-04-27, 2026-04-28",
            "MARTINIQUE, 2026-05-22, 2026-05-26",
            "GUADELOUPE, 2026-05-27, 2026-05-28",
            "GUYANE,     2026-06-10, 2026-06-11",
            "REUNION,    2027-12-20, 2027-12-21",
            "978,        2026-05-28, 2026-05-29",
            "977,        2026-10-09, 2026-10-12",
    })
    void deniesCallOnTheAbolitionOfSlaveryDayOfEachOverseasTerritory(String territoryOrDepartement, String day,
                                                                     String reopens) {
        CalleeLocation callee = territoryOrDepartement.startsWith("97")
                ? CalleeLocation.of(Territory.GUADELOUPE, territoryOrDepartement)
                : CalleeLocation.of(Territory.valueOf(territoryOrDepartement));
        assertVerdict(at(day + "T11:00:00", callee), callee, "PUBLIC_HOLIDAY", reopens + "T10:00:00");
        // The day is local: the rest of France, and the other territories, work.
        assertThat(CALENDAR.check(at(day + "T11:00:00", PARIS), PARIS)).isInstanceOf(Open.class);
        for (CalleeLocation other : new CalleeLocation[] {MARTINIQUE, GUADELOUPE, GUYANE, REUNION, MAYOTTE,
                CalleeLocation.of(Territory.GUADELOUPE, "977"), CalleeLocation.of(Territory.GUADELOUPE, "978")}) {
            if (!other.equals(callee)) {
                assertThat(CALENDAR.check(at(day + "T11:00:00", other), other)).isInstanceOf(Open.class);
            }
        }
    }

    @Test
    void movedSaintMartinsAbolitionDayFromTheTwentySeventhToTheTwentyEighthOfMayIn2018() {
        CalleeLocation saintMartin = CalleeLocation.of(Territory.GUADELOUPE, "978");
        assertVerdict(at("2026-05-27T11:00:00", saintMartin), saintMartin, "OPEN", null);
        assertVerdict(at("2026-05-28T11:00:00", saintMartin), saintMartin, "PUBLIC_HOLIDAY", "2026-05-29T10:00:00");
        assertThat(CALENDAR.isPublicHoliday(java.time.LocalDate.of(2017, 5, 27), HolidayZone.SAINT_MARTIN)).isTrue();
        assertThat(CALENDAR.isPublicHoliday(java.time.LocalDate.of(2017, 5, 28), HolidayZone.SAINT_MARTIN)).isFalse();
    }

    @Test
    void saysNotAWorkingDayForAHolidayThatFallsOnASaturday() {
        // 15 August 2026 is a Saturday: the weekend is what a person checks first.
        assertVerdict(at("2026-08-15T11:00:00", PARIS), PARIS, "NOT_A_WORKING_DAY", "2026-08-17T10:00:00");
    }

    @Test
    void saysPublicHolidayRatherThanOutsideHoursOnAWeekdayHolidayNight() {
        assertVerdict(at("2025-07-14T22:00:00", PARIS), PARIS, "PUBLIC_HOLIDAY", "2025-07-15T10:00:00");
    }

    @Test
    void answersBeyondThePrecomputedYears() {
        // Easter 2101 is 17 April: Easter Monday 18 April.
        assertVerdict(at("2101-04-18T11:00:00", PARIS), PARIS, "PUBLIC_HOLIDAY", "2101-04-19T10:00:00");
        assertVerdict(at("1989-05-08T11:00:00", PARIS), PARIS, "PUBLIC_HOLIDAY", "1989-05-09T10:00:00");
    }

    @Test
    void skipsADayThatTheCalleesClockNeverShows() {
        // Samoa jumped from Thursday 29 December 2011 23:59:59 (UTC-10) to Saturday 31 December 00:00 (UTC+14).
        CalleeLocation apia = new CalleeLocation(ZoneId.of("Pacific/Apia"), HolidayZone.METROPOLE);
        assertThat(CALENDAR.nextOpen(at("2011-12-29T20:00:00", apia), apia)).isEqualTo(at("2012-01-02T10:00:00", apia));
        assertThat(CALENDAR.check(utc("2011-12-30T10:00:00Z"), apia))
                .isEqualTo(new Closed(TimeReason.NOT_A_WORKING_DAY, at("2012-01-02T10:00:00", apia)));
    }

    @Test
    void answersFromYearOneToYearNineThousandNineHundredAndNinetyNine() {
        // 1 January is a holiday in any year; Monday 1 January 0001 (proleptic Gregorian) reopens on the 2nd.
        assertVerdict(at("0001-01-01T11:00:00", PARIS), PARIS, "PUBLIC_HOLIDAY", "0001-01-02T10:00:00");
        // Friday 31 December 9999, 20:00: the next opening is Monday 3 January 10000.
        Instant last = at("9999-12-31T20:00:00", PARIS);
        assertThat(CALENDAR.check(last, PARIS)).isEqualTo(new Closed(TimeReason.OUTSIDE_HOURS,
                LocalDateTime.of(10000, 1, 3, 10, 0).atZone(PARIS.zone()).toInstant()));
    }

    @Test
    void returnsTheSameOpenVerdictWithoutAllocatingOne() {
        assertThat(CALENDAR.check(at("2025-06-03T11:00:00", PARIS), PARIS))
                .isSameAs(CALENDAR.check(at("2025-06-04T15:00:00", PARIS), PARIS));
    }

    private static void assertVerdict(Instant at, CalleeLocation where, String expected, String nextOpenLocal) {
        CalendarVerdict verdict = CALENDAR.check(at, where);
        if (expected.equals("OPEN")) {
            assertThat(verdict).isInstanceOf(Open.class);
            assertThat(CALENDAR.nextOpen(at, where)).isEqualTo(at);
        } else {
            assertThat(verdict).isEqualTo(new Closed(TimeReason.valueOf(expected), at(nextOpenLocal, where)));
            assertThat(CALENDAR.nextOpen(at, where)).isEqualTo(at(nextOpenLocal, where));
        }
    }
}
