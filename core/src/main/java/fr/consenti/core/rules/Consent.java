package fr.consenti.core.rules;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A consent to be called, as the engine needs it (the proof itself stays in the ledger).
 *
 * @param professional SIREN of the professional consented to
 * @param thirdParties SIRENs of the call centres allowed to call on its behalf
 * @param purposes     the goods or services it covers
 * @param validUntil   end of validity stated at collection (exclusive), or null; the policy cap applies anyway
 * @param withdrawnAt  when it was withdrawn, or null
 */
public record Consent(int professional, int[] thirdParties, Set<String> purposes, ConsentChannel channel,
                      Instant collectedAt, Instant validUntil, Instant withdrawnAt) {

    private static final int[] NO_THIRD_PARTIES = {};

    public Consent {
        Objects.requireNonNull(thirdParties, "thirdParties");
        Objects.requireNonNull(purposes, "purposes");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(collectedAt, "collectedAt");
        // No copy of an empty array: one shared instance for the (many) consents without third parties.
        thirdParties = thirdParties.length == 0 ? NO_THIRD_PARTIES : thirdParties.clone();
        // Sorted so that the hot path can binary-search, whatever order the ledger gave.
        Arrays.sort(thirdParties);
        purposes = Set.copyOf(purposes);
    }

    @Override
    public int[] thirdParties() {
        return thirdParties.length == 0 ? thirdParties : thirdParties.clone();
    }

    /** Whether this consent lets {@code callCentre} (0: the professional itself) call. */
    boolean allowsCaller(int callCentre) {
        return callCentre == 0 || callCentre == professional || Arrays.binarySearch(thirdParties, callCentre) >= 0;
    }

    /** The same consent, withdrawn at {@code when}. */
    public Consent withdrawnAt(Instant when) {
        return new Consent(professional, thirdParties, purposes, channel, collectedAt, validUntil, when);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Consent c && professional == c.professional && Arrays.equals(thirdParties, c.thirdParties)
                && purposes.equals(c.purposes) && channel == c.channel && collectedAt.equals(c.collectedAt)
                && Objects.equals(validUntil, c.validUntil) && Objects.equals(withdrawnAt, c.withdrawnAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(professional, Arrays.hashCode(thirdParties), purposes, channel, collectedAt, validUntil,
                withdrawnAt);
    }

    @Override
    public String toString() {
        return "Consent[professional=" + professional + ", thirdParties=" + Arrays.toString(thirdParties)
                + ", purposes=" + purposes + ", channel=" + channel + ", collectedAt=" + collectedAt
                + ", validUntil=" + validUntil + ", withdrawnAt=" + withdrawnAt + "]";
    }
}
