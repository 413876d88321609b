package org.korrekt.scoring.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.queue.QueueSettings;

/**
 * The recorder against a real PostgreSQL: {@link DecisionRecorder#flush} returns only once every
 * decision submitted before it is stored, also while the writer lingers over a batch it has
 * already taken from the buffer (the buffer is then empty, yet nothing is written).
 */
class DecisionRecorderIT {

    private static final long SEED = 20261124;

    @Test
    void flushWaitsForABatchTheWriterIsGathering() throws Exception {
        Path work = TestDirectories.fresh("recorder-linger");
        try (Database database = Database.open(DatabaseConfig.embedded(work))) {
            DecisionStore store = new DecisionStore(database.dataSource(), QueueSettings.defaults());
            DecisionRecorder.Settings lingering = new DecisionRecorder.Settings(
                    1_024, 500, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500));
            List<DecisionRecord> records = decisions(3);
            try (DecisionRecorder recorder = new DecisionRecorder(store, work.resolve("journal"), lingering)) {
                for (DecisionRecord r : records) {
                    recorder.submit(r);
                }
                // the writer takes these within its 50 ms poll, then waits 500 ms for more
                Thread.sleep(150);
                assertThat(recorder.buffered()).isZero();
                assertThat(recorder.written()).isZero();

                recorder.flush(Duration.ofSeconds(10));

                assertThat(recorder.written()).isEqualTo(3);
                for (DecisionRecord r : records) {
                    assertThat(recorder.unwritten(r.decisionId())).isNull();
                    assertThat(store.find(r.decisionId())).isNotNull();
                }
            }
        }
    }

    private static List<DecisionRecord> decisions(int n) {
        SplittableRandom random = new SplittableRandom(SEED);
        ScoringService scoring = new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle("test", "v1", Path.of("."), TestModels.lateClaimModel(), TestModels.policy(0)),
                random::nextDouble,
                Clock.systemUTC());
        LocalDate end = LocalDate.of(2025, 2, 7);
        List<DecisionRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Application a = new Application(
                    "linger-" + i,
                    String.format(Locale.ROOT, "p-%032d", i),
                    Benefit.TFP,
                    Channel.E_SERVICE,
                    end.plusDays(3),
                    end.minusDays(4),
                    end,
                    5,
                    4_000,
                    30_000);
            records.add(DecisionRecord.of(scoring.score(a), "tfp", "00", ApplicationFeatures.SCHEMA_V1.fingerprint()));
        }
        return records;
    }
}
