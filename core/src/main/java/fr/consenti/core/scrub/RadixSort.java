package fr.consenti.core.scrub;

/**
 * A stable least-significant-digit radix sort of {@code long} keys by the NSN in their high bits, for the
 * scrubber's blocks: three passes of 10 bits cover the 30 bits of any NSN below 2^30, in time linear in the block,
 * where a comparison sort of 65,536 keys costs about 16 passes.
 */
final class RadixSort {

    static final int BITS = 10;
    static final int RADIX = 1 << BITS;
    private static final int NSN_BITS = 30;

    private RadixSort() {
    }

    /**
     * Sorts {@code keys[0, n)} by {@code key >>> shift} (an NSN, below 2^30), keeping equal NSNs in their order, and
     * returns the array that holds the result: {@code keys} or {@code spare}, both at least {@code n} long.
     * {@code counts} holds at least {@link #RADIX}.
     */
    static long[] sortNsnKeys(long[] keys, long[] spare, int n, int shift, int[] counts) {
        long[] src = keys;
        long[] dst = spare;
        for (int digit = shift; digit < shift + NSN_BITS; digit += BITS) {
            java.util.Arrays.fill(counts, 0, RADIX, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (src[i] >>> digit) & (RADIX - 1)]++;
            }
            int sum = 0;
            for (int d = 0; d < RADIX; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                long key = src[i];
                dst[counts[(int) (key >>> digit) & (RADIX - 1)]++] = key;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }
}
