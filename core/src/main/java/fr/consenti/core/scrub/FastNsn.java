package fr.consenti.core.scrub;

import fr.consenti.core.number.NumberErrorCode;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.NumberingPlan;

/**
 * {@link NumberParser#parseNsn(byte[], int, int)} for the forms nearly every row of a call file is in (ASCII digits,
 * spaces, dots or dashes, optionally after {@code +33}), in one tight loop over the bytes; every other input goes to
 * {@code parseNsn}. It returns exactly what {@code parseNsn} returns ({@code FastNsnTest} checks it over random
 * inputs): the general parser's per-character state machine costs more than splitting the record it came from.
 */
final class FastNsn {

    private static final NumberingPlan PLAN = NumberingPlan.standard();
    private static final int UNKNOWN_PREFIX = NumberErrorCode.UNKNOWN_PREFIX.hotPathCode();
    /** The plan reads a number's range from its first 5 digits: one slot per 10,000 numbers. */
    private static final int SLOT = 10_000;
    private static final byte UNASSIGNED = 0;
    private static final byte ASSIGNED = 1;
    private static final byte CALLABLE = 2;
    /**
     * What the plan says of each slot, in one 100 KB table: the scrubber asks both whether a number is assigned
     * and whether it is callable, and one read of a byte here answers both, where the plan takes two reads.
     */
    private static final byte[] SLOTS = slots();

    private FastNsn() {
    }

    private static byte[] slots() {
        byte[] slots = new byte[1_000_000_000 / SLOT];
        for (int s = NumberSet.MIN / SLOT; s < slots.length; s++) {
            int nsn = s * SLOT;
            slots[s] = PLAN.callable(nsn) ? CALLABLE : PLAN.isAssigned(nsn) ? ASSIGNED : UNASSIGNED;
        }
        return slots;
    }

    /** Whether the plan allows canvassing calls to this NSN, which is a valid 9-digit NSN. */
    static boolean callable(int nsn) {
        return SLOTS[nsn / SLOT] == CALLABLE;
    }

    static int parse(byte[] b, int from, int to) {
        int i = from;
        boolean plus33 = false;
        if (i < to && b[i] == '+') {
            if (i + 2 < to && b[i + 1] == '3' && b[i + 2] == '3') {
                plus33 = true;
                i += 3;
            } else {
                return NumberParser.parseNsn(b, from, to);
            }
        }
        // The leading digits are read off the value afterwards (a leading 0 leaves it below 10^9), so that the
        // loop does not test the count at every digit.
        long value = 0;
        int count = 0;
        for (; i < to; i++) {
            byte c = b[i];
            int d = c - '0';
            if (d >= 0 && d <= 9) {
                value = value * 10 + d;
                count++;
            } else if (c != ' ' && c != '.' && c != '-') {
                return NumberParser.parseNsn(b, from, to);
            }
        }
        boolean nsn = value >= NumberSet.MIN
                && (count == 9 || count == 10 && !plus33 && value <= NumberSet.MAX);
        if (!nsn) {
            return NumberParser.parseNsn(b, from, to);
        }
        return SLOTS[(int) value / SLOT] != UNASSIGNED ? (int) value : UNKNOWN_PREFIX;
    }
}
