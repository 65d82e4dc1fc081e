package fr.consenti.core.proof;

/** The outcome of walking a hash chain: intact up to its head, or broken at its first bad link. */
public sealed interface ChainVerdict {

    /** Every row verified; {@code count} rows were read and the last one is {@code headSequence} with {@code headHash}. */
    record Intact(long count, long headSequence, String headHash) implements ChainVerdict {

        /** The head as a checkpoint, to resume verification from or to publish. */
        public Checkpoint head() {
            return new Checkpoint(headSequence, headHash);
        }
    }

    /**
     * The first row at which verification failed. {@code expected} and {@code actual} are link hashes in hex, or
     * sequence numbers for {@link BreakKind#SEQUENCE_GAP}, {@link BreakKind#OUT_OF_ORDER} and {@link BreakKind#TRUNCATED}.
     * {@code sequence} is the position at which the chain broke: the row's own sequence for an altered content or a
     * broken link, the sequence number expected there for a gap, a row out of order or a truncation.
     */
    record Broken(long sequence, BreakKind kind, String expected, String actual) implements ChainVerdict {
    }
}
