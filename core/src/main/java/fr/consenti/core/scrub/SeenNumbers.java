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
