package fr.consenti.core.proof;

/** Why a chain stopped verifying at some row. */
public enum BreakKind {
    /** The row's content (or sequence) no longer hashes to its stored link hash: it was changed in place. */
    CONTENT_ALTERED,
    /** The row's stored previous hash is not the link hash of the row before it: a row before was rewritten, or rows were swapped. */
    LINK_BROKEN,
    /** A sequence number is missing: rows were deleted. */
    SEQUENCE_GAP,
    /** A sequence number is repeated or goes backwards: rows were duplicated or reordered. */
    OUT_OF_ORDER,
    /** The chain ends before a known head: rows were deleted at the end. */
    TRUNCATED,
    /** The row at a known head has another hash: the chain was recomputed after that head was recorded. */
    REWRITTEN
}
