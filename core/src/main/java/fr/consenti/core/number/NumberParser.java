package fr.consenti.core.number;

import java.time.LocalDate;

/**
 * Parses French phone numbers in every form people and spreadsheets write them (RULES.md §6).
 *
 * <p>Two entry points share one scanner: {@link #parse(CharSequence)} returns a {@link ParseOutcome} for APIs and
 * the command line; {@link #parseNsn(byte[], int, int)} and {@link #parseNsn(CharSequence)} return the 9-digit
 * national significant number as an int, or a negative code, with no regular expression and no allocation, for
 * the file scrubber's millions of rows. The scanner folds each character into one {@code long} of state (digits
 * so far, their count, flags), so both entry points run the same {@link #step} and {@link #finish} code.
 *
 * <p>Choices where the forms are ambiguous:
 * <ul>
 *   <li>9 digits not starting with 0 are a national number whose leading zero was lost (Excel): {@code 612345678}.</li>
 *   <li>11 or more digits starting with a French country code without {@code +} are an international form whose
 *       {@code +} was lost: {@code 33612345678}, {@code 262692123456}.</li>
 *   <li>A trunk zero after the country code is dropped: {@code +33 (0)6…}, {@code 0033 06…}.</li>
 *   <li>{@code +33} is accepted with overseas ranges ({@code +33 692…}): French national dialling treats 0692 as
 *       a national number. The result is the overseas territory, and its E.164 form carries the territory's own
 *       country code ({@code +262692…}). The other way round is an error: {@code +262 612…} is
 *       {@link NumberErrorCode#COUNTRY_CODE_MISMATCH}.</li>
 * </ul>
 */
public final class NumberParser {

    /** What the hot path returns for a short number (3BPQ, 118XYZ, 10XY, emergency): valid but never callable. */
    public static final int SHORT_NUMBER = -100;

    // State layout: bits 0..49 the first 15 digits as a number, 50..57 the digit count (saturating), then flags.
    private static final long VALUE_MASK = (1L << 50) - 1;
    private static final int COUNT_SHIFT = 50;
    private static final long COUNT_MASK = 0xFFL << COUNT_SHIFT;
    private static final long PLUS = 1L << 58;
    private static final long LETTER = 1L << 59;
    private static final long INVALID = 1L << 60;
    /** 15 digits: {@code 00} + a 3-digit country code + trunk zero + 9 digits, the longest form we accept. */
    private static final int MAX_DIGITS = 15;

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** A day after every dated row of the plan: the plan as it stands in its latest edition. */
    private static final long LATEST_EDITION = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final NumberingPlan PLAN = NumberingPlan.standard();

    private NumberParser() {
    }

    /**
     * Parses one input with the NPV status of the plan's latest edition (every dated row in force). Core reads no
     * clock: a caller that judges a call at a given date passes it to {@link #parse(CharSequence, LocalDate)}.
     */
    public static ParseOutcome parse(CharSequence input) {
        return parse(input, LATEST_EDITION);
    }

    /** Parses one input with the NPV status of the plan on {@code planDate}. */
    public static ParseOutcome parse(CharSequence input, LocalDate planDate) {
        return parse(input, planDate.toEpochDay());
    }

    private static ParseOutcome parse(CharSequence input, long epochDay) {
        long state = scan(input);
        int result = finish(state);
        if (result >= 0) {
            return PLAN.describe(result, epochDay);
        }
        if (result == SHORT_NUMBER) {
            return new FrenchNumber(-1, Long.toString(state & VALUE_MASK), Territory.METROPOLE, NumberKind.SHORT,
                    false, false);
        }
        NumberErrorCode code = NumberErrorCode.ofHotPathCode(result);
        return new NumberError(code, message(code, state));
    }

