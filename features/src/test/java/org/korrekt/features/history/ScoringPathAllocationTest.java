package org.korrekt.features.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.rules.CompiledRules;

/**
 * Reading the history, computing the claim features and evaluating the claim rules allocate
 * nothing, and neither does recording an event for a known key. Measured with the JVM's per-thread
 * allocation counter, not with a clock.
 */
class ScoringPathAllocationTest {

    @Test
    void featuresRulesAndUpdatesAllocateNothing() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean threads) || !threads.isThreadAllocatedMemorySupported()) {
            throw new org.opentest4j.TestAbortedException("this JVM does not count allocated bytes per thread");
        }
        PersonHistoryStore store = new PersonHistoryStore(HistoryLimits.forPopulation(1_000));
        LocalDate start = LocalDate.of(2024, 3, 4);
        int day0 = Days.of(start);
        for (int m = -13; m <= 0; m++) {
            store.recordIncome("p1", Days.monthOf(start) + m, 30_000, 1, 2, 1);
        }
        store.recordMoveIn("p1", "a1", day0 - 900);
        store.recordMoveIn("p2", "a1", day0 - 30);
        store.recordPermit("p1", day0 + 400);
        for (int i = 0; i < 40; i++) {
            store.recordClaim("A-h10", "p1", Benefit.TFP, day0 - 300 + 7 * i, day0 - 305 + 7 * i, 2, "c1");
            store.recordAttendance("c1", day0 - 300 + 7 * i);
            store.recordTimesheet("p1", "u1", day0 - 200 + 3 * i, 8);
            store.recordPayment("p1", Benefit.TFP, day0 - 290 + 7 * i, 1_800);
        }
        Application a = new Application(
                "A-9",
                "p1",
                Benefit.TFP,
                Channel.E_SERVICE,
                start.plusDays(3),
                start,
                start.plusDays(1),
                2,
                2_400,
                30_000);
        CompiledRules rules;
        rules = CompiledRules.bundled("claim-v1.rules.json", ClaimFeatures.SCHEMA);
        double[] x = new double[ClaimFeatures.SCHEMA.size()];
        int[] hits = new int[rules.size()];
        int t = day0 + 3;
        String child = "c1";
        long sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm up, so that the JIT has compiled what it will
            sink += run(store, a, child, t, x, rules, hits, i);
        }
        long thread = Thread.currentThread().getId();
        // A per-call allocation shows in every round (at least 10,000 x 16 bytes). A round can
        // also catch a one-off of the JVM's own (a late JIT compilation or deoptimisation, seen
        // as under 200 bytes on a loaded machine), so the path must allocate nothing in at least
        // one of five rounds, and never a byte per call.
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewest > 0; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 10_000; i++) {
                sink += run(store, a, child, t, x, rules, hits, i);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(allocated)
                    .as("bytes allocated by 10,000 scorings and updates (round " + round + ")")
                    .isLessThan(10_000);
            fewest = Math.min(fewest, allocated);
        }
        assertThat(sink).isPositive();
        assertThat(fewest)
                .as("bytes allocated by 10,000 scorings and updates, fewest of the rounds")
                .isZero();
    }

    private static int run(
            PersonHistoryStore store,
            Application a,
            String child,
            int t,
            double[] x,
            CompiledRules rules,
            int[] hits,
            int i) {
        ClaimFeatures.extract(store, a, child, t, x);
        store.recordPayment("p1", Benefit.TFP, t - 1 - (i & 63), 100);
        store.recordAttendance(child, t - 40 + (i & 15));
        return rules.evaluate(x, hits) + 1;
    }
}
