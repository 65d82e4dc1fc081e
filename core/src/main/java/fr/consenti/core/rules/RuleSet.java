package fr.consenti.core.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A version of the rules, in force for calls made from {@code from} to {@code until} inclusive (Europe/Paris
 * dates; {@code until} null while in force). A call is judged by the rule set in force when it is made.
 *
 * @param version       stable identifier reported with every decision
 * @param optIn         consent required (loi 2025-594) rather than the opposition list
 * @param callingHours  D223-9's days, hours, frequency cap and refusal cooldown apply (décret 2022-1313)
 */
public record RuleSet(String version, LocalDate from, LocalDate until, boolean optIn, boolean callingHours) {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** Opt-out; the energy ban (loi 2020-901) in force, no legal calling hours yet. */
    public static final RuleSet FR_2020_07_26 =
            new RuleSet("FR-2020-07-26", LocalDate.of(2020, 7, 26), LocalDate.of(2023, 2, 28), false, false);
    /** Opt-out (Bloctel) with D223-9's days, hours, cap and cooldown. */
    public static final RuleSet FR_2023_03_01 =
            new RuleSet("FR-2023-03-01", LocalDate.of(2023, 3, 1), LocalDate.of(2026, 8, 10), false, true);
    /** Opt-in: L223-1 as rewritten by loi 2025-594 art. 13. */
    public static final RuleSet FR_2026_08_11 =
            new RuleSet("FR-2026-08-11", LocalDate.of(2026, 8, 11), null, true, true);

    /** Every rule set, oldest first, without gaps. */
    public static final List<RuleSet> ALL = List.of(FR_2020_07_26, FR_2023_03_01, FR_2026_08_11);

    private static final long OPT_OUT_2023_FROM = startOfDayInParis(FR_2023_03_01.from);
    private static final long OPT_IN_FROM = startOfDayInParis(FR_2026_08_11.from);
    private static final long FIRST_FROM = startOfDayInParis(FR_2020_07_26.from);

    /** The first instant this rule set applies to. */
    public Instant start() {
        return Instant.ofEpochMilli(startOfDayInParis(from));
    }

    /**
     * The rule set for a call at {@code at}.
     *
     * @throws IllegalArgumentException for calls before the oldest rule set this engine knows
     */
    public static RuleSet at(Instant at) {
        long ms = at.toEpochMilli();
        if (ms >= OPT_IN_FROM) {
            return FR_2026_08_11;
        }
        if (ms >= OPT_OUT_2023_FROM) {
            return FR_2023_03_01;
        }
        if (ms >= FIRST_FROM) {
            return FR_2020_07_26;
        }
        throw new IllegalArgumentException("no rule set for a call before " + FR_2020_07_26.from + ": " + at);
    }

    static long startOfDayInParis(LocalDate date) {
        return date.atStartOfDay(PARIS).toInstant().toEpochMilli();
    }
}
