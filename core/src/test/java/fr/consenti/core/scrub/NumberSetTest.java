package fr.consenti.core.scrub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NumberSetTest {

    @Test
    void holdsExactlyItsNumbersOverRandomSetsOfEveryDensity() {
        SplittableRandom random = new SplittableRandom(20261129L);
        for (int round = 0; round < 20; round++) {
            // From a few numbers spread over the range to thousands packed in a few buckets.
            int span = round % 2 == 0 ? NumberSet.MAX - NumberSet.MIN : 50_000;
            int base = NumberSet.MIN + random.nextInt(NumberSet.MAX - NumberSet.MIN - span + 1);
            int count = 1 + random.nextInt(round * 2_000 + 10);
            int[] nsns = new int[count];
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < count; i++) {
                nsns[i] = base + random.nextInt(span + 1);
                expected.add(nsns[i]);
            }
            NumberSet set = NumberSet.of(nsns);
            assertThat(set.size()).isEqualTo(expected.size());
            int[] probes = new int[4096];
            for (int i = 0; i < probes.length; i++) {
                probes[i] = i % 2 == 0 ? nsns[random.nextInt(count)] : base + random.nextInt(span + 1);
            }
            int[] reasons = new int[probes.length];
            reasons[0] = 99; // already decided: left alone even if held
            set.markContained(probes, reasons, probes.length, 7, new int[2 * probes.length]);
            for (int i = 0; i < probes.length; i++) {
                boolean held = expected.contains(probes[i]);
                assertThat(set.contains(probes[i])).as("contains %d", probes[i]).isEqualTo(held);
                int want = i == 0 ? 99 : held ? 7 : 0;
                assertThat(reasons[i]).as("markContained %d", probes[i]).isEqualTo(want);
            }
        }
    }

    @Test
    void edgesOfTheRangeAndOfBuckets() {
        NumberSet set = NumberSet.of(100_000_000, 999_999_999, 4096 * 30_000, 4096 * 30_000 - 1, 4096 * 30_000 + 4095);
        assertThat(set.contains(100_000_000)).isTrue();
        assertThat(set.contains(999_999_999)).isTrue();
        assertThat(set.contains(4096 * 30_000)).isTrue();
        assertThat(set.contains(4096 * 30_000 - 1)).isTrue();
        assertThat(set.contains(4096 * 30_000 + 4095)).isTrue();
        assertThat(set.contains(4096 * 30_000 + 1)).isFalse();
        assertThat(set.contains(99_999_999)).isFalse();
        assertThat(set.contains(-5)).isFalse();
        assertThat(set.contains(Integer.MAX_VALUE)).isFalse();
        assertThatThrownBy(() -> NumberSet.of(612_345_678, 12)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullBucketIsBinarySearched() {
        int base = 612_345_678 & ~4095;
        NumberSet set = NumberSet.of(IntStream.range(base, base + 4096).filter(v -> v % 3 != 0).iterator());
        for (int v = base - 10; v < base + 4106; v++) {
            assertThat(set.contains(v)).isEqualTo(v >= base && v < base + 4096 && v % 3 != 0);
        }
    }

    @Test
    void unevenlySpreadBucketsAreSearchedPastTheInterpolatedGuess() {
        // Clusters at one end, at both ends, or in the middle of a bucket put the guess far from the key, so the
        // scan around it runs out and the binary search takes over, on either side.
        SplittableRandom random = new SplittableRandom(20261201L);
        for (int round = 0; round < 200; round++) {
            int base = (NumberSet.MIN + random.nextInt(NumberSet.MAX - NumberSet.MIN - 8192)) & ~4095;
            Set<Integer> expected = new HashSet<>();
            int clusters = 1 + random.nextInt(3);
            for (int c = 0; c < clusters; c++) {
                int width = 1 + random.nextInt(round % 4 == 0 ? 4096 : 300);
                int start = random.nextInt(4097 - width);
                int count = 1 + random.nextInt(width);
                for (int i = 0; i < count; i++) {
                    expected.add(base + start + random.nextInt(width));
                }
            }
            NumberSet set = NumberSet.of(expected.stream().mapToInt(Integer::intValue).toArray());
            int[] probes = IntStream.range(base - 2, base + 4098).toArray();
            int[] reasons = new int[probes.length];
            set.markContained(probes, reasons, probes.length, 3, new int[2 * probes.length]);
            for (int i = 0; i < probes.length; i++) {
                boolean held = expected.contains(probes[i]);
                assertThat(set.contains(probes[i])).as("contains %d", probes[i]).isEqualTo(held);
                assertThat(reasons[i]).as("markContained %d", probes[i]).isEqualTo(held ? 3 : 0);
            }
        }
    }

    @Test
    void emptySetHoldsNothing() {
        assertThat(NumberSet.empty().contains(612_345_678)).isFalse();
        assertThat(NumberSet.of().size()).isZero();
    }

    @Test
    void fiveMillionNumbersFitIn64Megabytes() {
        SplittableRandom random = new SplittableRandom(5L);
        int[] nsns = random.ints(5_000_000, NumberSet.MIN, NumberSet.MAX + 1).toArray();
        NumberSet set = NumberSet.of(nsns);
        assertThat(set.memoryBytes()).isLessThan(64L << 20);
        assertThat(set.memoryBytes()).isLessThan(12L << 20); // 2 bytes a number plus a 1 MB table
    }
}
