package fr.consenti.core.proof;

/**
 * One stored ledger row as the verifier sees it: its sequence number, its canonical content (see
 * {@link CanonicalEncoder}), and the previous hash and link hash stored with it. Hashes may be null or of the wrong
 * length when the database was tampered with; the verifier reports them, it does not throw.
 */
public record ChainLink(long sequence, byte[] content, byte[] previousHash, byte[] hash) {

    /** Builds the row that follows {@code previousHash} with {@code content}, computing its link hash. */
    public static ChainLink append(HashChain hasher, byte[] previousHash, long sequence, byte[] content) {
        return new ChainLink(sequence, content, previousHash, hasher.linkHash(previousHash, sequence, content));
    }
}
