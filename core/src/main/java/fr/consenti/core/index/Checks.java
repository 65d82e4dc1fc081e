package fr.consenti.core.index;

/** Argument checks shared by the events and the builder. */
final class Checks {

    /** NSNs are nine digits; the opposition table's bucket index relies on it. */
    static final int MAX_NSN = 999_999_999;

    private Checks() {
    }

    static void sequence(long sequence) {
        if (sequence <= 0) {
            throw new IllegalArgumentException("sequence must be positive: " + sequence);
        }
    }

    static void nsn(int nsn) {
        if (nsn <= 0 || nsn > MAX_NSN) {
            throw new IllegalArgumentException("not a 9-digit national significant number: " + nsn);
        }
    }

    static void professional(int professional) {
        // Zero would make the (professional, nsn) key collide with the hash map's empty marker semantics.
        if (professional <= 0) {
            throw new IllegalArgumentException("professional must be a positive SIREN: " + professional);
        }
    }
}
