package fr.consenti.core.scrub;

/**
 * The per-number part of a file cleaning, for one regime, professional, purpose and date fixed when the screen is
 * built: 0 to keep a number, or a {@link ScrubReason#code()}. The scrubber has already removed invalid, uncallable
 * and duplicate numbers; a screen sees only valid callable NSNs.
 */
@FunctionalInterface
public interface NumberScreen {

    /** Keep everything the numbering plan allows: for tests and for cleaning a file of its invalid numbers only. */
    NumberScreen KEEP_ALL = nsn -> 0;

    /** 0 to keep this NSN, or the code of the reason to remove it. */
    int screen(int nsn);

    /**
     * Screens {@code nsns[i]} for each {@code i < n} where {@code reasons[i]} is 0, writing the result there.
     * Implementations over large in-memory indexes override it to look a whole block up at once.
     */
    default void screen(int[] nsns, int[] reasons, int n) {
        for (int i = 0; i < n; i++) {
            if (reasons[i] == 0) {
                reasons[i] = screen(nsns[i]);
            }
        }
    }

    /**
     * The opt-out regime (calls up to 2026-08-10 and audits of them): the opposition list as it stood effective
     * on the campaign date, then the professional's objections.
     */
    static NumberScreen optOut(NumberSet oppositionList, NumberSet objections) {
        return new OptOutScreen(oppositionList, objections);
    }

    /**
     * The opt-in regime: the professional's objections, then the consent in scope for the purpose at
     * {@code atEpochSecond}.
     */
    static NumberScreen optIn(ConsentLookup consents, long atEpochSecond, NumberSet objections) {
        return new OptInScreen(consents, atEpochSecond, objections);
    }
}
