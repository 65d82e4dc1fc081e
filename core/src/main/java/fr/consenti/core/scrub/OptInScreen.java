package fr.consenti.core.scrub;

/** The opt-in screen: objections first (they outlive any consent), then the consent in scope at the date. */
final class OptInScreen implements NumberScreen {

    private static final int OBJECTION = ScrubReason.OBJECTION.code();
    private static final int NO_CONSENT = ScrubReason.NO_CONSENT.code();
    private static final int EXPIRED = ScrubReason.CONSENT_EXPIRED.code();
    private static final int WITHDRAWN = ScrubReason.CONSENT_WITHDRAWN.code();

    private final ConsentLookup consents;
    private final long atEpochSecond;
    private final NumberSet objections;

    OptInScreen(ConsentLookup consents, long atEpochSecond, NumberSet objections) {
        this.consents = consents;
        this.atEpochSecond = atEpochSecond;
        this.objections = objections;
    }

    @Override
    public int screen(int nsn) {
        if (objections.contains(nsn)) {
            return OBJECTION;
        }
        return switch (consents.state(nsn, atEpochSecond)) {
            case VALID -> 0;
            case NONE -> NO_CONSENT;
            case EXPIRED -> EXPIRED;
            case WITHDRAWN -> WITHDRAWN;
        };
    }
}
