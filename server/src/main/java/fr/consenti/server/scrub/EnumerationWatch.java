package fr.consenti.server.scrub;

/**
 * Watches the valid numbers of one file, in file order, for enumeration: runs of numbers each the previous plus or
 * minus one. Rows in runs of at least {@code minRun} numbers are counted; a real call file has next to none, a file
 * made by walking a range is made of them. Used by one scrub at a time, like its screen; allocates nothing.
 */
final class EnumerationWatch {

    private final int minRun;
    private int last = -1;
    private int direction;
    private long run;
    private long sequentialRows;
    private long seen;

    EnumerationWatch(int minRun) {
        this.minRun = Math.max(2, minRun);
    }

    void observe(int nsn) {
        seen++;
        int step = nsn - last;
        if (last >= 0 && (step == 1 || step == -1) && (run == 1 || step == direction)) {
            direction = step;
            run++;
        } else {
            close();
            run = 1;
        }
        last = nsn;
    }

    /** The numbers of a block the scrubber still screens (reason 0). */
    void observe(int[] nsns, int[] reasons, int n) {
        for (int i = 0; i < n; i++) {
            if (reasons[i] == 0) {
                observe(nsns[i]);
            }
        }
    }

    private void close() {
        if (run >= minRun) {
            sequentialRows += run;
        }
        run = 0;
    }

    /** Rows in sequential runs so far, the current run included once it is long enough. */
    long sequentialRows() {
        return sequentialRows + (run >= minRun ? run : 0);
    }

    /** Valid numbers watched. */
    long seen() {
        return seen;
    }
}
