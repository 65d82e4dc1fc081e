package fr.consenti.core.scrub;

import java.util.Arrays;
import java.util.PrimitiveIterator;

/**
 * An immutable set of 9-digit national significant numbers (NSNs), about 2 bytes per number, with lookups that
 * touch one small, mostly cached offset table and one cache line of entries.
 *
 * <p>Numbers are bucketed by their high bits ({@code nsn >>> 12}): an {@code int[]} of bucket offsets (under 1 MB
 * for the whole 100000000..999999999 range, so it mostly stays in cache) and a {@code char[]} of each number's low
 * 12 bits, sorted within its bucket. 5 million random numbers take about 11 MB, where a bitset over the range
 * takes 112 MB and a sorted {@code int[]} 20 MB with ~23 dependent cache misses per binary search.
 *
 * <p>A lookup starts where the key would sit if the bucket's numbers were evenly spread (interpolation), which
 * for a list of real numbers is within a few entries of it, so it reads one cache line; a binary search of a
 * bucket of ~100 numbers (the density of 06 in a 5-million list) read three or four lines one after the other.
 * A bucket whose numbers are not evenly spread only costs a short scan and then the binary search.
 */
public final class NumberSet {

    static final int MIN = 100_000_000;
    static final int MAX = 999_999_999;
    private static final int SHIFT = 12;
    private static final int LOW_MASK = (1 << SHIFT) - 1;
    private static final int BUCKETS = (MAX >>> SHIFT) + 1;
    /** Entries scanned either way from the interpolated guess before falling back to a binary search. */
    private static final int SCAN = 16;
    /** Lookups per round of passes: a few hundred misses in flight, and the lines they bring still in L1/L2. */
    static final int WINDOW = 256;

    private static final NumberSet EMPTY = new NumberSet(new int[BUCKETS + 1], new char[0]);

    /** {@code offsets[b]..offsets[b + 1]} are the entries of bucket {@code b}. */
    private final int[] offsets;
    private final char[] low;
    /** Where the prefetching pass of {@link #markContained} leaves what it read, so that the JIT keeps the reads. */
    @SuppressWarnings("unused")
    private int sink;

    private NumberSet(int[] offsets, char[] low) {
        this.offsets = offsets;
        this.low = low;
    }

    /** The empty set. */
    public static NumberSet empty() {
        return EMPTY;
    }

    /** A set of these NSNs (duplicates allowed, any order); throws if one is outside 100000000..999999999. */
    public static NumberSet of(int... nsns) {
        return build(nsns, nsns.length);
    }

