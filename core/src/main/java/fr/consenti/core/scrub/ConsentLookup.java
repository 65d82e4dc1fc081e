package fr.consenti.core.scrub;

/**
 * What the opt-in screen asks of the consent index: the state of the consent a professional holds for a number,
 * for the purpose the lookup was built for, at an instant. Implementations must not allocate per call.
 */
@FunctionalInterface
public interface ConsentLookup {

    /** The state of the consent for this NSN at {@code atEpochSecond}. */
    ConsentState state(int nsn, long atEpochSecond);
}
