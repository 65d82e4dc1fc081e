package fr.consenti.core.calendar;

import fr.consenti.core.number.Territory;
import java.time.ZoneId;
import java.util.Objects;

/** Where the callee is, as far as the calling calendar cares: a time zone and a set of holidays. */
public record CalleeLocation(ZoneId zone, HolidayZone holidays) {

    public CalleeLocation {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(holidays, "holidays");
    }

    /** The location a number's territory implies when no address is known. */
    public static CalleeLocation of(Territory territory) {
        return of(territory, null);
    }

    /**
     * The location from the number's territory and, when known, the département of the callee's address
     * (two or three characters: "57", "2A", "974"), which wins over the number. Saint-Barthélemy (977) and
     * Saint-Martin (978) share Guadeloupe's numbers but not its abolition day: only their address tells them apart.
     */
    public static CalleeLocation of(Territory territory, String departement) {
        if (departement != null) {
            switch (departement) {
                case "57", "67", "68" -> { return new CalleeLocation(ZoneId.of("Europe/Paris"), HolidayZone.ALSACE_MOSELLE); }
                case "971" -> { return new CalleeLocation(Territory.GUADELOUPE.zone(), HolidayZone.GUADELOUPE); }
                case "972" -> { return new CalleeLocation(Territory.MARTINIQUE.zone(), HolidayZone.MARTINIQUE); }
                case "973" -> { return new CalleeLocation(Territory.GUYANE.zone(), HolidayZone.GUYANE); }
                case "974" -> { return new CalleeLocation(Territory.REUNION.zone(), HolidayZone.REUNION); }
                case "976" -> { return new CalleeLocation(Territory.MAYOTTE.zone(), HolidayZone.MAYOTTE); }
                case "977" -> { return new CalleeLocation(ZoneId.of("America/St_Barthelemy"), HolidayZone.SAINT_BARTHELEMY); }
                case "978" -> { return new CalleeLocation(ZoneId.of("America/Marigot"), HolidayZone.SAINT_MARTIN); }
                default -> { return new CalleeLocation(ZoneId.of("Europe/Paris"), HolidayZone.METROPOLE); }
            }
        }
        return switch (territory) {
            case METROPOLE -> new CalleeLocation(territory.zone(), HolidayZone.METROPOLE);
            case GUADELOUPE -> new CalleeLocation(territory.zone(), HolidayZone.GUADELOUPE);
            case MARTINIQUE -> new CalleeLocation(territory.zone(), HolidayZone.MARTINIQUE);
            case GUYANE -> new CalleeLocation(territory.zone(), HolidayZone.GUYANE);
            case REUNION -> new CalleeLocation(territory.zone(), HolidayZone.REUNION);
            case MAYOTTE -> new CalleeLocation(territory.zone(), HolidayZone.MAYOTTE);
        };
    }
}
