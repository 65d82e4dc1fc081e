package fr.consenti.core.calendar;

import java.time.Instant;

/** Whether the legal days and hours allow a call at one instant, and if not, why and from when. */
public sealed interface CalendarVerdict {

    /** The legal days and hours allow a call at this instant. */
    record Open() implements CalendarVerdict {
    }

    /** Closed for {@code reason}; {@code nextOpen} is the first instant at which the calendar opens again. */
    record Closed(TimeReason reason, Instant nextOpen) implements CalendarVerdict {
    }
}
