package fr.consenti.core.calendar;

/** A set of public holidays: the national days plus the local ones of a zone (RULES.md §5). */
public enum HolidayZone {
    METROPOLE,
    /** Départements 57, 67 and 68: Good Friday and 26 December too. */
    ALSACE_MOSELLE,
    GUADELOUPE,
    MARTINIQUE,
    GUYANE,
    REUNION,
    MAYOTTE
}
