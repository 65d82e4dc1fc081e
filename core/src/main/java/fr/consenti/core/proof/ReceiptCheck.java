package fr.consenti.core.proof;

/** The outcome of verifying a compact JWS receipt. */
public sealed interface ReceiptCheck {

    /** The signature verifies; {@code payload} holds the signed bytes exactly (a fresh array per check). */
    record Valid(String keyId, String type, byte[] payload) implements ReceiptCheck {
    }

    /** The receipt is refused for {@code failure}; {@code detail} says what was found, for a person to read. */
    record Invalid(ReceiptFailure failure, String detail) implements ReceiptCheck {
    }
}
