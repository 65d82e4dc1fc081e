package fr.consenti.core.rules;

import fr.consenti.core.number.FrenchNumber;
import java.util.Objects;

/** The number to be called: a parsed French number, or the input the parser rejected. */
public sealed interface Callee {

    /** A number the parser recognised; it may still be uncallable (special rate, short, M2M). */
    record Number(FrenchNumber number) implements Callee {
        public Number {
            Objects.requireNonNull(number, "number");
        }
    }

    /** Input that is not a French number; kept verbatim for the report. */
    record Invalid(String raw) implements Callee {
    }

    static Callee of(FrenchNumber number) {
        return new Number(number);
    }
}
