package fr.consenti.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.calendar.CalendarVerdict.Closed;
import fr.consenti.core.calendar.CalendarVerdict.Open;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Clocks that jump at a window edge. No French zone does (summer time changes at 02:00-03:00), but the calendar
 * promises the first instant at which the callee's clock shows an allowed time, whatever the clock does.
 */
class OddClocksTest {

    private static final ZoneOffset PLUS_1 = ZoneOffset.ofHours(1);
    private static final ZoneOffset PLUS_2 = ZoneOffset.ofHours(2);
    private static final String ZONE_ID = "Consenti/JumpsAtWindowEdges";

    private static final ZoneId ZONE = register();

    private static synchronized ZoneId register() {
        if (!ZoneRulesProvider.getAvailableZoneIds().contains(ZONE_ID)) {
            // Tuesday 3 June 2025: 10:00 becomes 11:00. Wednesday 4 June: 20:00 becomes 19:00 again.
            // Thursday 5 June: 12:30 becomes 14:30, over the whole lunch break.
            ZoneRules rules = ZoneRules.of(PLUS_1, PLUS_1, List.of(), List.of(
                    ZoneOffsetTransition.of(LocalDateTime.parse("2025-06-03T10:00"), PLUS_1, PLUS_2),
                    ZoneOffsetTransition.of(LocalDateTime.parse("2025-06-04T20:00"), PLUS_2, PLUS_1),
                    ZoneOffsetTransition.of(LocalDateTime.parse("2025-06-05T12:30"), PLUS_1, ZoneOffset.ofHours(3))),
                    List.of());
            ZoneRulesProvider.registerProvider(new ZoneRulesProvider() {
                @Override
                protected Set<String> provideZoneIds() {
                    return Set.of(ZONE_ID);
                }

                @Override
                protected ZoneRules provideRules(String zoneId, boolean forCaching) {
                    return rules;
                }

                @Override
                protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
                    return new TreeMap<>(java.util.Map.of("1", rules));
                }
            });
        }
        return ZoneId.of(ZONE_ID);
    }

    private static final CallingCalendar CALENDAR = new CallingCalendar();
    private static final CalleeLocation CALLEE = new CalleeLocation(ZONE, HolidayZone.METROPOLE);

    private static Instant instant(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    @Test
    void opensWhenTheClockJumpsOverTenInTheMorning() {
        // 09:30 (+01:00): the clock never shows 10:00; it opens at the jump, which it shows as 11:00 (+02:00).
        assertThat(CALENDAR.check(instant("2025-06-03T09:30:00+01:00"), CALLEE))
                .isEqualTo(new Closed(TimeReason.OUTSIDE_HOURS, instant("2025-06-03T11:00:00+02:00")));
        assertThat(CALENDAR.check(instant("2025-06-03T11:00:00+02:00"), CALLEE)).isInstanceOf(Open.class);
        assertThat(CALENDAR.check(instant("2025-06-03T09:59:59+01:00"), CALLEE)).isInstanceOf(Closed.class);
    }

    @Test
    void reopensWhenTheClockGoesBackFromEightToSevenInTheEvening() {
        // 20:00 (+02:00) is 19:00 (+01:00): the clock shows an allowed hour once more, until 20:00 (+01:00).
        assertThat(CALENDAR.check(instant("2025-06-04T19:59:59+02:00"), CALLEE)).isInstanceOf(Open.class);
        assertThat(CALENDAR.check(instant("2025-06-04T19:00:00+01:00"), CALLEE)).isInstanceOf(Open.class);
        assertThat(CALENDAR.check(instant("2025-06-04T20:00:00+01:00"), CALLEE))
                .isEqualTo(new Closed(TimeReason.OUTSIDE_HOURS, instant("2025-06-05T10:00:00+01:00")));
    }

    @Test
    void opensAtTheJumpWhenTheClockSkipsTheWholeLunchBreak() {
        // 12:30 (+01:00) becomes 14:30 (+03:00): 12:29:59 is open, and so is the next second, shown as 14:30.
        assertThat(CALENDAR.check(instant("2025-06-05T12:29:59+01:00"), CALLEE)).isInstanceOf(Open.class);
        assertThat(CALENDAR.check(instant("2025-06-05T14:30:00+03:00"), CALLEE)).isInstanceOf(Open.class);
        assertThat(CALENDAR.nextOpen(instant("2025-06-05T12:10:00+01:00"), CALLEE))
                .isEqualTo(instant("2025-06-05T12:10:00+01:00"));
    }

    @Test
    void agreesWithItselfSecondBySecondAcrossTheJumps() {
        // Brute force over the three days: every closed second's next opening is the next open second.
        Instant end = instant("2025-06-06T00:00:00+03:00");
        Instant expectedNext = null;
        int checked = 0;
        for (Instant t = end; !t.isBefore(instant("2025-06-03T00:00:00+01:00")); t = t.minusSeconds(1)) {
            if (CALENDAR.isOpen(t, CALLEE)) {
                expectedNext = t;
            }
            checked++;
            if (expectedNext != null && !CALENDAR.nextOpen(t, CALLEE).equals(expectedNext)) {
                assertThat(CALENDAR.nextOpen(t, CALLEE)).as("from %s", t).isEqualTo(expectedNext);
            }
        }
        assertThat(checked).isEqualTo(70 * 3600 + 1); // 2 June 23:00Z to 5 June 21:00Z, both ends included
    }
}
