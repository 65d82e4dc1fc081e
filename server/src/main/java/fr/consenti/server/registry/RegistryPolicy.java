package fr.consenti.server.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The opposition list's policies (RULES.md §8), each an environment variable too ({@code REGISTRY_…}):
 * <ul>
 *   <li>{@code registry.max-numbers-per-consumer} (8): numbers one consumer account may hold on the list;</li>
 *   <li>{@code registry.effective-after} (P30D, at most P30D by R223-3): delay between the receipt and the date the
 *       registration binds professionals;</li>
 *   <li>{@code registry.term} (P3Y): how long a registration lasts from that date, renewed tacitly for as long;</li>
 *   <li>{@code registry.renewal-notice} (P3M, at least P3M by §8): the consumer is told at least this long before each
 *       renewal; the job starts sending {@code registry.notice-margin} (P14D) earlier, so that a job that is down for
 *       a while still tells them in time;</li>
 *   <li>{@code registry.withdraws-consents} (true): in the opt-in era, registering a number withdraws every consent
 *       held for it at that moment (as Italy's Registro delle Opposizioni does);</li>
 *   <li>{@code registry.proof-validity} (PT1H): how long a number proved by a code may wait for the confirmation.</li>
 * </ul>
 * Calendar periods are counted on the French calendar (Europe/Paris), as the law counts them.
 */
@ConfigurationProperties("registry")
record RegistryPolicy(@DefaultValue("8") int maxNumbersPerConsumer,
                      @DefaultValue("P30D") Period effectiveAfter,
                      @DefaultValue("P3Y") Period term,
                      @DefaultValue("P3M") Period renewalNotice,
                      @DefaultValue("P14D") Period noticeMargin,
                      @DefaultValue("true") boolean withdrawsConsents,
                      @DefaultValue("PT1H") Duration proofValidity) {

    static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    /** R223-3: the registration takes effect at most 30 days after the receipt. */
    static final Period LONGEST_DELAY = Period.ofDays(30);
    /** The opt-in era (loi 2025-594 art. 13): from 2026-08-11, Europe/Paris. */
    static final Instant OPT_IN_FROM = java.time.LocalDate.of(2026, 8, 11).atStartOfDay(FRANCE).toInstant();

    RegistryPolicy {
        if (maxNumbersPerConsumer < 1) {
            throw new IllegalArgumentException("registry.max-numbers-per-consumer must be at least 1");
        }
        if (effectiveAfter.isNegative() || effectiveAfter.getYears() != 0 || effectiveAfter.getMonths() != 0
                || effectiveAfter.getDays() > LONGEST_DELAY.getDays()) {
            throw new IllegalArgumentException("registry.effective-after must be between P0D and P30D (R223-3): "
                    + effectiveAfter);
        }
        if (term.isNegative() || term.isZero()) {
            throw new IllegalArgumentException("registry.term must be positive: " + term);
        }
        if (renewalNotice.toTotalMonths() < 3) {
            throw new IllegalArgumentException("registry.renewal-notice must be at least P3M (RULES.md §8): "
                    + renewalNotice);
        }
        if (noticeMargin.isNegative()) {
            throw new IllegalArgumentException("registry.notice-margin must not be negative: " + noticeMargin);
        }
        if (proofValidity.isNegative() || proofValidity.isZero()) {
            throw new IllegalArgumentException("registry.proof-validity must be positive: " + proofValidity);
        }
    }

    Instant effectiveFrom(Instant registeredAt) {
        return registeredAt.atZone(FRANCE).plus(effectiveAfter).toInstant();
    }

    Instant termEnd(Instant termStart) {
        return termStart.atZone(FRANCE).plus(term).toInstant();
    }

    /** From when the job sends the notice of the renewal at {@code termEnd}. */
    Instant noticeFrom(Instant termEnd) {
        return termEnd.atZone(FRANCE).minus(renewalNotice).minus(noticeMargin).toInstant();
    }

    /** Whether registering at {@code at} withdraws the consents held for the number. */
    boolean withdrawsConsentsAt(Instant at) {
        return withdrawsConsents && !at.isBefore(OPT_IN_FROM);
    }
}
