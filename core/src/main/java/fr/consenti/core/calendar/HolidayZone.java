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
    MAYOTTE,
    /**
     * Saint-Martin (address in 978): its own abolition day, 28 May since 2018. Its numbers are Guadeloupe's,
     * so only an address puts a callee here.
     */
    SAINT_MARTIN,
    /** Saint-Barthélemy (address in 977): its own abolition day, 9 October. Numbers as for Saint-Martin. */
    SAINT_BARTHELEMY
}
