package fr.consenti.core.number;

/**
 * Stable codes for an input that is not a French number. The hot path ({@link NumberParser#parseNsn}) returns
 * them as {@link #hotPathCode()}, a negative int, so that it never allocates.
 */
public enum NumberErrorCode {
    /** Nothing but blanks and separators. */
    EMPTY,
    /** A letter anywhere ({@code 06 12 34 56 78 poste 12}, {@code O6…} with a capital O). */
    LETTERS,
    /** A character that is neither a digit, a separator nor a leading {@code +} ({@code *}, {@code #}, a second {@code +}). */
    INVALID_CHARACTER,
    /** Fewer digits than a full number in the form used, and not a short number. */
    TOO_SHORT,
    /** More digits than a full number in the form used. */
    TOO_LONG,
    /** The right length but a range the numbering plan does not assign ({@code 071…}, {@code +33 0…}). */
    UNKNOWN_PREFIX,
    /** An international form with a country code that is not French ({@code +32…} Belgium). */
    FOREIGN_COUNTRY,
    /**
     * A French overseas country code with a range of another territory ({@code +262 612345678},
     * {@code +590 692…}). {@code +33} is accepted with every range, as national dialling does.
     */
    COUNTRY_CODE_MISMATCH;

    private static final NumberErrorCode[] VALUES = values();

    /** The negative int the hot path returns for this error: {@code -(ordinal + 1)}. */
    public int hotPathCode() {
        return -(ordinal() + 1);
    }

    /** The error a negative hot-path result stands for, or null for a number or {@link NumberParser#SHORT_NUMBER}. */
    public static NumberErrorCode ofHotPathCode(int result) {
        int index = -result - 1;
        return index >= 0 && index < VALUES.length ? VALUES[index] : null;
    }
}
