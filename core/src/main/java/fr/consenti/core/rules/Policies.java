package fr.consenti.core.rules;

import java.time.Period;
import java.util.Objects;

/**
 * The configurable rules where the law leaves room (RULES.md), with their defaults in {@link #DEFAULTS}.
 *
 * @param consentMaxValidity  {@code consent.maxValidity}: a consent lapses this long after collection
 * @param localHolidays       {@code calendar.localHolidays}: Alsace-Moselle and overseas days count too
 * @param registryWithdrawsConsents {@code registry.withdrawsConsents}: registering withdraws consents held then
 * @param refusalCooldownDays calendar days without a call after a refusal (opt-out regime)
 * @param frequencyCap        attempts allowed per window; the next one is denied
 * @param frequencyWindowDays the window's length in calendar days
 */
public record Policies(Period consentMaxValidity, boolean localHolidays, boolean registryWithdrawsConsents,
                       int refusalCooldownDays, int frequencyCap, int frequencyWindowDays) {

    /** P1Y, local holidays on, registry withdraws consents, 60-day cooldown, 4 attempts per 30 days. */
    public static final Policies DEFAULTS = new Policies(Period.ofYears(1), true, true, 60, 4, 30);

    public Policies {
        Objects.requireNonNull(consentMaxValidity, "consentMaxValidity");
        if (consentMaxValidity.isNegative() || consentMaxValidity.isZero()) {
            throw new IllegalArgumentException("consent.maxValidity must be positive: " + consentMaxValidity);
        }
        if (refusalCooldownDays < 0 || frequencyCap < 1 || frequencyWindowDays < 1) {
            throw new IllegalArgumentException("cooldown must be >= 0, cap and window >= 1");
        }
    }
}
