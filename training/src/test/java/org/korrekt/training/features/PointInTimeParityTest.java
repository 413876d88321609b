package org.korrekt.training.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.Application;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.HistoryFeatures;
import org.korrekt.features.history.HistoryLimits;
import org.korrekt.features.history.HistoryLog;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.training.data.ClaimsParquet;
import org.korrekt.training.data.HistoryParquet;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * Point-in-time correctness: a generated 1:1000 history goes to Parquet, is read back, turned into
 * korrekt's history log and replayed through a {@link PersonHistoryStore} in the order events become
 * known. At every application's submission and every payment's pay day, the store's features must
 * equal the batch builder's, computed from the whole tables as training reads them (streamed, only
 * the columns the features need); a divergence names the feature. The batch builder over the tables
 * held as records must agree with it bit for bit.
 */
class PointInTimeParityTest {

    private static final long SEED = 23;

    /** Features no mechanism of the generator exercises; every other one must be non-zero somewhere. */
    private static final List<String> MAY_STAY_ZERO = List.of("other_parent_overlap_days");

    record Scoring(Application application, String child, LocalDate day) {}

    @Test
    void theStoreReturnsWhatTheBatchBuilderComputesAtEveryMoment(@TempDir Path dir) throws Exception {
        GeneratedHistory generated =
                new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        new HistoryWriter(new Configuration()).write(generated, dir.toUri(), (table, written, total) -> {});
        HistoryEvents.Tables tables = new HistoryParquet(ClaimsParquet.withDefaults()).read(dir.toUri(), table -> {});
        assertThat(tables.claims()).hasSameSizeAs(generated.applications());
        assertThat(tables.income()).isEqualTo(generated.monthlyIncome());

        // through the log file, as the service loads it
        List<HistoryEvent> events = HistoryEvents.of(tables);
        // as korrekt history reads them: streamed, the rows not kept
        HistoryEvents.Collector streamed =
                new HistoryParquet(ClaimsParquet.withDefaults()).events(dir.toUri(), table -> {});
        assertThat(streamed.sorted()).isEqualTo(events);
        assertThat(streamed.payments()).isEqualTo(tables.payments().size());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        HistoryLog.write(events, events.size(), file);
        List<HistoryEvent> loaded = new ArrayList<>();
        HistoryLog.read(new ByteArrayInputStream(file.toByteArray()), loaded::add);
        assertThat(loaded).isEqualTo(events);

        Map<String, Claim> claims = new HashMap<>();
        List<Scoring> scorings = new ArrayList<>();
        for (Claim c : tables.claims()) {
            claims.put(c.application().applicationId(), c);
            scorings.add(
                    new Scoring(c.application(), c.childId(), c.application().submittedOn()));
        }
        for (Payment p : tables.payments()) {
            Claim c = claims.get(p.applicationId());
            scorings.add(new Scoring(c.application(), c.childId(), p.payDate()));
        }
        scorings.sort(Comparator.comparing(Scoring::day));

        int keys = Math.max(generated.persons().size(), generated.children().size()) + 64;
        PersonHistoryStore store = new PersonHistoryStore(HistoryLimits.forPopulation(keys));
        // as training reads it: the large tables streamed, only the columns the features need
        PointInTimeFeatureBuilder batch =
                new HistoryParquet(ClaimsParquet.withDefaults()).features(dir.toUri(), table -> {});
        PointInTimeFeatureBuilder fromTables = new PointInTimeFeatureBuilder(tables);
        int streamedDiffers = 0;
        List<String> names = HistoryFeatures.SCHEMA.names();
        Map<String, Integer> divergent = new LinkedHashMap<>();
        Map<String, String> example = new LinkedHashMap<>();
        long[] nonZero = new long[names.size()];
        double[] fromStore = new double[names.size()];
        int next = 0;
        for (Scoring s : scorings) {
            int t = Days.of(s.day());
            while (next < loaded.size() && loaded.get(next).knownOn() < t) {
                loaded.get(next++).applyTo(store);
            }
            HistoryFeatures.compute(store, s.application(), s.child(), t, fromStore, 0);
            double[] fromBatch = batch.historyFeatures(s.application(), s.child(), s.day());
            if (!Arrays.equals(fromBatch, fromTables.historyFeatures(s.application(), s.child(), s.day()))) {
                streamedDiffers++;
            }
            for (int f = 0; f < names.size(); f++) {
                if (fromBatch[f] != 0) {
                    nonZero[f]++;
                }
                // sums of money may be added in another order: equal to the last bits, not bit for bit
                if (Math.abs(fromStore[f] - fromBatch[f]) > 1e-9 * Math.max(1, Math.abs(fromBatch[f]))) {
                    divergent.merge(names.get(f), 1, Integer::sum);
                    example.putIfAbsent(
                            names.get(f),
                            s.application().applicationId() + " on " + s.day() + ": store " + fromStore[f] + ", batch "
                                    + fromBatch[f]);
                }
            }
        }
        assertThat(scorings.size()).as("applications and payments compared").isGreaterThan(5_000);
        assertThat(store.stats().evictions()).isZero();
        assertThat(streamedDiffers)
                .as("scorings where the builder read as a stream differs from the one built from the tables")
                .isZero();
        assertThat(batch.claims()).isEqualTo(tables.claims().size());
        for (Claim c : tables.claims()) {
            String id = c.application().applicationId();
            assertThat(batch.application(id)).isEqualTo(c.application());
            assertThat(batch.child(id)).isEqualTo(c.childId());
        }
        assertThat(divergent)
                .as("features that differ (count), e.g. %s", example)
                .isEmpty();
        Map<String, Long> coverage = new LinkedHashMap<>();
        for (int f = 0; f < names.size(); f++) {
            coverage.put(names.get(f), nonZero[f]);
            if (!MAY_STAY_ZERO.contains(names.get(f))) {
                assertThat(nonZero[f])
                        .as("scorings where %s is non-zero", names.get(f))
                        .isPositive();
            }
        }
        System.out.printf(
                "Parity: %,d scorings (%,d applications, %,d payments), %,d events, store %s; non-zero per feature %s%n",
                scorings.size(),
                tables.claims().size(),
                tables.payments().size(),
                loaded.size(),
                store.stats(),
                coverage);
    }
}
