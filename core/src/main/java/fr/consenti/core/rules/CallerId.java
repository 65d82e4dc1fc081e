package fr.consenti.core.rules;

import fr.consenti.core.number.FrenchNumber;
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
    record Invalid(String raw) implements CallerId {
    }

    static CallerId of(FrenchNumber number) {
        return new Number(number);
    }
}
