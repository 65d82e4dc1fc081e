package fr.consenti.core.scrub;

/** The state of a professional's consent for a number at an instant, as far as the file cleaning needs it. */
public enum ConsentState {
    /** A consent in scope and in force. */
    VALID,
    /** No consent for this professional and purpose. */
    NONE,
    /** A consent past its validity. */
    EXPIRED,
    /** A consent withdrawn by the consumer, directly or by registering on the opposition list. */
    WITHDRAWN
}
