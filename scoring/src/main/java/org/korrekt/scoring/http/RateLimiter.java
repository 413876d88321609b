package org.korrekt.scoring.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-client token buckets: each client may send {@code perSecond} requests a second on average,
 * and up to {@code burst} at once. Clients idle for a minute are forgotten. Thread-safe.
 */
public final class RateLimiter {

    private static final long IDLE_NANOS = 60_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /**
     * @param perSecond average requests a second per client; 0 turns limiting off
     * @param burst most requests at once per client, at least 1
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    public RateLimiter(double perSecond, double burst, LongSupplier nanoTime) {
        if (!(perSecond >= 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("perSecond must be >= 0 and burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Whether limiting is on. */
    public boolean enabled() {
        return perSecond > 0;
    }

    /**
     * Takes one request from {@code client}'s bucket; returns 0 when allowed, else the whole
     * seconds to wait before the next request would be (at least 1).
     */
    public long acquire(String client) {
        if (perSecond == 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        sweep(now);
        Bucket bucket = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) / 1e9 * perSecond);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
        }
    }

    private void sweep(long now) {
        if (now - lastSweep < IDLE_NANOS) {
            return;
        }
        lastSweep = now;
        buckets.values().removeIf(b -> {
            synchronized (b) {
                return now - b.updated > IDLE_NANOS;
            }
        });
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
