package fr.consenti.core.rules;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A precise date and time slot, in the callee's local time, at which the consumer explicitly agreed to be
 * called outside the legal days and hours (L223-1, RULES.md §3, §5). From {@code start} inclusive to
 * {@code end} exclusive.
 */
public record AgreedSlot(LocalDate date, LocalTime start, LocalTime end) {

    public AgreedSlot {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("slot must end after it starts: " + start + "–" + end);
        }
    }
}
