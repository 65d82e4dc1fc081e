package fr.consenti.core.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes link hashes: {@code SHA-256(previous link hash ‖ sequence as 8 bytes big-endian ‖ canonical content)}.
 *
 * <p>The first row's previous hash is {@link #GENESIS_HEX}, 32 zero bytes. The sequence is inside the hash so that
 * renumbering rows to hide a deletion shows as altered content. Not thread-safe: the digest is reused.
 */
public final class HashChain {

    /** Length in bytes of a link hash. */
    public static final int HASH_LENGTH = 32;

    /** The previous hash of the first row of every chain: 32 zero bytes, in hex. */
    public static final String GENESIS_HEX = "0".repeat(2 * HASH_LENGTH);

    private final MessageDigest sha256;
    private final byte[] sequenceBytes = new byte[8];

    /** A hasher with its own reusable digest. */
    public HashChain() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** A fresh copy of the genesis hash. */
    public static byte[] genesis() {
        return new byte[HASH_LENGTH];
    }

    /** The link hash of a row with {@code sequence} and {@code content}, appended after {@code previousHash}. */
    public byte[] linkHash(byte[] previousHash, long sequence, byte[] content) {
        byte[] out = new byte[HASH_LENGTH];
        linkHash(previousHash, sequence, content, out);
        return out;
    }

    void linkHash(byte[] previousHash, long sequence, byte[] content, byte[] out) {
        if (previousHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a link hash has 32 bytes, got " + previousHash.length);
        }
        for (int i = 0; i < 8; i++) {
            sequenceBytes[i] = (byte) (sequence >>> (56 - 8 * i));
        }
        sha256.update(previousHash);
        sha256.update(sequenceBytes);
        sha256.update(content);
        try {
            sha256.digest(out, 0, HASH_LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
