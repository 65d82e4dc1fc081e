package fr.consenti.core.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeenNumbersTest {

    @Test
    void addsWhatAHashSetAddsAtEveryDensity() {
        SplittableRandom random = new SplittableRandom(20261203L);
        for (int round = 0; round < 40; round++) {
            // From numbers spread over the whole range (tables of a few slots) to a few pages packed past the
            // point where their tables become bitmaps, with the page's first number (low bits 0) often among them.
            int pages = round % 4 == 0 ? 13_000 : 1 + random.nextInt(round % 4 == 1 ? 3 : 200);
            int firstPage = (NumberSet.MIN >>> SeenNumbers.PAGE_BITS) + 1
                    + random.nextInt((NumberSet.MAX >>> SeenNumbers.PAGE_BITS) - pages
                            - (NumberSet.MIN >>> SeenNumbers.PAGE_BITS));
            int spread = round % 3 == 0 ? 1 << SeenNumbers.PAGE_BITS : 1 + random.nextInt(6_000);
            int count = 1 + random.nextInt(60_000);
            SeenNumbers seen = new SeenNumbers();
            Set<Integer> oracle = new HashSet<>();
            for (int i = 0; i < count; i++) {
                int page = firstPage + random.nextInt(pages);
                int low = random.nextInt(8) == 0 ? 0 : random.nextInt(spread);
                int nsn = page << SeenNumbers.PAGE_BITS | low;
                assertThat(seen.add(nsn)).as("round %d, add %d", round, nsn).isEqualTo(oracle.add(nsn));
            }
            assertThat(seen.size()).isEqualTo(oracle.size());
            for (int nsn : oracle) {
                assertThat(seen.add(nsn)).as("again %d", nsn).isFalse();
            }
        }
    }

    @Test
    void addAllMarksTheLaterOfEqualNumbersAndLeavesDecidedRowsAlone() {
        SplittableRandom random = new SplittableRandom(20261204L);
        SeenNumbers seen = new SeenNumbers();
        Set<Integer> oracle = new HashSet<>();
        for (int round = 0; round < 30; round++) {
            int n = 1 + random.nextInt(Scrubber.BLOCK);
            int[] nsns = new int[n];
            int[] reasons = new int[n];
            int base = 612_000_000 + random.nextInt(1_000_000);
            for (int i = 0; i < n; i++) {
                nsns[i] = base + random.nextInt(round % 2 == 0 ? 3_000_000 : 40_000);
                reasons[i] = random.nextInt(10) == 0 ? 5 : 0;
            }
            Arrays.sort(nsns);
            int[] expected = new int[n];
            for (int i = 0; i < n; i++) {
                expected[i] = reasons[i] != 0 ? reasons[i] : oracle.add(nsns[i]) ? 0 : 9;
            }
            seen.addAll(nsns, reasons, n, 9);
            assertThat(reasons).isEqualTo(expected);
        }
        assertThat(seen.size()).isEqualTo(oracle.size());
    }

    @Test
    void aPageNeverTakesMoreThanItsBitmap() {
        SeenNumbers seen = new SeenNumbers();
        long empty = seen.memoryBytes();
        int base = 612 << SeenNumbers.PAGE_BITS;
        for (int low = 0; low < 1 << SeenNumbers.PAGE_BITS; low++) {
            seen.add(base | low);
            assertThat(seen.memoryBytes() - empty).isLessThanOrEqualTo(16 + 8192);
        }
        assertThat(seen.size()).isEqualTo(1 << SeenNumbers.PAGE_BITS);
        for (int low = 0; low < 1 << SeenNumbers.PAGE_BITS; low++) {
            assertThat(seen.add(base | low)).isFalse();
        }
        assertThat(seen.add(base + (1 << SeenNumbers.PAGE_BITS))).isTrue();
    }
}
