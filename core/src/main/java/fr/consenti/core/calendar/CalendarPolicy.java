package fr.consenti.core.calendar;

/**
 * The configurable part of the calling calendar (RULES.md §5).
 *
 * @param localHolidays policy {@code calendar.localHolidays}: also close on the callee's local public holidays
 *                      (Good Friday and 26 December in Alsace-Moselle, the abolition-of-slavery day overseas)
 */
public record CalendarPolicy(boolean localHolidays) {

    /** The defaults of RULES.md: local holidays on. */
    public static final CalendarPolicy DEFAULT = new CalendarPolicy(true);
}
