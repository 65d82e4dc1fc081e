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
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

class CallingCalendarPropertyTest {

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

    @Provide
    Arbitrary<Tuple2<Instant, CalleeLocation>> moments() {
        // Past both ends of the precomputed years (1990-2100) too, where the calendar computes on demand.
        return momentsBetween(1960, 2130);
    }

    @Provide
    Arbitrary<Tuple2<Instant, CalleeLocation>> recentMoments() {
        // The years of the published Easter table that the reference reads.
        return momentsBetween(2020, 2035).filter(m -> {
            int year = m.get1().atZone(m.get2().zone()).getYear();
            return year >= 2020 && year <= 2035;
        });
    }

    /**
     * A place and an instant in those years: half uniform to the nanosecond, half within a second of a window edge
     * or of midnight in the callee's local time.
     */
    private static Arbitrary<Tuple2<Instant, CalleeLocation>> momentsBetween(int firstYear, int lastYear) {
        Arbitrary<CalleeLocation> place = Arbitraries.of(PLACES);
        Arbitrary<Instant> uniform = Arbitraries.longs()
                .between(Instant.parse(firstYear + "-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse((lastYear + 1) + "-01-01T00:00:00Z").getEpochSecond() - 1)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        Arbitrary<LocalDate> day = Arbitraries.longs()
                .between(LocalDate.of(firstYear, 1, 1).toEpochDay(), LocalDate.of(lastYear, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
        Arbitrary<LocalTime> edge = Arbitraries.of(0, 2 * 3600, 3 * 3600, 10 * 3600, 13 * 3600, 14 * 3600, 20 * 3600)
                .flatMap(s -> Arbitraries.of(-1, 0, 1).map(d -> LocalTime.ofSecondOfDay(Math.floorMod(s + d, 86_400))));
        Arbitrary<Boolean> nearEdge = Arbitraries.of(true, false);
        return Combinators.combine(place, uniform, day, edge, nearEdge).as((where, instant, d, time, near) ->
                Tuple.of(near ? d.atTime(time).atZone(where.zone()).toInstant() : instant, where));
    }

    @Property(tries = 2000)
    void aCallAtTheNextOpeningIsNeverClosed(@ForAll("moments") Tuple2<Instant, CalleeLocation> moment) {
        Instant next = CALENDAR.nextOpen(moment.get1(), moment.get2());
        assertThat(CALENDAR.check(next, moment.get2())).isInstanceOf(Open.class);
    }

    @Property(tries = 2000)
    void theNextOpeningIsNeverBeforeTheMomentAndIsTheMomentItselfWhenOpen(
            @ForAll("moments") Tuple2<Instant, CalleeLocation> moment) {
        Instant t = moment.get1();
        Instant next = CALENDAR.nextOpen(t, moment.get2());
        assertThat(next).isAfterOrEqualTo(t);
        CalendarVerdict verdict = CALENDAR.check(t, moment.get2());
        if (verdict instanceof Open) {
            assertThat(next).isEqualTo(t);
        } else {
            assertThat(next).isAfter(t);
            assertThat(((Closed) verdict).nextOpen()).isEqualTo(next);
        }
    }

    @Property(tries = 300)
    void noMomentBetweenAClosedInstantAndItsNextOpeningIsOpen(@ForAll("moments") Tuple2<Instant, CalleeLocation> moment) {
        Instant t = moment.get1();
        CalleeLocation where = moment.get2();
        Instant next = CALENDAR.nextOpen(t, where);
        // Window edges fall on whole minutes in every zone sampled: a minute's step cannot jump over an opening.
        for (Instant probe = t.plusSeconds(60); probe.isBefore(next); probe = probe.plusSeconds(60)) {
            assertThat(CALENDAR.isOpen(probe, where)).as("%s at %s", probe, where.zone()).isFalse();
        }
        if (next.isAfter(t)) {
            assertThat(CALENDAR.isOpen(next.minusNanos(1), where)).isFalse();
        }
    }

    @Property(tries = 2000)
    void theNextOpeningNeverMovesBackWhenTheMomentMovesForward(
            @ForAll("moments") Tuple2<Instant, CalleeLocation> moment,
            @ForAll("delays") Duration delay) {
        Instant t = moment.get1();
        CalleeLocation where = moment.get2();
        assertThat(CALENDAR.nextOpen(t.plus(delay), where)).isAfterOrEqualTo(CALENDAR.nextOpen(t, where));
    }

    @Provide
    Arbitrary<Duration> delays() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 120).map(Duration::ofSeconds),
                Arbitraries.longs().between(0, 10 * 86_400).map(Duration::ofSeconds));
    }

    @Property(tries = 3000)
    void givesTheSameVerdictAsAStraightforwardZonedDateTimeReading(
            @ForAll("recentMoments") Tuple2<Instant, CalleeLocation> moment) {
        Instant t = moment.get1();
        CalleeLocation where = moment.get2();
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
        assertThat(CALENDAR.closedReason(t, where)).as("%s", local).isEqualTo(expected);
    }

    @Property(tries = 3000)
    void readsTheSameOffsetsAndTransitionsAsTheZoneRules(@ForAll("moments") Tuple2<Instant, CalleeLocation> moment) {
        Instant t = moment.get1();
        ZoneId zone = moment.get2().zone();
        ZoneClock clock = ZoneClock.of(zone);
        assertThat(clock.offsetAt(t.getEpochSecond())).isEqualTo(zone.getRules().getOffset(t).getTotalSeconds());
        var transition = zone.getRules().nextTransition(t);
        assertThat(clock.nextTransitionAfter(t.getEpochSecond()))
                .isEqualTo(transition == null ? Long.MAX_VALUE : transition.toEpochSecond());
    }
}
