package fr.consenti.core.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RadixSortTest {

    @Test
    void sortsByNumberAndKeepsEqualNumbersInTheirOrder() {
        SplittableRandom random = new SplittableRandom(20261202L);
        int[] counts = new int[RadixSort.RADIX];
        for (int round = 0; round < 300; round++) {
            int n = round < 3 ? round : 1 + random.nextInt(Scrubber.BLOCK);
            // Few distinct numbers in some rounds, so that many keys share a number and only the order of their
            // row indexes tells a stable sort from an unstable one.
            int distinct = round % 3 == 0 ? 1 + random.nextInt(50) : Integer.MAX_VALUE;
            int[] pool = random.ints(Math.min(distinct, n + 1), NumberSet.MIN, NumberSet.MAX + 1).toArray();
            long[] keys = new long[Scrubber.BLOCK];
            long[] spare = new long[Scrubber.BLOCK];
            for (int i = 0; i < n; i++) {
                keys[i] = (long) pool[random.nextInt(pool.length)] << Scrubber.INDEX_BITS | i;
            }
            // Row indexes rise through the input, so the stable sort by number is the sort by the whole key.
            long[] expected = Arrays.copyOf(keys, n);
            Arrays.sort(expected);
            long[] sorted = RadixSort.sortNsnKeys(keys, spare, n, Scrubber.INDEX_BITS, counts);
            assertThat(Arrays.copyOf(sorted, n)).as("round %d, %d keys", round, n).isEqualTo(expected);
        }
    }

    @Test
    void theExtremesOfTheRangeSort() {
        long[] keys = {(long) NumberSet.MAX << 16 | 0, (long) NumberSet.MIN << 16 | 1, (long) NumberSet.MAX << 16 | 2,
            (long) ((1 << 30) - 1) << 16 | 3};
        long[] sorted = RadixSort.sortNsnKeys(keys, new long[4], 4, 16, new int[RadixSort.RADIX]);
        assertThat(sorted).containsExactly((long) NumberSet.MIN << 16 | 1, (long) NumberSet.MAX << 16 | 0,
                (long) NumberSet.MAX << 16 | 2, (long) ((1 << 30) - 1) << 16 | 3);
    }
}
