package fr.consenti.core.rules;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.ParseOutcome;
import java.util.Objects;

/** The number the dialler presents to the callee: a French number, hidden, or unparseable. */
public sealed interface CallerId {

    /** A presented French number; whether it is an NPV at the call date is the engine's question. */
    record Number(FrenchNumber number) implements CallerId {
        public Number {
            Objects.requireNonNull(number, "number");
        }
    }

    /** No number presented (forbidden since L221-17, and by ARCEP 2022-1583). */
    record Hidden() implements CallerId {
    }

    /** A presented number that is not a valid French number. */
    record Invalid(NumberError error) implements CallerId {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }

    static CallerId of(ParseOutcome parsed) {
        return switch (parsed) {
            case FrenchNumber n -> new Number(n);
            case NumberError e -> new Invalid(e);
        };
    }
}
