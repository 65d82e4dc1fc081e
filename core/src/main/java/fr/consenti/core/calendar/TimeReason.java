package fr.consenti.core.calendar;

/** Why the calendar closes a moment to calls; the names are the decision codes of RULES.md §12. */
public enum TimeReason {
    NOT_A_WORKING_DAY,
    PUBLIC_HOLIDAY,
    OUTSIDE_HOURS
}
