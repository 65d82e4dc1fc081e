package fr.consenti.core.scrub;

/**
 * Why a row of a call file is removed: the decision codes of RULES.md §12 a number-level check can give, plus
 * {@link #DUPLICATE} and the two reasons a record cannot be read at all.
 */
public enum ScrubReason {
    /** Opt-out regime: the number is on the opposition list (RULES.md §8). */
    OPPOSITION_LIST,
    /** Not a valid French number (RULES.md §6). */
    NUMBER_INVALID,
    /** A special-rate, short or M2M number (RULES.md §6). */
    NUMBER_NOT_CALLABLE,
    /** The same number was kept on an earlier row; the first row is kept. */
    DUPLICATE,
    /** The consumer objected to this professional (RULES.md §4). */
    OBJECTION,
    /** Opt-in regime: no consent for this professional and purpose (RULES.md §3). */
    NO_CONSENT,
    /** Opt-in regime: consent older than its validity (RULES.md §3). */
    CONSENT_EXPIRED,
    /** Opt-in regime: consent withdrawn (RULES.md §3, §8). */
    CONSENT_WITHDRAWN,
    /** A record longer than {@link ScrubOptions#maxRecordBytes()}: skipped unread. */
    RECORD_TOO_LONG,
    /** A quoted field opened and never closed before the end of the file. */
    UNTERMINATED_QUOTE;

    private static final ScrubReason[] VALUES = values();

    /** The code a {@link NumberScreen} returns for this reason: never 0, which means keep. */
    public int code() {
        return ordinal() + 1;
    }

    /** The reason for a non-zero screen code. */
    public static ScrubReason ofCode(int code) {
        if (code < 1 || code > VALUES.length) {
            throw new IllegalArgumentException("not a scrub reason code: " + code);
        }
        return VALUES[code - 1];
    }
}
