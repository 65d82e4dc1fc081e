package fr.consenti.core.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * A number's entry on the opposition list (RULES.md §8): it binds professionals from {@code effectiveFrom}
 * (at most 30 days after the receipt, R223-3) until {@code termEnd} (exclusive; tacit renewals move it).
 */
public record OppositionRegistration(Instant registeredAt, Instant effectiveFrom, Instant termEnd) {

    public OppositionRegistration {
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(termEnd, "termEnd");
        if (effectiveFrom.isBefore(registeredAt) || !termEnd.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("registered <= effective < term end, got " + registeredAt + ", "
                    + effectiveFrom + ", " + termEnd);
        }
    }

    boolean effectiveAt(long epochMilli) {
        return effectiveFrom.toEpochMilli() <= epochMilli && epochMilli < termEnd.toEpochMilli();
    }
}
