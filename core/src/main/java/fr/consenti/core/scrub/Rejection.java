package fr.consenti.core.scrub;

/**
 * A row removed from a call file.
 *
 * @param line   physical line number of the record's first line, 1-based, header and empty lines included
 * @param number the phone field as written (decoded, at most 64 bytes of it), empty when the record was not read
 */
public record Rejection(long line, ScrubReason reason, String number) {
}
