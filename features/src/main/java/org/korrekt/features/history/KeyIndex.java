package org.korrekt.features.history;

/**
 * A fixed-capacity map from string keys (pseudonyms, address ids) to dense slot numbers, with open
 * addressing and linear probing. When every slot is taken, adding a key evicts a key that has not
 * been used since the clock hand last passed it (the CLOCK approximation of least recently used),
 * so memory stays bounded however many people pass through. Lookups and additions allocate
 * nothing.
 */
final class KeyIndex {

    private final String[] table;
    private final int[] slotAt;
    private final int[] positionOf;
    private final String[] keyOf;
    private final boolean[] referenced;
    private final int mask;
    private int used;
    private int hand;
    private long evictions;
    private int fresh = -1;

    KeyIndex(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        table = new String[tableSize];
        slotAt = new int[tableSize];
        mask = tableSize - 1;
        positionOf = new int[capacity];
        keyOf = new String[capacity];
        referenced = new boolean[capacity];
    }

    int capacity() {
        return keyOf.length;
    }

    int size() {
        return used;
    }

    long evictions() {
        return evictions;
    }

    /** The slot of a key, or -1. */
    int find(String key) {
        for (int i = home(key); ; i = (i + 1) & mask) {
            String k = table[i];
            if (k == null) {
                return -1;
            }
            if (k.equals(key)) {
                int slot = slotAt[i];
                referenced[slot] = true;
                return slot;
            }
        }
    }

    /**
     * The slot of a key, added if absent. A new key gets a free slot, or the slot of an evicted key;
     * the caller learns which through {@link #isFresh(int)} and clears the slot's data.
     */
    int findOrAdd(String key) {
        int i = home(key);
        for (; ; i = (i + 1) & mask) {
            String k = table[i];
            if (k == null) {
                break;
            }
            if (k.equals(key)) {
                int slot = slotAt[i];
                referenced[slot] = true;
                return slot;
            }
        }
        int slot;
        if (used < keyOf.length) {
            slot = used++;
        } else {
            slot = victim();
            remove(positionOf[slot]);
            evictions++;
            // the removal may have shifted entries into the free position: probe again
            i = home(key);
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
        }
        table[i] = key;
        slotAt[i] = slot;
        positionOf[slot] = i;
        keyOf[slot] = key;
        referenced[slot] = false;
        fresh = slot;
        return slot;
    }

    /** Whether {@code slot} was handed out by the last {@link #findOrAdd} for a new key. */
    boolean isFresh(int slot) {
        boolean result = fresh == slot;
        fresh = -1;
        return result;
    }

    String keyOf(int slot) {
        return keyOf[slot];
    }

    private int victim() {
        while (true) {
            int slot = hand;
            hand = hand + 1 == keyOf.length ? 0 : hand + 1;
            if (referenced[slot]) {
                referenced[slot] = false;
            } else {
                return slot;
            }
        }
    }

    /** Backward-shift deletion: keeps every remaining key reachable from its home position. */
    private void remove(int position) {
        int hole = position;
        int j = position;
        while (true) {
            table[hole] = null;
            while (true) {
                j = (j + 1) & mask;
                if (table[j] == null) {
                    return;
                }
                int home = home(table[j]);
                boolean between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
                if (!between) {
                    break;
                }
            }
            table[hole] = table[j];
            slotAt[hole] = slotAt[j];
            positionOf[slotAt[hole]] = hole;
            hole = j;
        }
    }

    private int home(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) * 0x9E3779B1 >>> 1 & mask;
    }
}
