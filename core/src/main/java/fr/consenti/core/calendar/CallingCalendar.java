package fr.consenti.core.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The legal days and hours of telephone canvassing at the callee (C. consom. D223-9, RULES.md §5): Monday to
 * Friday, 10:00-13:00 and 14:00-20:00 local time, never on a public holiday. Pure: time comes in as an argument.
 *
 * <p>When several reasons close a moment, the verdict gives the one a person checks first: a Saturday or Sunday
 * is {@link TimeReason#NOT_A_WORKING_DAY} even when it is also a holiday (1 May on a Saturday); a weekday
 * holiday is {@link TimeReason#PUBLIC_HOLIDAY} at any hour, even at night; otherwise
 * {@link TimeReason#OUTSIDE_HOURS}.
 *
 * <p>Safe for concurrent use. Holidays are precomputed for 1990-2100 and computed on demand outside; instants
 * from year 1 to year 9999 at the callee are supported.
 */
public final class CallingCalendar {

    private static final CalendarVerdict.Open OPEN = new CalendarVerdict.Open();

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int MORNING_START = 10 * 3600;
    private static final int MORNING_END = 13 * 3600;
    private static final int AFTERNOON_START = 14 * 3600;
    private static final int AFTERNOON_END = 20 * 3600;

    private final CalendarPolicy policy;
    /** The holiday bitset of each zone under this policy, by ordinal: no map lookup on the hot path. */
    private final long[][] tables;

    public CallingCalendar(CalendarPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        HolidayZone[] zones = HolidayZone.values();
        this.tables = new long[zones.length][];
        for (HolidayZone zone : zones) {
            tables[zone.ordinal()] = Holidays.table(zone, policy.localHolidays());
        }
    }

    /** A calendar with the default policy of RULES.md. */
    public CallingCalendar() {
        this(CalendarPolicy.DEFAULT);
    }

    public CalendarPolicy policy() {
        return policy;
    }

    /** Whether a call at {@code at} to a callee at {@code where} is within the legal days and hours, and if not why and from when. */
    public CalendarVerdict check(Instant at, CalleeLocation where) {
        TimeReason reason = closedReason(at, where);
        if (reason == null) {
            return OPEN;
        }
        return new CalendarVerdict.Closed(reason, nextOpen(at, where));
    }

    /** Like {@link #check} without the verdict: allocates nothing. */
    public boolean isOpen(Instant at, CalleeLocation where) {
        return closedReason(at, where) == null;
    }

    /** Why the calendar is closed at {@code at} for a callee at {@code where}, or {@code null} when open. Allocates nothing. */
    public TimeReason closedReason(Instant at, CalleeLocation where) {
        long second = at.getEpochSecond();
        long local = second + ZoneClock.of(where.zone()).offsetAt(second);
        long day = Math.floorDiv(local, SECONDS_PER_DAY);
        if (isWeekend(day)) {
            return TimeReason.NOT_A_WORKING_DAY;
        }
        if (isHoliday(day, where.holidays())) {
            return TimeReason.PUBLIC_HOLIDAY;
        }
        return inWindow((int) Math.floorMod(local, SECONDS_PER_DAY)) ? null : TimeReason.OUTSIDE_HOURS;
    }

    /** Whether {@code date} is a public holiday in {@code zone} under this calendar's policy. */
    public boolean isPublicHoliday(LocalDate date, HolidayZone zone) {
        return isHoliday(date.toEpochDay(), zone);
    }

    /**
     * The first instant at or after {@code from} at which the calendar is open for a callee at {@code where}:
     * {@code from} itself when open. Computed from the window edges, day by day, never by stepping through time.
     */
    public Instant nextOpen(Instant from, CalleeLocation where) {
        ZoneClock clock = ZoneClock.of(where.zone());
        HolidayZone zone = where.holidays();
        long t = from.getEpochSecond();
        // Between two offset transitions local time runs with the instant, so the next window start follows
        // by arithmetic; a transition met first restarts the search from it with the new offset. This is
        // exact whatever the transitions do (a gap over 10:00, an overlap that reopens a window), and costs one
        // pass for fixed-offset zones and at most one more around a summer-time change.
        while (true) {
            int offset = clock.offsetAt(t);
            long local = t + offset;
            long day = Math.floorDiv(local, SECONDS_PER_DAY);
            int second = (int) Math.floorMod(local, SECONDS_PER_DAY);
            boolean workingDay = isWorkingDay(day, zone);
            long openLocal;
            if (workingDay && inWindow(second)) {
                return t == from.getEpochSecond() ? from : Instant.ofEpochSecond(t);
            } else if (workingDay && second < MORNING_START) {
                openLocal = day * SECONDS_PER_DAY + MORNING_START;
            } else if (workingDay && second >= MORNING_END && second < AFTERNOON_START) {
                openLocal = day * SECONDS_PER_DAY + AFTERNOON_START;
            } else {
                long next = day + 1;
                while (!isWorkingDay(next, zone)) {
                    next++;
                }
                openLocal = next * SECONDS_PER_DAY + MORNING_START;
            }
            long candidate = openLocal - offset;
            long transition = clock.nextTransitionAfter(t);
            if (candidate < transition) {
                return Instant.ofEpochSecond(candidate);
            }
            t = transition;
        }
    }

    private boolean isWorkingDay(long epochDay, HolidayZone zone) {
        return !isWeekend(epochDay) && !isHoliday(epochDay, zone);
    }

    private boolean isHoliday(long epochDay, HolidayZone zone) {
        return Holidays.isHoliday(tables[zone.ordinal()], epochDay, zone, policy.localHolidays());
    }

    private static boolean isWeekend(long epochDay) {
        // Epoch day 0, 1970-01-01, was a Thursday: +3 makes Monday 0 and Saturday 5.
        return Math.floorMod(epochDay + 3, 7) >= 5;
    }

    private static boolean inWindow(int secondOfDay) {
        return (secondOfDay >= MORNING_START && secondOfDay < MORNING_END)
                || (secondOfDay >= AFTERNOON_START && secondOfDay < AFTERNOON_END);
    }
}
