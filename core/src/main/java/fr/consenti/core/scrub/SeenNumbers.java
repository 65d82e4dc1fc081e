package fr.consenti.core.scrub;

/**
 * The NSNs kept so far in one file, for duplicates: the 9-digit space cut into pages of 65,536 numbers, each page
 * a small open-addressing table of the numbers' low 16 bits while it holds few (2 to 4 bytes a number), and a
 * bitmap (8 KB) once it holds more than {@value #MAX_SLOTS} / 2, where the next table would be as large as the
 * bitmap (a table of 4,096 slots took the bitmap's 8 KB, was slower, and cost one more rehash of every number).
 *
 * <p>A page never takes more than 8 KB, so the whole set never more than about 120 MB however large the file, and
 * a small file spread over the whole plan stays small. The scrubber adds each block's numbers in sorted order: the
 * numbers of one page then come together and find its table or bitmap in cache, and the bitmaps of the dense
 * mobile ranges are walked from low addresses to high. One flat hash table of all the numbers (the previous
 * design) cost a cache and TLB miss per number whatever the order, and rehashed millions of numbers as it grew.
 */
final class SeenNumbers {

    static final int PAGE_BITS = 16;
    private static final int PAGE_MASK = (1 << PAGE_BITS) - 1;
    private static final int PAGES = (NumberSet.MAX >>> PAGE_BITS) + 1;
    private static final int MIN_SLOTS = 64;
    /** A table's largest size: 4 KB of chars; growing it would take the 8 KB of the bitmap that replaces it. */
    static final int MAX_SLOTS = 2048;
    private static final int BITMAP_WORDS = (1 << PAGE_BITS) / 64;
    /** Numbers per round of {@link #addAll}: their first reads all in flight, and still in cache for the adds. */
    private static final int WINDOW = 256;

    private final long[][] bitmaps = new long[PAGES][];
    /** Low 16 bits of each number, 0 for a free slot; the number whose low bits are 0 is in {@link #zeroes}. */
    private final char[][] tables = new char[PAGES][];
    private final int[] counts = new int[PAGES];
    private final long[] zeroes = new long[(PAGES + 63) >>> 6];
    private int size;
    /** Where {@link #touch} leaves what it read, so that the JIT keeps the reads. */
    @SuppressWarnings("unused")
    private int sink;
    private long memory = 16 + 3 * (16 + 4L * PAGES) + 16 + 8L * zeroes.length;

    /** Adds the NSN, a valid 9-digit NSN; false when it was already there. */
    boolean add(int nsn) {
        int p = nsn >>> PAGE_BITS;
        int low = nsn & PAGE_MASK;
        long[] bits = bitmaps[p];
        if (bits != null) {
            int w = low >>> 6;
            long word = bits[w];
            long bit = 1L << low;
            if ((word & bit) != 0) {
                return false;
            }
            bits[w] = word | bit;
            size++;
            return true;
        }
        if (low == 0) {
            int w = p >>> 6;
            long bit = 1L << p;
            if ((zeroes[w] & bit) != 0) {
                return false;
            }
            zeroes[w] |= bit;
            size++;
            return true;
        }
        char[] table = tables[p];
        if (table == null) {
            table = new char[MIN_SLOTS];
            tables[p] = table;
            memory += 16 + 2L * MIN_SLOTS;
        }
        int m = table.length - 1;
        int i = slot(low) & m;
        while (true) {
            char c = table[i];
            if (c == low) {
                return false;
            }
            if (c == 0) {
                break;
            }
            i = (i + 1) & m;
        }
        table[i] = (char) low;
        size++;
        if (++counts[p] * 2 > table.length) {
            grow(p, table);
        }
        return true;
    }

    /**
     * Adds {@code nsns[i]} for each {@code i < n} where {@code reasons[i]} is 0, in order, and marks {@code
     * duplicate} where it was already there. Any order is right; sorted is fast.
     */
    void addAll(int[] nsns, int[] reasons, int n, int duplicate) {
        for (int from = 0; from < n; from += WINDOW) {
            int to = Math.min(n, from + WINDOW);
            touch(nsns, reasons, from, to);
            for (int i = from; i < to; i++) {
                if (reasons[i] == 0 && !add(nsns[i])) {
                    reasons[i] = duplicate;
                }
            }
        }
    }

    /**
     * Reads the word or slot each number of the window will probe first, independent loads the CPU overlaps, so
     * that the adds, whose branches depend on what they read, find their lines in cache instead of waiting on
     * one memory miss after another.
     */
    private void touch(int[] nsns, int[] reasons, int from, int to) {
        int touched = 0;
        for (int i = from; i < to; i++) {
            if (reasons[i] != 0) {
                continue;
            }
            int nsn = nsns[i];
            int p = nsn >>> PAGE_BITS;
            int low = nsn & PAGE_MASK;
            long[] bits = bitmaps[p];
            if (bits != null) {
                touched += (int) bits[low >>> 6];
            } else {
                char[] table = tables[p];
                if (table != null) {
                    touched += table[slot(low) & (table.length - 1)];
                }
            }
        }
        sink = touched;
    }

    int size() {
        return size;
    }

    /** The heap the set takes, in bytes: its directories and every page's table or bitmap. */
    long memoryBytes() {
        return memory;
    }

    private void grow(int p, char[] old) {
        memory -= 16 + 2L * old.length;
        if (old.length * 2 > MAX_SLOTS) {
            long[] bits = new long[BITMAP_WORDS];
            for (char c : old) {
                if (c != 0) {
                    bits[c >>> 6] |= 1L << c;
                }
            }
            int w = p >>> 6;
            long bit = 1L << p;
            if ((zeroes[w] & bit) != 0) {
                bits[0] |= 1L;
                zeroes[w] &= ~bit;
            }
            bitmaps[p] = bits;
            tables[p] = null;
            memory += 16 + 8L * BITMAP_WORDS;
            return;
        }
        char[] table = new char[old.length * 2];
        int m = table.length - 1;
        for (char c : old) {
            if (c != 0) {
                int i = slot(c) & m;
                while (table[i] != 0) {
                    i = (i + 1) & m;
                }
                table[i] = c;
            }
        }
        tables[p] = table;
        memory += 16 + 2L * table.length;
    }

    private static int slot(int low) {
        return (low * 0x9E3779B1) >>> 16;
    }
}