    /**
     * The 9-digit national significant number of {@code buf[from, to)}, or a negative code: a
     * {@link NumberErrorCode#hotPathCode()} or {@link #SHORT_NUMBER}. The bytes are ASCII or UTF-8 (NBSP as
     * {@code C2 A0}, a BOM {@code EF BB BF}); a lone {@code A0} is taken as Windows-1252's NBSP.
     */
    public static int parseNsn(byte[] buf, int from, int to) {
        long state = 0;
        int i = from;
        while (i < to) {
            int b = buf[i] & 0xFF;
            int cp;
            if (b < 0x80) {
                cp = b;
                i++;
            } else if (b >= 0xC2 && b <= 0xDF && i + 1 < to && continuation(buf[i + 1])) {
                cp = (b & 0x1F) << 6 | (buf[i + 1] & 0x3F);
                i += 2;
            } else if (b >= 0xE0 && b <= 0xEF && i + 2 < to && continuation(buf[i + 1]) && continuation(buf[i + 2])) {
                cp = (b & 0x0F) << 12 | (buf[i + 1] & 0x3F) << 6 | (buf[i + 2] & 0x3F);
                i += 3;
            } else if (b >= 0xF0 && b <= 0xF4 && i + 3 < to && continuation(buf[i + 1]) && continuation(buf[i + 2])
                    && continuation(buf[i + 3])) {
                cp = (b & 0x07) << 18 | (buf[i + 1] & 0x3F) << 12 | (buf[i + 2] & 0x3F) << 6 | (buf[i + 3] & 0x3F);
                i += 4;
            } else {
                // Not UTF-8: a Windows-1252 byte. Close enough to Latin-1 for what matters here (A0 is NBSP).
                cp = b;
                i++;
            }
            state = step(state, cp);
        }
        return finish(state);
    }

    /** {@link #parseNsn(byte[], int, int)} for text already decoded. */
    public static int parseNsn(CharSequence input) {
        return finish(scan(input));
    }

