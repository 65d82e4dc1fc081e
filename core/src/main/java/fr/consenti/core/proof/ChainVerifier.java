package fr.consenti.core.proof;

import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Walks a hash chain row by row in sequence order, holding only the previous row's hash, and names the first broken
 * link. Per row it checks, in order: the sequence follows the previous one, the stored previous hash is the previous
 * row's link hash, and the content recomputes to the stored link hash. Not thread-safe; reusable across walks.
 *
 * <p>A chain recomputed from scratch after a change verifies as intact on its own: pass a head recorded elsewhere
 * (a published or signed {@link Checkpoint}) to {@link #verify(Iterator, Checkpoint)} to catch that and deletions
 * at the end.
 */
public final class ChainVerifier {

    private final HashChain hasher = new HashChain();
    private final byte[] computed = new byte[HashChain.HASH_LENGTH];
    private final byte[] previous = new byte[HashChain.HASH_LENGTH];
    private final Checkpoint start;

    private ChainVerifier(Checkpoint start) {
        this.start = Objects.requireNonNull(start);
    }

    /** Verifies a whole chain: the first row is sequence 1 and follows the genesis hash. */
    public static ChainVerifier fromGenesis() {
        return new ChainVerifier(Checkpoint.GENESIS);
    }

    /** Verifies the rows after a checkpoint already verified, e.g. the head of the previous run. */
    public static ChainVerifier after(Checkpoint checkpoint) {
        return new ChainVerifier(checkpoint);
    }

    /** Verifies the rows of {@code rows}, in the order given (read them ordered by sequence); the caller closes the stream. */
    public ChainVerdict verify(Stream<ChainLink> rows) {
        return verify(rows.iterator(), null);
    }

    /** Verifies the rows of {@code rows}, in the order given. */
    public ChainVerdict verify(Iterator<ChainLink> rows) {
        return verify(rows, null);
    }

    /**
     * Verifies {@code rows} and also that the chain reaches {@code knownHead} (when not null) with the same hash
     * there: a chain cut short is {@link BreakKind#TRUNCATED}, one recomputed is {@link BreakKind#REWRITTEN}.
     */
    public ChainVerdict verify(Iterator<ChainLink> rows, Checkpoint knownHead) {
        byte[] anchorHash = knownHead == null ? null : Hex.decode(knownHead.hashHex());
        System.arraycopy(Hex.decode(start.hashHex()), 0, previous, 0, HashChain.HASH_LENGTH);
        long previousSequence = start.sequence();
        long count = 0;
        while (rows.hasNext()) {
            ChainLink row = rows.next();
            long seq = row.sequence();
            long expectedSeq = previousSequence + 1;
            if (seq > expectedSeq) {
                return new ChainVerdict.Broken(expectedSeq, BreakKind.SEQUENCE_GAP, Long.toString(expectedSeq), Long.toString(seq));
            }
            if (seq < expectedSeq) {
                return new ChainVerdict.Broken(expectedSeq, BreakKind.OUT_OF_ORDER, Long.toString(expectedSeq), Long.toString(seq));
            }
            if (!sameHash(previous, row.previousHash())) {
                return new ChainVerdict.Broken(seq, BreakKind.LINK_BROKEN, Hex.encode(previous), hex(row.previousHash()));
            }
            if (row.content() == null) {
                return new ChainVerdict.Broken(seq, BreakKind.CONTENT_ALTERED, hex(row.hash()), "no content");
            }
            hasher.linkHash(previous, seq, row.content(), computed);
            if (!sameHash(computed, row.hash())) {
                return new ChainVerdict.Broken(seq, BreakKind.CONTENT_ALTERED, hex(row.hash()), Hex.encode(computed));
            }
            if (anchorHash != null && seq == knownHead.sequence() && !MessageDigest.isEqual(anchorHash, computed)) {
                return new ChainVerdict.Broken(seq, BreakKind.REWRITTEN, knownHead.hashHex(), Hex.encode(computed));
            }
            System.arraycopy(computed, 0, previous, 0, HashChain.HASH_LENGTH);
            previousSequence = seq;
            count++;
        }
        if (knownHead != null && previousSequence < knownHead.sequence()) {
            return new ChainVerdict.Broken(previousSequence + 1, BreakKind.TRUNCATED,
                    Long.toString(knownHead.sequence()), Long.toString(previousSequence));
        }
        return new ChainVerdict.Intact(count, previousSequence, Hex.encode(previous));
    }

    private static boolean sameHash(byte[] expected, byte[] stored) {
        return stored != null && stored.length == HashChain.HASH_LENGTH && MessageDigest.isEqual(expected, stored);
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : Hex.encode(bytes);
    }
}
