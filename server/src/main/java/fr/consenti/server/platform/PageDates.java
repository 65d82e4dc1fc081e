package fr.consenti.server.platform;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** How pages show an instant: to the minute, in French time, which they say. Templates call {@code @dates.format}. */
@Component("dates")
public final class PageDates {

    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public String format(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant.atZone(FRANCE)) + " (Paris)";
    }
}
