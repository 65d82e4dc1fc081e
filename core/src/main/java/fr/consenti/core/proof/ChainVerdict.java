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
     * The first row at which verification failed. For {@link BreakKind#CONTENT_ALTERED} {@code expected} is the stored
     * link hash and {@code actual} the hash the row's content gives now; for {@link BreakKind#LINK_BROKEN} they are the
     * previous row's link hash and the row's stored previous hash; for {@link BreakKind#REWRITTEN} the known head's
     * hash and the row's; for {@link BreakKind#SEQUENCE_GAP}, {@link BreakKind#OUT_OF_ORDER} and
     * {@link BreakKind#TRUNCATED} they are sequence numbers. {@code sequence} is the position at which the chain broke:
     * the row's own sequence for altered content or a broken link, the sequence expected there otherwise.
     */
    record Broken(long sequence, BreakKind kind, String expected, String actual) implements ChainVerdict {
    }
}
