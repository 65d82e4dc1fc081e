package fr.consenti.core.rules;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberKind;
import java.time.LocalDate;

/**
 * The verified multi-use number (NPV) ranges a dialler's caller ID must come from (ARCEP décision 2022-1583),
 * each with the date it opened. Dated here because the parser's {@code npv()} flag is not: it cannot tell a
 * call of 2025 from a call of 2026 for the ranges added on 2026-01-01.
 */
final class CallerIdRanges {

    /** Before this date only a hidden or unparseable caller ID was forbidden (L221-17). */
    static final long NPV_REQUIRED_FROM = RuleSet.startOfDayInParis(LocalDate.of(2023, 1, 1));

    private static final long ADDED_2026 = RuleSet.startOfDayInParis(LocalDate.of(2026, 1, 1));

    // National prefixes without the leading 0, so they are prefixes of the 9-digit NSN.
    private static final int[] PREFIXES = {
        162, 163, 270, 271, 377, 378, 424, 425, 568, 569, 948, 949,
        9475, 9476, 9477, 9478, 9479,
        2688, 2689, 5987, 5988, 5989,
    };
    private static final long[] OPENED = new long[PREFIXES.length];

    static {
        for (int i = 0; i < PREFIXES.length; i++) {
            int p = PREFIXES[i];
            OPENED[i] = (p == 2688 || p == 2689 || (p >= 5987 && p <= 5989)) ? ADDED_2026 : NPV_REQUIRED_FROM;
        }
    }

    private CallerIdRanges() {
    }

    /** Whether {@code callerId} may be presented by a dialler at {@code epochMilli}. */
    static boolean allowed(CallerId callerId, long epochMilli) {
        if (!(callerId instanceof CallerId.Number n)) {
            return false;
        }
        FrenchNumber number = n.number();
        if (number.kind() == NumberKind.SHORT || number.nsn() < 100_000_000) {
            return false;
        }
        if (epochMilli < NPV_REQUIRED_FROM) {
            return true;
        }
        if (number.kind() == NumberKind.MOBILE) {
            return false;
        }
        int nsn = number.nsn();
        int p3 = nsn / 1_000_000;
        int p4 = nsn / 100_000;
        for (int i = 0; i < PREFIXES.length; i++) {
            int p = PREFIXES[i];
            if ((p < 1000 ? p3 : p4) == p) {
                return epochMilli >= OPENED[i];
            }
        }
        return false;
    }
}
