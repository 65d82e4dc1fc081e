package fr.consenti.core.scrub;

/**
 * The NSNs kept so far in one file, for duplicates: an open-addressing int hash set. About 5 bytes per distinct
 * number at its fullest (load 0.75), where a bitset over the whole range would take 112 MB for any file.
 */
final class SeenNumbers {

    private int[] slots = new int[1 << 14]; // 0 is free: NSNs are never 0
    private int size;
    private int mask = slots.length - 1;
    private int growAt = slots.length / 4 * 3;
    @SuppressWarnings("unused")
    private int sink;

    /** Adds the NSN; false when it was already there. */
    boolean add(int nsn) {
        int i = hash(nsn) & mask;
        while (true) {
            int v = slots[i];
            if (v == nsn) {
                return false;
            }
            if (v == 0) {
                slots[i] = nsn;
                if (++size >= growAt) {
                    grow();
                }
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Adds {@code nsns[i]} for each {@code i < n} where {@code reasons[i]} is 0, in order, and marks {@code
     * duplicate} where it was already there. A first pass reads every slot the block will probe, independent
     * loads the CPU overlaps, so that the adds then find their slots in cache.
     */
    void addAll(int[] nsns, int[] reasons, int n, int duplicate) {
        int[] table = slots;
        int m = mask;
        int touched = 0;
        for (int i = 0; i < n; i++) {
            if (reasons[i] == 0) {
                touched += table[hash(nsns[i]) & m];
            }
        }
        sink = touched;
        for (int i = 0; i < n; i++) {
            if (reasons[i] == 0 && !add(nsns[i])) {
                reasons[i] = duplicate;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        mask = slots.length - 1;
        growAt = slots.length / 4 * 3;
        for (int v : old) {
            if (v != 0) {
                int i = hash(v) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = v;
            }
        }
    }

    private static int hash(int nsn) {
        int h = nsn * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
