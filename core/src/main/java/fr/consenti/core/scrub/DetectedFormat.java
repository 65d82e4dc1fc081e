package fr.consenti.core.scrub;

import java.nio.charset.Charset;

/**
 * How the scrubber read a call file, given or detected.
 *
 * @param column     0-based index of the phone column, -1 for a file with no record
 * @param columnName its header, or null without a header
 */
public record DetectedFormat(char separator, Charset charset, boolean bom, boolean header, int column,
                             String columnName) {
}
