package fr.consenti.core.index;

import fr.consenti.core.rules.OppositionRegistration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The opposition list as built in bulk: immutable, 16 bytes per number.
 *
 * <p>NSNs sorted in an {@code int[]}, with parallel {@code int[]}s for the registration (epoch second, unsigned:
 * good until 2106), the delay to the effective date and the term, in seconds. Registrations that do not fit
 * (millisecond instants, delays beyond 68 years) sit in a side map, exact. A bucket index over the top bits of
 * the NSN (blocks of 1,024 numbers: 4 MB of offsets) narrows the binary search to a few entries: about six for the
 * national list spread over the numbering plan, about fifty where it is densest, i.e. one to four cache lines.
 * With blocks of 16,384 numbers, a dense list's search touched seven or eight cache lines, and was 40 % of the
 * time of a batch check (BENCHMARKS.md, dialler API).
 */
final class OppositionTable {

    private static final int SHIFT = 10;
    private static final int BUCKETS = (Checks.MAX_NSN >>> SHIFT) + 2;

    static final OppositionTable EMPTY = new Encoder(0).build();

    private final int[] nsns;
    private final int[] registeredSecond;
    private final int[] effectiveDelay;
    private final int[] termLength;
    private final int[] bucketStart;
    private final Map<Integer, OppositionRegistration> exact;
    private final int size;

    private OppositionTable(int[] nsns, int[] registeredSecond, int[] effectiveDelay, int[] termLength, int size,
                            Map<Integer, OppositionRegistration> exact) {
        this.nsns = nsns;
        this.registeredSecond = registeredSecond;
        this.effectiveDelay = effectiveDelay;
        this.termLength = termLength;
        this.size = size;
        this.exact = exact;
        this.bucketStart = new int[BUCKETS + 1];
        int b = 0;
        for (int i = 0; i < size; i++) {
            int bucket = nsns[i] >>> SHIFT;
            while (b <= bucket) {
                bucketStart[b++] = i;
            }
        }
        while (b <= BUCKETS) {
            bucketStart[b++] = size;
        }
    }

    int size() {
        return size;
    }

    /** Position of {@code nsn}, or negative. */
    int find(int nsn) {
        if (nsn <= 0 || nsn > Checks.MAX_NSN) {
            return -1;
        }
        int bucket = nsn >>> SHIFT;
        return Arrays.binarySearch(nsns, bucketStart[bucket], bucketStart[bucket + 1], nsn);
    }

    OppositionRegistration get(int nsn) {
        int i = find(nsn);
        return i < 0 ? null : at(i);
    }

    private OppositionRegistration at(int i) {
        if (termLength[i] == 0) {
            return exact.get(nsns[i]);
        }
        long reg = Integer.toUnsignedLong(registeredSecond[i]);
        long eff = reg + effectiveDelay[i];
        return new OppositionRegistration(Instant.ofEpochSecond(reg), Instant.ofEpochSecond(eff),
                Instant.ofEpochSecond(eff + termLength[i]));
    }

    /** Approximate heap bytes of the arrays (the side map is counted at 100 bytes an entry). */
    long bytes() {
        return 4L * (nsns.length + registeredSecond.length + effectiveDelay.length + termLength.length
                + bucketStart.length) + 100L * exact.size();
    }

    /**
     * This table with {@code changes} applied: values are registrations, or {@code removed} for a number taken
     * off. The writer compacts its overlay with it.
     */
    OppositionTable merge(int[] changedNsns, Object[] changes, int count, Object removed) {
        long[] order = new long[count];
        for (int j = 0; j < count; j++) {
            order[j] = (long) changedNsns[j] << 32 | j;
        }
        Arrays.sort(order);
        int finalSize = size;
        for (int k = 0; k < count; k++) {
            boolean inBase = find((int) (order[k] >>> 32)) >= 0;
            boolean listed = changes[(int) order[k]] != removed;
            finalSize += (listed ? 1 : 0) - (inBase ? 1 : 0);
        }
        // Sized exactly and copied in runs: the fold pauses the writer, and it runs cold (rarely).
        Encoder out = new Encoder(finalSize);
        out.exact.putAll(exact);
        int i = 0;
        for (int k = 0; k < count; k++) {
            int nsn = (int) (order[k] >>> 32);
            Object change = changes[(int) order[k]];
            int at = find(nsn);
            int runEnd = at >= 0 ? at : -at - 1;
            out.copyRange(this, i, runEnd);
            i = at >= 0 ? runEnd + 1 : runEnd;
            out.exact.remove(nsn);
            if (change != removed) {
                out.add(nsn, (OppositionRegistration) change);
            }
        }
        out.copyRange(this, i, size);
        return out.build();
    }

