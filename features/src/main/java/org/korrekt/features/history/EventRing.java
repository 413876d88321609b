package org.korrekt.features.history;

/**
 * The bookkeeping of one kind of event kept per slot in a fixed number of positions: a ring that
 * overwrites its oldest entry when full. The event's fields live in parallel primitive arrays owned
 * by the store, indexed by the positions this class hands out.
 */
final class EventRing {

    private final int capacity;
    private final int[] head;
    private final int[] size;
    private long overwritten;

    EventRing(int slots, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a ring needs at least one position, had " + capacity);
        }
        if ((long) slots * capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(slots + " slots of " + capacity + " events do not fit in one array");
        }
        this.capacity = capacity;
        this.head = new int[slots];
        this.size = new int[slots];
    }

    int capacity() {
        return capacity;
    }

    /** Events written over because a slot's ring was full. */
    long overwritten() {
        return overwritten;
    }

    /** The position for a new event of {@code slot}, overwriting its oldest when the ring is full. */
    int push(int slot) {
        int n = size[slot];
        int base = slot * capacity;
        if (n < capacity) {
            size[slot] = n + 1;
            int p = head[slot] + n;
            return base + (p >= capacity ? p - capacity : p);
        }
        int h = head[slot];
        head[slot] = h + 1 == capacity ? 0 : h + 1;
        overwritten++;
        return base + h;
    }

    int size(int slot) {
        return size[slot];
    }

    /** The position of the {@code i}-th oldest event of {@code slot}. */
    int at(int slot, int i) {
        int p = head[slot] + i;
        return slot * capacity + (p >= capacity ? p - capacity : p);
    }

    /** Moves an event's fields from one position to another, for {@link #remove}. */
    interface Mover {
        void move(int from, int to);
    }

    /**
     * Removes the {@code i}-th oldest event of {@code slot}, moving each newer one a position back
     * with {@code mover}, so that the order is kept.
     */
    void remove(int slot, int i, Mover mover) {
        int n = size[slot];
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("event " + i + " of " + n);
        }
        for (int j = i; j < n - 1; j++) {
            mover.move(at(slot, j + 1), at(slot, j));
        }
        size[slot] = n - 1;
    }

    void clear(int slot) {
        head[slot] = 0;
        size[slot] = 0;
    }
}
