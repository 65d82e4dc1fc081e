package fr.consenti.core.number;

import java.time.ZoneId;

/** A French territory with its own numbering ranges and time zone (RULES.md §5). */
public enum Territory {
    METROPOLE("Europe/Paris", 33),
    GUADELOUPE("America/Guadeloupe", 590),
    MARTINIQUE("America/Martinique", 596),
    GUYANE("America/Cayenne", 594),
    REUNION("Indian/Reunion", 262),
    MAYOTTE("Indian/Mayotte", 262);

    private final ZoneId zone;
    private final int countryCode;

    Territory(String zone, int countryCode) {
        this.zone = ZoneId.of(zone);
        this.countryCode = countryCode;
    }

    /** The time zone of a callee in this territory when no address says otherwise. */
    public ZoneId zone() {
        return zone;
    }

    /** The E.164 country calling code this territory's numbers carry. */
    public int countryCode() {
        return countryCode;
    }
}
