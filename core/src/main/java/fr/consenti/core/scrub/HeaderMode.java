package fr.consenti.core.scrub;

/** Whether a call file's first record is a header. */
public enum HeaderMode {
    /** Detected: a header names the phone column, or its value there has letters. */
    AUTO,
    /** The first record is a header. */
    PRESENT,
    /** Every record is data. */
    ABSENT
}
