package fr.consenti.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZoneClockTest {

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Paris", "America/Martinique", "Indian/Reunion", "Pacific/Apia",
            "Australia/Lord_Howe", "America/Santiago", "Africa/Casablanca", "America/Havana"})
    void readsEveryTransitionOfTheZoneRulesToTheSecond(String id) {
        ZoneId zone = ZoneId.of(id);
        ZoneRules rules = zone.getRules();
        ZoneClock clock = ZoneClock.of(zone);
        int seen = 0;
        Instant from = Instant.parse("1989-06-01T00:00:00Z");
        for (ZoneOffsetTransition t = rules.nextTransition(from);
                t != null && t.getInstant().isBefore(Instant.parse("2102-01-01T00:00:00Z"));
                t = rules.nextTransition(t.getInstant())) {
            long s = t.toEpochSecond();
            assertThat(clock.offsetAt(s - 1)).as("%s before %s", id, t).isEqualTo(t.getOffsetBefore().getTotalSeconds());
            assertThat(clock.offsetAt(s)).as("%s at %s", id, t).isEqualTo(t.getOffsetAfter().getTotalSeconds());
            assertThat(clock.nextTransitionAfter(s - 1)).as("%s before %s", id, t).isEqualTo(s);
            ZoneOffsetTransition next = rules.nextTransition(t.getInstant());
            assertThat(clock.nextTransitionAfter(s)).as("%s at %s", id, t)
                    .isEqualTo(next == null ? Long.MAX_VALUE : next.toEpochSecond());
            seen++;
        }
        // Martinique and Réunion have no transition in these years: their one offset must still read right.
        Instant july = Instant.parse("2026-07-01T00:00:00Z");
        assertThat(clock.offsetAt(july.getEpochSecond())).isEqualTo(rules.getOffset(july).getTotalSeconds());
        boolean fixedSince1989 = id.equals("America/Martinique") || id.equals("Indian/Reunion");
        assertThat(seen).as("transitions of %s", id).matches(n -> fixedSince1989 ? n == 0 : n > 0);
    }
}
