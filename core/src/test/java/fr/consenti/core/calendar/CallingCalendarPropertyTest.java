package fr.consenti.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.calendar.CalendarVerdict.Closed;
import fr.consenti.core.calendar.CalendarVerdict.Open;
import fr.consenti.core.number.Territory;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the calendar over instants drawn from a fixed seed, so that a failure is reproducible: each failure
 * names the seed, the trial and the sample. {@code -Dcalendar.seed=…} explores other instants.
 */
class CallingCalendarPropertyTest {

    private static final long SEED = Long.getLong("calendar.seed", 20_260_601L);

    private static final CallingCalendar CALENDAR = new CallingCalendar(CalendarPolicy.DEFAULT);

    /** Every French location, and zones whose clocks do odd things, to exercise the transition handling. */
    private static final List<CalleeLocation> PLACES = places();

    private static List<CalleeLocation> places() {
        List<CalleeLocation> places = new ArrayList<>();
        for (Territory territory : Territory.values()) {
            places.add(CalleeLocation.of(territory));
        }
        places.add(CalleeLocation.of(Territory.METROPOLE, "68"));
        places.add(CalleeLocation.of(Territory.GUADELOUPE, "977"));
        places.add(CalleeLocation.of(Territory.GUADELOUPE, "978"));
        // Apia skipped Friday 30 December 2011; Lord Howe moves by 30 minutes; Kathmandu is UTC+05:45;
        // Santiago and Havana change at midnight; Casablanca suspends summer time for Ramadan.
        for (String zone : List.of("Pacific/Apia", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago",
                "America/Havana", "Africa/Casablanca")) {
            places.add(new CalleeLocation(ZoneId.of(zone), HolidayZone.METROPOLE));
        }
        return List.copyOf(places);
    }

    /** An instant and the callee's location. */
    record Moment(Instant instant, CalleeLocation where) {
    }

    /** Past both ends of the precomputed years (1990-2100) too, where the calendar computes on demand. */
    private static Moment moment(SplittableRandom random) {
        return momentBetween(random, 1960, 2130);
    }

    /** The years of the published Easter table that the reference reads, in the callee's local time. */
    private static Moment recentMoment(SplittableRandom random) {
        while (true) {
            Moment m = momentBetween(random, 2020, 2035);
            int year = m.instant().atZone(m.where().zone()).getYear();
            if (year >= 2020 && year <= 2035) {
                return m;
            }
        }
    }

    /** Seconds of the day at midnight, 02:00 and 03:00, and the window edges 10:00, 13:00, 14:00 and 20:00. */
    private static final int[] EDGES = {0, 2 * 3600, 3 * 3600, 10 * 3600, 13 * 3600, 14 * 3600, 20 * 3600};

    /**
     * A place and an instant in those years: half uniform to the nanosecond, half within a second of a window edge
     * or of midnight in the callee's local time.
     */
    private static Moment momentBetween(SplittableRandom random, int firstYear, int lastYear) {
        CalleeLocation where = PLACES.get(random.nextInt(PLACES.size()));
        if (random.nextBoolean()) {
            LocalDate day = LocalDate.ofEpochDay(between(random,
                    LocalDate.of(firstYear, 1, 1).toEpochDay(), LocalDate.of(lastYear, 12, 31).toEpochDay()));
            int second = EDGES[random.nextInt(EDGES.length)] + random.nextInt(-1, 2);
            LocalTime time = LocalTime.ofSecondOfDay(Math.floorMod(second, 86_400));
            return new Moment(day.atTime(time).atZone(where.zone()).toInstant(), where);
        }
        long second = between(random, Instant.parse(firstYear + "-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse((lastYear + 1) + "-01-01T00:00:00Z").getEpochSecond() - 1);
        return new Moment(Instant.ofEpochSecond(second, between(random, 0, 999_999_999)), where);
    }

    /** From a few seconds to ten days, half of the time within two minutes. */
    private static Duration delay(SplittableRandom random) {
        return Duration.ofSeconds(random.nextBoolean() ? between(random, 0, 120) : between(random, 0, 10 * 86_400));
    }

    /** Uniform in {@code [min, max]}, but one of its ends one time in sixteen. */
    private static long between(SplittableRandom random, long min, long max) {
        int edge = random.nextInt(32);
        return edge == 0 ? min : edge == 1 ? max : random.nextLong(min, max + 1);
    }

    private static String trial(long seed, int trial, Object... sample) {
        return "seed " + seed + ", trial " + trial + ": " + Arrays.toString(sample);
    }

    @Test
    void aCallAtTheNextOpeningIsNeverClosed() {
        long seed = SEED + 1;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            Moment m = moment(random);
            Instant next = CALENDAR.nextOpen(m.instant(), m.where());
            assertThat(CALENDAR.check(next, m.where())).as(trial(seed, i, m, next)).isInstanceOf(Open.class);
        }
    }

    @Test
    void theNextOpeningIsNeverBeforeTheMomentAndIsTheMomentItselfWhenOpen() {
        long seed = SEED + 2;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            Moment m = moment(random);
            Instant t = m.instant();
            Instant next = CALENDAR.nextOpen(t, m.where());
            String what = trial(seed, i, m, next);
            assertThat(next).as(what).isAfterOrEqualTo(t);
            CalendarVerdict verdict = CALENDAR.check(t, m.where());
            if (verdict instanceof Open) {
                assertThat(next).as(what).isEqualTo(t);
            } else {
                assertThat(next).as(what).isAfter(t);
                assertThat(((Closed) verdict).nextOpen()).as(what).isEqualTo(next);
            }
        }
    }

