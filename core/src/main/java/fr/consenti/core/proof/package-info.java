/**
 * Proof primitives for the append-only ledgers (consents, objections, call attempts, screening receipts, audit)
 * and for signed receipts. Pure: no I/O, no clock, no framework; every time comes in as an argument.
 *
 * <h2>Hash chain</h2>
 * Each ledger row stores {@code previous_hash} and {@code hash}, where
 * {@code hash = SHA-256(previous_hash ‖ sequence (8 bytes, big-endian) ‖ content)} and the first row's previous hash
 * is 32 zero bytes ({@link fr.consenti.core.proof.HashChain#GENESIS_HEX}). {@code content} is the row's fields in the
 * canonical v1 encoding of {@link fr.consenti.core.proof.CanonicalEncoder}: length-prefixed, typed, null distinct from
 * empty, instants as ISO-8601 UTC to the microsecond. The server builds the content with one encoder per thread,
 * appends under a lock on the chain head, and verifies by streaming rows in sequence order into
 * {@link fr.consenti.core.proof.ChainVerifier}, which names the first broken link
 * ({@link fr.consenti.core.proof.ChainVerdict.Broken}). Publish or sign the head
 * ({@link fr.consenti.core.proof.Checkpoint}) from time to time: a chain recomputed end to end by someone with write
 * access only shows against a head recorded elsewhere.
 *
 * <h2>Purge without breaking the chain</h2>
 * Personal fields (the number, IP address, user agent, names) enter the content as their
 * {@link fr.consenti.core.proof.FieldCommitment} (HMAC-SHA256 under the platform's commitment key), never raw. Before
 * purge the row holds the raw value and the encoder commits it ({@code personal(name, raw)}); the retention job
 * replaces the raw value by its commitment, computed from the raw value, and the encoder then writes the stored
 * commitment ({@code committed(name, commitment)}): the same bytes, so every link hash stays valid, while altering
 * either the raw value or the stored commitment breaks the row. The same commitment of an E.164 number serves as the
 * keyed hash of the suppression list (RULES.md §11). The commitment key must be kept as long as any chain built with
 * it must verify.
 *
 * <h2>Signed receipts</h2>
 * Compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037), JDK only: {@link fr.consenti.core.proof.ReceiptSigner}
 * and {@link fr.consenti.core.proof.ReceiptVerifier}. The platform's private key is stored as PKCS#8 PEM and its
 * public key published as a JWK ({@link fr.consenti.core.proof.PublicJwk}) whose {@code kid} is its RFC 7638
 * thumbprint. The verifier checks bytes and returns the verified payload; a payload type such as
 * {@link fr.consenti.core.proof.ConsentReceipt} reads it back.
 */
package fr.consenti.core.proof;