    /** Appends registrations in ascending NSN order. */
    static final class Encoder {
        private int[] nsns;
        private int[] reg;
        private int[] eff;
        private int[] term;
        private int n;
        private final Map<Integer, OppositionRegistration> exact = new HashMap<>();

        Encoder(int expected) {
            int c = Math.max(expected, 0);
            nsns = new int[c];
            reg = new int[c];
            eff = new int[c];
            term = new int[c];
        }

        void add(int nsn, OppositionRegistration r) {
            add(nsn, r.registeredAt().toEpochMilli(), r.effectiveFrom().toEpochMilli(), r.termEnd().toEpochMilli(),
                    r);
        }

        /** {@code r} may be null: it is made only when the compact form cannot hold the instants. */
        void add(int nsn, long registeredMs, long effectiveMs, long termEndMs, OppositionRegistration r) {
            if (n > 0 && nsns[n - 1] >= nsn) {
                throw new IllegalStateException("NSNs must come in ascending order: " + nsn + " after " + nsns[n - 1]);
            }
            ensure();
            nsns[n] = nsn;
            long regS = registeredMs / 1000;
            long effD = effectiveMs / 1000 - regS;
            long termD = termEndMs / 1000 - effectiveMs / 1000;
            boolean compact = registeredMs % 1000 == 0 && effectiveMs % 1000 == 0 && termEndMs % 1000 == 0
                    && regS >= 0 && regS <= 0xFFFF_FFFFL && effD >= 0 && effD <= Integer.MAX_VALUE
                    && termD > 0 && termD <= Integer.MAX_VALUE;
            if (compact) {
                reg[n] = (int) regS;
                eff[n] = (int) effD;
                term[n] = (int) termD;
            } else {
                // A zero term marks the side map: a compact registration always has a positive one.
                term[n] = 0;
                exact.put(nsn, r != null ? r : new OppositionRegistration(Instant.ofEpochMilli(registeredMs),
                        Instant.ofEpochMilli(effectiveMs), Instant.ofEpochMilli(termEndMs)));
            }
            n++;
        }

        /** Appends {@code from}'s entries {@code [start, end)}; the caller has put their side-map entries. */
        void copyRange(OppositionTable from, int start, int end) {
            int len = end - start;
            if (len <= 0) {
                return;
            }
            if (n > 0 && nsns[n - 1] >= from.nsns[start]) {
                throw new IllegalStateException("NSNs must come in ascending order");
            }
            while (n + len > nsns.length) {
                grow();
            }
            System.arraycopy(from.nsns, start, nsns, n, len);
            System.arraycopy(from.registeredSecond, start, reg, n, len);
            System.arraycopy(from.effectiveDelay, start, eff, n, len);
            System.arraycopy(from.termLength, start, term, n, len);
            n += len;
        }

        private void ensure() {
            if (n == nsns.length) {
                grow();
            }
        }

        private void grow() {
            int c = nsns.length + (nsns.length >> 1) + 16;
            nsns = Arrays.copyOf(nsns, c);
            reg = Arrays.copyOf(reg, c);
            eff = Arrays.copyOf(eff, c);
            term = Arrays.copyOf(term, c);
        }

        OppositionTable build() {
            if (n == nsns.length) {
                return new OppositionTable(nsns, reg, eff, term, n, Map.copyOf(exact));
            }
            // Trimmed so that the table's 16 bytes a number are not 24 after growth.
            return new OppositionTable(Arrays.copyOf(nsns, n), Arrays.copyOf(reg, n), Arrays.copyOf(eff, n),
                    Arrays.copyOf(term, n), n, Map.copyOf(exact));
        }
    }
}
