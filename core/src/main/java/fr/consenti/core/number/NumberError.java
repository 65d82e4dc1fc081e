package fr.consenti.core.number;

import java.util.Objects;

/** Why an input is not a French number: a stable {@code code} for programs and a {@code message} for people. */
public record NumberError(NumberErrorCode code, String message) implements ParseOutcome {

    public NumberError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
