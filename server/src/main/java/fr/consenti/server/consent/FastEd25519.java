package fr.consenti.server.consent;

import fr.consenti.core.proof.ReceiptSigner;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signatures by Bouncy Castle's RFC 8032 code with the public key computed once: the same 64 bytes as the
 * JDK's {@code Signature("Ed25519")} (the scheme is deterministic; FastEd25519Test compares them), for about a tenth
 * of the CPU on this project's machines (the JDK derives the public key again at every signature, with generic field
 * arithmetic). Thread-safe: the key bytes are only read.
 */
final class FastEd25519 implements ReceiptSigner.RawSigner {

    private final byte[] seed;
    private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

    FastEd25519(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed)) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        this.seed = ed.getBytes().orElseThrow(() -> new IllegalArgumentException("the private key hides its bytes"));
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, signingInput, 0, signingInput.length, signature, 0);
        return signature;
    }
}