    private static long scan(CharSequence input) {
        long state = 0;
        int length = input.length();
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(input.charAt(i + 1))) {
                cp = Character.toCodePoint(c, input.charAt(++i));
            }
            state = step(state, cp);
        }
        return state;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** Folds one code point into the scanner state. */
    static long step(long state, int cp) {
        int digit = cp - '0';
        if (digit >= 0 && digit <= 9) {
            long count = (state & COUNT_MASK) >>> COUNT_SHIFT;
            long value = state & VALUE_MASK;
            if (count < MAX_DIGITS) {
                value = value * 10 + digit;
            }
            if (count < 255) {
                count++;
            }
            return (state & ~(COUNT_MASK | VALUE_MASK)) | count << COUNT_SHIFT | value;
        }
        switch (cp) {
            // Separators people, word processors and spreadsheets put in numbers; the BOM of a file's first cell.
            case ' ', '\t', '\r', '\n', '.', '-', '(', ')', '/', '\u00A0', '\u202F', '\u2009', '\u2007', '\u2010',
                 '\u2011', '\u2013', '\uFEFF' -> {
                return state;
            }
            case '+' -> {
                boolean first = (state & (COUNT_MASK | PLUS)) == 0;
                return state | (first ? PLUS : INVALID);
            }
            default -> {
                return state | (Character.isLetter(cp) ? LETTER : INVALID);
            }
        }
    }

    /** The NSN, or a negative code, for a finished scan. */
    static int finish(long state) {
        if ((state & LETTER) != 0) {
            return NumberErrorCode.LETTERS.hotPathCode();
        }
        if ((state & INVALID) != 0) {
            return NumberErrorCode.INVALID_CHARACTER.hotPathCode();
        }
        int count = (int) ((state & COUNT_MASK) >>> COUNT_SHIFT);
        long value = state & VALUE_MASK;
        if (count == 0) {
            return (state & PLUS) != 0 ? NumberErrorCode.TOO_SHORT.hotPathCode() : NumberErrorCode.EMPTY.hotPathCode();
        }
        if (count > MAX_DIGITS) {
            return NumberErrorCode.TOO_LONG.hotPathCode();
        }
        if ((state & PLUS) != 0) {
            return international(value, count);
        }
        if (count >= 3 && value < POW10[count - 2]) {
            return international(value, count - 2); // 00 + country code
        }
        if (value < POW10[count - 1]) {
            // National form: 0 + 9 digits.
            if (count < 10) {
                return NumberErrorCode.TOO_SHORT.hotPathCode();
            }
            if (count > 10) {
                return NumberErrorCode.TOO_LONG.hotPathCode();
            }
            return classify((int) value);
        }
        if (count == 9) {
            return classify((int) value); // the leading zero was lost
        }
        if (count <= 6) {
            return isShortNumber((int) value, count) ? SHORT_NUMBER : NumberErrorCode.TOO_SHORT.hotPathCode();
        }
        if (count >= 11 && frenchCountryCodeDigits(value, count) > 0) {
            return international(value, count); // the + was lost
        }
        return count < 9 ? NumberErrorCode.TOO_SHORT.hotPathCode() : NumberErrorCode.TOO_LONG.hotPathCode();
    }

    /** {@code value} holds the {@code count} digits after {@code +} or {@code 00}: country code and number. */
    private static int international(long value, int count) {
        int ccDigits = frenchCountryCodeDigits(value, count);
        if (ccDigits == 0) {
            if (count <= 3) {
                return NumberErrorCode.TOO_SHORT.hotPathCode();
            }
            return value < POW10[count - 1] ? NumberErrorCode.UNKNOWN_PREFIX.hotPathCode()
                    : NumberErrorCode.FOREIGN_COUNTRY.hotPathCode();
        }
        int countryCode = (int) (value / POW10[count - ccDigits]);
        int rest = count - ccDigits;
        long national = value % POW10[rest];
        if (rest == 10 && national < POW10[9]) {
            rest = 9; // trunk zero written after the country code: +33 (0)6…
        }
        if (rest < 9) {
            return NumberErrorCode.TOO_SHORT.hotPathCode();
        }
        if (rest > 9) {
            return NumberErrorCode.TOO_LONG.hotPathCode();
        }
        int nsn = (int) national;
        int row = PLAN.row(nsn);
        if (row == 0) {
            return NumberErrorCode.UNKNOWN_PREFIX.hotPathCode();
        }
        if (countryCode != 33 && PLAN.territoryOfRow(row).countryCode() != countryCode) {
            return NumberErrorCode.COUNTRY_CODE_MISMATCH.hotPathCode();
        }
        return nsn;
    }

    /** How many leading digits are a French country code (2 for 33, 3 for 262/590/594/596), or 0. */
    private static int frenchCountryCodeDigits(long value, int count) {
        if (count >= 2 && value / POW10[count - 2] == 33) {
            return 2;
        }
        if (count >= 3) {
            long cc = value / POW10[count - 3];
            if (cc == 262 || cc == 590 || cc == 594 || cc == 596) {
                return 3;
            }
        }
        return 0;
    }

    private static int classify(int nsn) {
        return PLAN.row(nsn) == 0 ? NumberErrorCode.UNKNOWN_PREFIX.hotPathCode() : nsn;
    }

    /** Short numbers of the plan (RULES.md §6); they never start with 0. */
    private static boolean isShortNumber(int value, int count) {
        return switch (count) {
            case 2 -> value == 15 || value == 17 || value == 18;
            case 3 -> value == 112 || value == 114 || value == 115 || value == 119 || value == 191 || value == 196
                    || value == 197;
            case 4 -> value / 1000 == 3 || value / 100 == 10; // 3BPQ, 10XY
            case 6 -> value / 1000 == 118;                      // 118XYZ
            default -> false;
        };
    }

    private static String message(NumberErrorCode code, long state) {
        int count = (int) ((state & COUNT_MASK) >>> COUNT_SHIFT);
        return switch (code) {
            case EMPTY -> "no digits";
            case LETTERS -> "contains letters";
            case INVALID_CHARACTER -> "contains a character that is not a digit, a separator or a leading +";
            case TOO_SHORT -> count + " digits: too short for a French number in this form, and not a short number";
            case TOO_LONG -> count + " digits: too long for a French number in this form";
            case UNKNOWN_PREFIX -> "not a range of the French numbering plan";
            case FOREIGN_COUNTRY -> "international number of another country than France";
            case COUNTRY_CODE_MISMATCH -> "this country code does not go with this range of the French numbering plan";
        };
    }
}
