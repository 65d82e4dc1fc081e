package fr.consenti.core.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 keys with the JDK alone: generation, raw 32-byte forms, PEM (PKCS#8 private, SubjectPublicKeyInfo public)
 * and the RFC 7638 JWK thumbprint used as key id.
 */
public final class Ed25519Keys {

    // DER of SubjectPublicKeyInfo{AlgorithmIdentifier{1.3.101.112}, BIT STRING(32 bytes)}: 12-byte prefix + key.
    private static final byte[] X509_PREFIX = Hex.decode("302a300506032b6570032100");
    // DER of PKCS#8 v1 PrivateKeyInfo{0, {1.3.101.112}, OCTET STRING{OCTET STRING(32-byte seed)}}: 16-byte prefix.
    private static final byte[] PKCS8_PREFIX = Hex.decode("302e020100300506032b657004220420");
    private static final int KEY_LENGTH = 32;

    private Ed25519Keys() {
    }

    /** A new key pair from the platform's strong random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is required of every JDK since 15", e);
        }
    }

    /** The raw 32-byte public key: the last 32 bytes of its 44-byte X.509 SubjectPublicKeyInfo encoding. */
    public static byte[] rawPublicKey(PublicKey key) {
        requireEd25519(key);
        byte[] der = key.getEncoded();
        if (der.length != X509_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("unexpected Ed25519 public key encoding of " + der.length + " bytes");
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    /** The public key whose raw form is {@code raw} (32 bytes). */
    public static PublicKey publicKeyFromRaw(byte[] raw) {
        if (raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + raw.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The private key whose 32-byte seed (RFC 8032 "private key", the JWK {@code d}) is {@code seed}. */
    public static PrivateKey privateKeyFromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, got " + seed.length);
        }
        return privateKeyFromPkcs8(concat(PKCS8_PREFIX, seed));
    }

    /**
     * The public key of {@code key}. The JDK has no public API for it, but its key pair generator derives the pair
     * from exactly 32 bytes of the random source, so a source that yields the seed reproduces the pair.
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        requireEd25519(key);
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key does not expose its seed"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedSource(seed));
            KeyPair pair = generator.generateKeyPair();
            if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
                throw new IllegalStateException("this JDK's Ed25519 generator does not draw its seed as expected");
            }
            return pair.getPublic();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("Ed25519 is required of every JDK since 15", e);
        }
    }

    /** PEM "PRIVATE KEY" (PKCS#8) of {@code key}, to store the platform key in a file readable only by the server. */
    public static String toPem(PrivateKey key) {
        requireEd25519(key);
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** PEM "PUBLIC KEY" (SubjectPublicKeyInfo) of {@code key}. */
    public static String toPem(PublicKey key) {
        requireEd25519(key);
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** Reads a PEM "PRIVATE KEY" holding an Ed25519 key (as written by {@link #toPem(PrivateKey)} or OpenSSL). */
    public static PrivateKey privateKeyFromPem(String pem) {
        return privateKeyFromPkcs8(unpem("PRIVATE KEY", pem));
    }

    /** Reads a PEM "PUBLIC KEY" holding an Ed25519 key. */
    public static PublicKey publicKeyFromPem(String pem) {
        byte[] der = unpem("PUBLIC KEY", pem);
        if (der.length != X509_PREFIX.length + KEY_LENGTH) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return publicKeyFromRaw(Arrays.copyOfRange(der, X509_PREFIX.length, der.length));
    }

    /** The RFC 7638 JWK thumbprint (base64url of SHA-256 of {@code {"crv","kty","x"}}), a stable key id. */
    public static String thumbprint(PublicKey key) {
        byte[] members = new JsonWriter().beginObject()
                .name("crv").value("Ed25519")
                .name("kty").value("OKP")
                .name("x").value(Base64Url.encode(rawPublicKey(key)))
                .endObject().toBytes();
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(members));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void requireEd25519(Key key) {
        if (!(key instanceof EdECKey ed) || !"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            throw new IllegalArgumentException("not an Ed25519 key: " + (key == null ? null : key.getAlgorithm()));
        }
    }

    private static PrivateKey privateKeyFromPkcs8(byte[] der) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            requireEd25519(key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String label, String pem) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no PEM block \"" + label + "\"");
        }
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 in PEM block \"" + label + "\"", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A random source that returns a fixed seed, used once to re-derive a key pair. */
    private static final class SeedSource extends SecureRandom {
        private final byte[] seed;

        SeedSource(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes, got " + bytes.length);
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