    @Test
    void noMomentBetweenAClosedInstantAndItsNextOpeningIsOpen() {
        long seed = SEED + 3;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            Moment m = moment(random);
            Instant t = m.instant();
            CalleeLocation where = m.where();
            Instant next = CALENDAR.nextOpen(t, where);
            String what = trial(seed, i, m, next);
            // Window edges fall on whole minutes in every zone sampled: a minute's step cannot jump over an opening.
            for (Instant probe = t.plusSeconds(60); probe.isBefore(next); probe = probe.plusSeconds(60)) {
                assertThat(CALENDAR.isOpen(probe, where)).as("%s, open at %s", what, probe).isFalse();
            }
            if (next.isAfter(t)) {
                assertThat(CALENDAR.isOpen(next.minusNanos(1), where)).as("%s, open just before", what).isFalse();
            }
        }
    }

    @Test
    void theNextOpeningNeverMovesBackWhenTheMomentMovesForward() {
        long seed = SEED + 4;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            Moment m = moment(random);
            Duration delay = delay(random);
            Instant t = m.instant();
            CalleeLocation where = m.where();
            assertThat(CALENDAR.nextOpen(t.plus(delay), where)).as(trial(seed, i, m, delay))
                    .isAfterOrEqualTo(CALENDAR.nextOpen(t, where));
        }
    }

    @Test
    void givesTheSameVerdictAsAStraightforwardZonedDateTimeReading() {
        long seed = SEED + 5;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 3000; i++) {
            Moment m = recentMoment(random);
            Instant t = m.instant();
            CalleeLocation where = m.where();
            ZonedDateTime local = t.atZone(where.zone());
            TimeReason expected;
            if (local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY) {
                expected = TimeReason.NOT_A_WORKING_DAY;
            } else if (HolidayOracleTest.expectedHolidays(local.getYear(), where.holidays(), true)
                    .contains(local.toLocalDate())) {
                expected = TimeReason.PUBLIC_HOLIDAY;
            } else {
                LocalTime time = local.toLocalTime();
                boolean morning = !time.isBefore(LocalTime.of(10, 0)) && time.isBefore(LocalTime.of(13, 0));
                boolean afternoon = !time.isBefore(LocalTime.of(14, 0)) && time.isBefore(LocalTime.of(20, 0));
                expected = morning || afternoon ? null : TimeReason.OUTSIDE_HOURS;
            }
            assertThat(CALENDAR.closedReason(t, where)).as(trial(seed, i, m, local)).isEqualTo(expected);
        }
    }

    @Test
    void readsTheSameOffsetsAndTransitionsAsTheZoneRules() {
        long seed = SEED + 6;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 3000; i++) {
            Moment m = moment(random);
            Instant t = m.instant();
            ZoneId zone = m.where().zone();
            ZoneClock clock = ZoneClock.of(zone);
            String what = trial(seed, i, m);
            assertThat(clock.offsetAt(t.getEpochSecond())).as(what)
                    .isEqualTo(zone.getRules().getOffset(t).getTotalSeconds());
            var transition = zone.getRules().nextTransition(t);
            assertThat(clock.nextTransitionAfter(t.getEpochSecond())).as(what)
                    .isEqualTo(transition == null ? Long.MAX_VALUE : transition.toEpochSecond());
        }
    }
}
