package fr.consenti.core.scrub;

/** Which column of a call file holds the phone numbers: found by the scrubber, or given by the user. */
public sealed interface ColumnSpec {

    /** Found by its header name, or else as the column whose values parse as numbers most often. */
    record Auto() implements ColumnSpec {
    }

    /** The column at this 0-based index. */
    record Index(int index) implements ColumnSpec {
        public Index {
            if (index < 0) {
                throw new IllegalArgumentException("column index must be 0 or more: " + index);
            }
        }
    }

    /** The column whose header has this name, compared case- and accent-insensitively. */
    record Name(String name) implements ColumnSpec {
        public Name {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("column name must not be blank");
            }
        }
    }
}
