package org.korrekt.training.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.HistoryFeatures;

class GroupedTest {

    @Test
    void keepsEachKeysRowsTogetherInTheOrderTheyWereAdded() {
        Random random = new Random(7);
        Grouped grouped = new Grouped(1, 1);
        List<List<double[]>> expected = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            expected.add(new ArrayList<>());
        }
        // more rows than the first capacity, keys interleaved; key 49 never gets a row
        for (int r = 0; r < 5_000; r++) {
            int key = random.nextInt(49);
            int day = random.nextInt(1_000);
            double amount = random.nextGaussian();
            int row = grouped.add(key);
            grouped.set(row, 0, day);
            grouped.set(row, 0, amount);
            expected.get(key).add(new double[] {day, amount});
        }
        grouped.group(50);

        assertThat(grouped.size()).isEqualTo(5_000);
        for (int k = 0; k < 50; k++) {
            List<double[]> rows = new ArrayList<>();
            for (int r = grouped.from(k); r < grouped.to(k); r++) {
                rows.add(new double[] {grouped.intAt(0, r), grouped.doubleAt(0, r)});
            }
            assertThat(rows).as("key %d", k).containsExactlyElementsOf(expected.get(k));
        }
        assertThat(grouped.to(49) - grouped.from(49)).isZero();
        assertThat(grouped.to(-1) - grouped.from(-1)).as("an unknown key").isZero();
        assertThatThrownBy(() -> grouped.add(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sortsAKeysDaysWithinItsRowsOnly() {
        Grouped days = new Grouped(1, 0);
        int[][] added = {{1, 30}, {0, 9}, {1, 10}, {0, 3}, {1, 20}, {1, 10}};
        for (int[] a : added) {
            days.set(days.add(a[0]), 0, a[1]);
        }
        days.group(2);
        days.sortWithinKeys(0);

        List<Integer> first = new ArrayList<>();
        for (int r = days.from(0); r < days.to(0); r++) {
            first.add(days.intAt(0, r));
        }
        List<Integer> second = new ArrayList<>();
        for (int r = days.from(1); r < days.to(1); r++) {
            second.add(days.intAt(0, r));
        }
        assertThat(first).containsExactly(3, 9);
        assertThat(second).containsExactly(10, 10, 20, 30);
    }

    @Test
    void aLoaderRefusesAnApplicationTwiceAndBuildsOnce() {
        Application application = new Application(
                "A1",
                "P1",
                Benefit.TFP,
                Channel.values()[0],
                LocalDate.of(2024, 3, 4),
                LocalDate.of(2024, 3, 1),
                LocalDate.of(2024, 3, 2),
                2,
                1_500,
                30_000,
                null,
                Double.NaN);
        Claim claim = new Claim(application, "C1", 1, false, null, 0, false, false);
        PointInTimeFeatureBuilder.Loader loader = PointInTimeFeatureBuilder.loader();
        loader.claim(claim);
        loader.payment("P1", Benefit.TFP, LocalDate.of(2024, 2, 1), 800);
        loader.attendance("C1", LocalDate.of(2024, 3, 1), true);
        loader.attendance("C1", LocalDate.of(2024, 3, 1), true);

        assertThatThrownBy(() -> loader.claim(claim))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("application A1 appears twice in the history");
        PointInTimeFeatureBuilder builder = loader.build();
        assertThatThrownBy(loader::build).isInstanceOf(IllegalStateException.class);

        assertThat(builder.application("A1")).isEqualTo(application);
        assertThat(builder.child("A1")).isEqualTo("C1");
        assertThat(builder.application("A2")).isNull();
        double[] features = builder.historyFeatures(application, "C1", LocalDate.of(2024, 3, 4));
        List<String> names = HistoryFeatures.SCHEMA.names();
        assertThat(features[names.indexOf("paid_sek_365d_log")]).isEqualTo(Math.log1p(800));
        assertThat(features[names.indexOf("child_present_on_claimed_days")])
                .as("a day present twice in the table counts once")
                .isEqualTo(1);
    }
}
