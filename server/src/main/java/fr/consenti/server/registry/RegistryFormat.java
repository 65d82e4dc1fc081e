package fr.consenti.server.registry;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How receipts and mails write numbers and instants: national form, French calendar, Paris time. */
final class RegistryFormat {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.FRANCE)
            .withZone(RegistryPolicy.FRANCE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRANCE)
            .withZone(RegistryPolicy.FRANCE);

    /** The formatter as the pages call it ({@code ${fmt.dateTime(...)}}). */
    static final RegistryFormat VIEW = new RegistryFormat();

    private RegistryFormat() {
    }

    /** {@code +33612345678} → {@code 06 12 34 56 78}. */
    public static String national(String e164) {
        if (!(NumberParser.parse(e164) instanceof FrenchNumber number)) {
            return e164;
        }
        String digits = number.national();
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 2) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(digits, i, Math.min(i + 2, digits.length()));
        }
        return grouped.toString();
    }

    public static String date(Instant instant) {
        return DATE.format(instant);
    }

    /** {@code 29/11/2026 à 18:17} (heure de Paris). */
    public static String dateTime(Instant instant) {
        return DATE.format(instant) + " à " + TIME.format(instant.truncatedTo(ChronoUnit.MINUTES));
    }

    static String years(java.time.Period term) {
        if (term.getMonths() == 0 && term.getDays() == 0) {
            return term.getYears() + (term.getYears() > 1 ? " ans" : " an");
        }
        return term.toString();
    }
}
