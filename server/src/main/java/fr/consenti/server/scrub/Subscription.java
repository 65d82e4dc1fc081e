package fr.consenti.server.scrub;

import java.time.Instant;

/**
 * A professional's current subscription with the usage of its current year.
 *
 * @param yearStart     start of the current subscription year (years count from {@code startedAt})
 * @param yearEnd       its end (exclusive), when the quotas start afresh
 * @param rowsUsed      rows of call files metered this year
 * @param cleaningsUsed cleanings metered this year
 */
public record Subscription(long id, long professionalId, Plan plan, Instant startedAt, Instant yearStart, Instant yearEnd,
                    long rowsUsed, long cleaningsUsed) {

    public long rowsLeft() {
        return Math.max(0, plan.numbersPerYear() - rowsUsed);
    }

    public long cleaningsLeft() {
        return Math.max(0, plan.cleaningsPerYear() - cleaningsUsed);
    }
}
