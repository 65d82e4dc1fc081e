package fr.consenti.core.scrub;

/** A call file the scrubber cannot clean at all (not text, UTF-16, no phone column), with a message for the user. */
public final class ScrubException extends RuntimeException {

    private final long line;

    ScrubException(String message, long line) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** The line the problem was found on, or 0 when it is not about one line. */
    public long line() {
        return line;
    }
}