    /** A set of the NSNs an int source yields, e.g. a snapshot read row by row. */
    public static NumberSet of(PrimitiveIterator.OfInt nsns) {
        int[] buffer = new int[1024];
        int n = 0;
        while (nsns.hasNext()) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, n + (n >> 1));
            }
            buffer[n++] = nsns.nextInt();
        }
        return build(buffer, n);
    }

    private static NumberSet build(int[] nsns, int n) {
        // Counting sort by bucket: two linear passes, no comparison sort over millions of ints.
        int[] offsets = new int[BUCKETS + 1];
        for (int i = 0; i < n; i++) {
            int nsn = nsns[i];
            if (nsn < MIN || nsn > MAX) {
                throw new IllegalArgumentException("not a 9-digit national significant number: " + nsn);
            }
            offsets[(nsn >>> SHIFT) + 1]++;
        }
        for (int b = 0; b < BUCKETS; b++) {
            offsets[b + 1] += offsets[b];
        }
        char[] low = new char[n];
        int[] fill = Arrays.copyOf(offsets, BUCKETS);
        for (int i = 0; i < n; i++) {
            int nsn = nsns[i];
            low[fill[nsn >>> SHIFT]++] = (char) (nsn & LOW_MASK);
        }
        // Sort each bucket and drop duplicates, compacting in place.
        int out = 0;
        int start = 0;
        for (int b = 0; b < BUCKETS; b++) {
            int end = offsets[b + 1];
            if (end - start > 1) {
                Arrays.sort(low, start, end);
            }
            offsets[b] = out;
            for (int i = start; i < end; i++) {
                if (i == start || low[i] != low[i - 1]) {
                    low[out++] = low[i];
                }
            }
            start = end;
        }
        offsets[BUCKETS] = out;
        return new NumberSet(offsets, out == n ? low : Arrays.copyOf(low, out));
    }

    /** Whether the set holds this NSN; false for any int outside the 9-digit range. */
    public boolean contains(int nsn) {
        if (nsn < MIN || nsn > MAX) {
            return false;
        }
        int b = nsn >>> SHIFT;
        int from = offsets[b];
        int to = offsets[b + 1];
        char key = (char) (nsn & LOW_MASK);
        return from < to && find(from, to, guess(from, to, key), key);
    }

    /**
     * Looks up {@code nsns[0..n)} and writes {@code hit} into {@code reasons[i]} for each one held, where
     * {@code reasons[i]} is still 0; other entries are left alone. {@code scratch} holds at least
     * {@code 2 * min(n, 256)}.
     *
     * <p>Three passes over the block, each of independent loads, so that the CPU has many memory misses in flight
     * at once instead of waiting on each lookup's two misses in turn: the bucket bounds, then the cache line of
     * the interpolated guess in each bucket, then the search, which by then reads from cache.
     */
    public void markContained(int[] nsns, int[] reasons, int n, int hit, int[] scratch) {
        // In windows small enough that what the first passes bring into cache is still there for the last.
        for (int from = 0; from < n; from += WINDOW) {
            markContained(nsns, reasons, from, Math.min(n, from + WINDOW), hit, scratch);
        }
    }

    private void markContained(int[] nsns, int[] reasons, int start, int n, int hit, int[] scratch) {
        int[] offsets = this.offsets;
        for (int i = start; i < n; i++) {
            int nsn = nsns[i];
            if (reasons[i] == 0 && nsn >= MIN && nsn <= MAX) {
                int b = nsn >>> SHIFT;
                scratch[2 * (i - start)] = offsets[b];
                scratch[2 * (i - start) + 1] = offsets[b + 1];
            } else {
                scratch[2 * (i - start)] = -1;
            }
        }
        char[] low = this.low;
        int touched = 0;
        for (int i = start; i < n; i++) {
            int from = scratch[2 * (i - start)];
            int to = scratch[2 * (i - start) + 1];
            if (from >= 0 && from < to) {
                touched += low[guess(from, to, nsns[i] & LOW_MASK)];
            }
        }
        sink = touched;
        for (int i = start; i < n; i++) {
            int from = scratch[2 * (i - start)];
            int to = scratch[2 * (i - start) + 1];
            if (from >= 0 && from < to) {
                char key = (char) (nsns[i] & LOW_MASK);
                if (find(from, to, guess(from, to, key), key)) {
                    reasons[i] = hit;
                }
            }
        }
    }

    /** Where {@code key} would be in {@code low[from, to)} if the bucket's numbers were evenly spread. */
    private static int guess(int from, int to, int key) {
        return from + (key * (to - from) >>> SHIFT);
    }

    /** Whether {@code low[from, to)}, sorted and not empty, holds {@code key}, starting at the guess {@code g}. */
    private boolean find(int from, int to, int g, char key) {
        char[] low = this.low;
        char c = low[g];
        if (c == key) {
            return true;
        }
        if (c < key) {
            int lim = Math.min(to, g + 1 + SCAN);
            for (int i = g + 1; i < lim; i++) {
                c = low[i];
                if (c >= key) {
                    return c == key;
                }
            }
            return lim < to && Arrays.binarySearch(low, lim, to, key) >= 0;
        }
        int lo = Math.max(from, g - SCAN);
        for (int i = g - 1; i >= lo; i--) {
            c = low[i];
            if (c <= key) {
                return c == key;
            }
        }
        return lo > from && Arrays.binarySearch(low, from, lo, key) >= 0;
    }

    /** How many numbers the set holds. */
    public int size() {
        return low.length;
    }

    /** The heap the set takes, in bytes: its two arrays with their headers, and the object. */
    public long memoryBytes() {
        return 16 + (16 + 4L * offsets.length) + (16 + 2L * low.length);
    }
}
