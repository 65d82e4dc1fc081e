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

    private FastNsn() {
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
        int value = 0;
        int count = 0;
        int first = -1;
        int second = -1;
        for (; i < to; i++) {
            byte c = b[i];
            int d = c - '0';
            if (d >= 0 && d <= 9) {
                if (count == 0) {
                    first = d;
                } else if (count == 1) {
                    second = d;
                }
                if (++count > 10) {
                    return NumberParser.parseNsn(b, from, to);
                }
                value = value * 10 + d;
            } else if (c != ' ' && c != '.' && c != '-') {
                return NumberParser.parseNsn(b, from, to);
            }
        }
        boolean nsn = plus33 ? count == 9 && first != 0
                : count == 10 && first == 0 && second != 0 || count == 9 && first != 0;
        if (!nsn) {
            return NumberParser.parseNsn(b, from, to);
        }
        return PLAN.isAssigned(value) ? value : UNKNOWN_PREFIX;
    }
}
