package org.korrekt.training.synthetic;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Sequential ids with a prefix, zero-padded so they sort. */
final class Ids {
    private final Map<String, Long> counters = new HashMap<>();
    private final long seed;

    Ids(long seed) {
        this.seed = seed;
    }

    String next(String prefix) {
        long n = counters.merge(prefix, 1L, Long::sum);
        // Person pseudonyms look like the service's: "p-" and 32 hex digits (a bijective scramble of n).
        return prefix.equals("p")
                ? String.format(Locale.ROOT, "p-%016x%016x", seed, n * 0x9E3779B97F4A7C15L)
                : String.format(Locale.ROOT, "%s%09d", prefix, n);
    }
}
