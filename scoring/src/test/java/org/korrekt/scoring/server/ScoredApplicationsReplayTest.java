package org.korrekt.scoring.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryLimits;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.scoring.record.ScoredClaim;

/**
 * Putting scored applications into the person history: what the start's replay and, while the
 * service scores, the follower do.
 */
class ScoredApplicationsReplayTest {

    private static final LocalDate DAY = LocalDate.of(2025, 2, 3);

    /**
     * The follower records on a worker thread while event loops record scored applications under
     * the history's lock; it must take the same lock. Without it, some of these 200,000 claims each
     * were lost or filed under another person.
     */
    @Test
    void recordsUnderTheLockScoringTakesSoThatNoClaimIsLostBesideIt() throws Exception {
        int n = 200_000;
        PersonHistoryStore history = new PersonHistoryStore(HistoryLimits.forPopulation(2 * n));
        ScoredClaim claim = new ScoredClaim(DAY, DAY, 5, null);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            long[] counts = new long[4];
            done.add(threads.submit(() -> {
                for (int i = 0; i < n; i++) {
                    ScoredApplicationsReplay.apply(history, "F-" + i, "p-f" + i, "fp", claim, counts);
                }
            }));
            done.add(threads.submit(() -> {
                for (int i = 0; i < n; i++) {
                    synchronized (history) { // as ClaimChecks.record
                        history.recordClaim("S-" + i, "p-s" + i, Benefit.FP, Days.of(DAY), Days.of(DAY), 5, null);
                    }
                }
            }));
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(counts[1]).isEqualTo(n);
        } finally {
            threads.shutdownNow();
        }
        long lost = 0;
        for (int i = 0; i < n; i++) {
            lost += history.hasClaim("p-f" + i, "F-" + i) ? 0 : 1;
            lost += history.hasClaim("p-s" + i, "S-" + i) ? 0 : 1;
        }
        assertThat(lost).as("claims lost or filed under another person").isZero();
    }

    @Test
    void anApplicationOfABenefitThisBuildDoesNotKnowIsSkippedAndCounted() {
        PersonHistoryStore history = new PersonHistoryStore(HistoryLimits.forPopulation(16));
        long[] counts = new long[4];
        ScoredClaim claim = new ScoredClaim(DAY, DAY, 5, null);
        ScoredApplicationsReplay.apply(history, "A-1", "p-1", "a-benefit-of-the-future", claim, counts);
        ScoredApplicationsReplay.apply(history, "A-2", "p-1", "tfp", claim, counts);
        ScoredApplicationsReplay.apply(history, "A-2", "p-1", "tfp", claim, counts);
        assertThat(counts).containsExactly(3, 1, 1, 1);
        assertThat(history.hasClaim("p-1", "A-2")).isTrue();
        assertThat(history.hasClaim("p-1", "A-1")).isFalse();
    }
}
