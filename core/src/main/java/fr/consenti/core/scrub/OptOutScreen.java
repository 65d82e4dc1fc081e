package fr.consenti.core.scrub;

/** The opt-out screen: opposition list first, as the registry's own reason, then objections. */
final class OptOutScreen implements NumberScreen {

    private static final int OPPOSITION = ScrubReason.OPPOSITION_LIST.code();
    private static final int OBJECTION = ScrubReason.OBJECTION.code();

    private final NumberSet oppositionList;
    private final NumberSet objections;
    private int[] scratch = new int[0];

    OptOutScreen(NumberSet oppositionList, NumberSet objections) {
        this.oppositionList = oppositionList;
        this.objections = objections;
    }

    @Override
    public int screen(int nsn) {
        if (oppositionList.contains(nsn)) {
            return OPPOSITION;
        }
        return objections.contains(nsn) ? OBJECTION : 0;
    }

    @Override
    public void screen(int[] nsns, int[] reasons, int n) {
        // One scratch array per screen: a screen serves one scrub at a time, like the scrubber that calls it.
        int need = 2 * Math.min(n, NumberSet.WINDOW);
        if (scratch.length < need) {
            scratch = new int[need];
        }
        oppositionList.markContained(nsns, reasons, n, OPPOSITION, scratch);
        if (objections.size() > 0) {
            objections.markContained(nsns, reasons, n, OBJECTION, scratch);
        }
    }
}
