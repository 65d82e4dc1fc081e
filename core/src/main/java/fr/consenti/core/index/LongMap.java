package fr.consenti.core.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An open-addressing map from {@code long} to values for one writer and any number of lock-free readers.
 *
 * <p>Why not {@code ConcurrentHashMap<Long, V>}: a boxed key and a node per entry cost about 50 bytes, here 12
 * bytes per slot. Keys are never removed, so a slot, once given a key, keeps it: the writer stores the key, then
 * publishes the value with release semantics; a reader that acquires a non-null value therefore sees its key. A
 * value is replaced whole (copy-on-write), so a reader sees the old value or the new one. Growing builds a new
 * table and publishes it through a volatile field; a reader still probing the old one sees the state before.
 */
final class LongMap<V> {

    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final float LOAD = 0.6f;

    private record Table(long[] keys, Object[] values) {
    }

    private volatile Table table;
    private int size;
    private int threshold;

    LongMap(int expected) {
        int wanted = (int) Math.min(1 << 30, (long) (expected / LOAD) + 1);
        int capacity = Integer.highestOneBit(Math.max(16, wanted) - 1) << 1;
        this.table = new Table(new long[capacity], new Object[capacity]);
        this.threshold = (int) (capacity * LOAD);
    }

    static int slot(long key, int mask) {
        // Murmur3's finaliser: keys differ mostly in their low bits (NSNs) and in a few high ones (professionals).
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        Table t = table;
        long[] keys = t.keys;
        Object[] values = t.values;
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = VALUES.getAcquire(values, i);
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Writer only. */
    void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        Table t = table;
        long[] keys = t.keys;
        Object[] values = t.values;
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                VALUES.setRelease(values, i, value);
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        VALUES.setRelease(values, i, value);
        if (++size > threshold) {
            grow();
        }
    }

    private void grow() {
        Table old = table;
        int capacity = old.keys.length << 1;
        long[] keys = new long[capacity];
        Object[] values = new Object[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < old.keys.length; j++) {
            Object v = old.values[j];
            if (v != null) {
                int i = slot(old.keys[j], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = old.keys[j];
                values[i] = v;
            }
        }
        threshold = (int) (capacity * LOAD);
        table = new Table(keys, values);
    }

    int size() {
        return size;
    }

    int capacity() {
        return table.keys.length;
    }

    /** What {@link #forEach} calls for each entry. */
    interface Visitor<V> {
        void visit(long key, V value);
    }

    /**
     * Visits every entry of the current table. From the writer: exact, and the visitor may replace values. From a
     * reader: each entry as of some moment of the walk, for metrics.
     */
    @SuppressWarnings("unchecked")
    void forEach(Visitor<V> visitor) {
        Table t = table;
        for (int j = 0; j < t.keys.length; j++) {
            Object v = VALUES.getAcquire(t.values, j);
            if (v != null) {
                visitor.visit(t.keys[j], (V) v);
            }
        }
    }
}
