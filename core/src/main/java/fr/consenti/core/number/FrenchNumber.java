package fr.consenti.core.number;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A parsed French phone number with its place in the national numbering plan.
 *
 * <p>{@code nsn} is the 9-digit national significant number ({@code 0692123456} → {@code 692123456}), which
 * fits in an int and keys every index; it is {@code -1} for a short number, whose digits are in
 * {@code shortCode}, and whose territory is {@code METROPOLE} because nothing in it says otherwise. {@code npv} is the NPV status in the plan of the day the number was parsed; a decision
 * about a call at another date asks {@link #npvOn(LocalDate)} or {@link #npvAt(Instant)}.
 */
public record FrenchNumber(int nsn, String shortCode, Territory territory, NumberKind kind, boolean callable, boolean npv)
        implements ParseOutcome {

    /** The canonical E.164 form ({@code +33612345678}, {@code +262692123456}); a short number keeps its digits. */
    public String e164() {
        if (kind == NumberKind.SHORT) {
            return shortCode;
        }
        // Overseas numbers keep their 9 national digits after their own country code: 0692123456 → +262692123456.
        return "+" + territory.countryCode() + nsn;
    }

    /** The national 10-digit form with its leading zero ({@code 0612345678}). */
    public String national() {
        if (kind == NumberKind.SHORT) {
            return shortCode;
        }
        return "0" + nsn;
    }

    /** The callee's time zone when no address says otherwise. */
    public ZoneId zone() {
        return territory.zone();
    }

    /** Whether this number was (or will be) a verified multi-use number (NPV) on this date (RULES.md §6). */
    public boolean npvOn(LocalDate date) {
        return kind != NumberKind.SHORT && NumberingPlan.standard().isNpv(nsn, date);
    }

    /** Whether this number is an NPV at this instant, the date being read in the number's own territory. */
    public boolean npvAt(Instant instant) {
        return kind != NumberKind.SHORT && NumberingPlan.standard().isNpv(nsn, instant);
    }
}
