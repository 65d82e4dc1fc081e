package fr.consenti.core.proof;

/** Why a compact JWS receipt was refused. */
public enum ReceiptFailure {
    /** Not three base64url segments in their canonical form, or too long. */
    BAD_FORMAT,
    /** The protected header is not a JSON object, or lacks or misuses a member ({@code kid}, {@code typ}, {@code crit}). */
    BAD_HEADER,
    /** The header names an algorithm other than EdDSA (including "none"). */
    WRONG_ALGORITHM,
    /** The header's type is not the one the caller expected. */
    WRONG_TYPE,
    /** The header's key id is not among the verifier's keys. */
    UNKNOWN_KEY,
    /** The signature does not verify with the key named. */
    BAD_SIGNATURE
}
