package fr.consenti.core.proof;

/**
 * A chain position known to be good: the last verified (or published) sequence and its link hash in hex. Sequence 0
 * with {@link HashChain#GENESIS_HEX} is the position before the first row.
 */
public record Checkpoint(long sequence, String hashHex) {

    /** The position before row 1 of every chain. */
    public static final Checkpoint GENESIS = new Checkpoint(0, HashChain.GENESIS_HEX);

    public Checkpoint {
        if (Hex.decode(hashHex).length != HashChain.HASH_LENGTH) {
            throw new IllegalArgumentException("a link hash has 32 bytes: " + hashHex);
        }
        hashHex = hashHex.toLowerCase(java.util.Locale.ROOT);
    }
}
