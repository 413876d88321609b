package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CapacityComparisonTest {

    private static final double CAPACITY = 0.02;

    /** A test period: amounts, incorrect parts (most rows correct) and rows 0..n-1. */
    private record Period(double[] amount, double[] incorrect, int[] rows) {
        static Period of(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] amount = new double[n];
            double[] incorrect = new double[n];
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                amount[i] = Math.round(1_000 + 20_000 * random.nextDouble());
                incorrect[i] = random.nextDouble() < 0.1 ? Math.round(amount[i] * random.nextDouble()) : 0;
                rows[i] = i;
            }
            return new Period(amount, incorrect, rows);
        }

        double[] noise(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] s = new double[amount.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = random.nextDouble();
            }
            return s;
        }

        /** Ranks by the incorrect part itself: no scorer can find more in any draw. */
        double[] oracle() {
            double[] s = new double[amount.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = incorrect[i] / Math.max(amount[i], 1.0);
            }
            return s;
        }

        List<CapacityComparison> compare(double[] combined, double[] other, int resamples, long seed) {
            return CapacityComparison.of(
                    new ProfileEvaluation.Scorer("combined", combined, false),
                    List.of(new ProfileEvaluation.Scorer("other", other, false)),
                    rows,
                    amount,
                    incorrect,
                    CAPACITY,
                    resamples,
                    seed);
        }
    }

    @Test
    void aScorerComparedWithItselfIsNeitherAheadNorBehind() {
        Period p = Period.of(3_000, 1);
        double[] s = p.noise(2);
        CapacityComparison c = p.compare(s, s.clone(), 200, 3).get(0);
        assertThat(c.scorer()).isEqualTo("other");
        assertThat(c.difference()).isZero();
        assertThat(c.low()).isZero();
        assertThat(c.high()).isZero();
        assertThat(c.shareAhead()).isZero();
        assertThat(c.combinedSurelyAhead()).isFalse();
        assertThat(c.combinedSurelyBehind()).isFalse();
        assertThat(c.verdict()).isEqualTo("within noise");
    }

    @Test
    void theDifferenceIsTheTestRowsOwnAndOracleLeadsInEveryDraw() {
        Period p = Period.of(3_000, 4);
        double[] oracle = p.oracle();
        double[] noise = p.noise(5);
        CapacityComparison ahead = p.compare(oracle, noise, 500, 6).get(0);
        assertThat(ahead.difference()).isEqualTo(topSek(p, oracle, p.rows()) - topSek(p, noise, p.rows()));
        assertThat(ahead.difference()).isPositive();
        // the oracle checks the draw's largest incorrect parts, so no draw puts the noise ahead
        assertThat(ahead.low()).isPositive();
        assertThat(ahead.shareAhead()).isEqualTo(1.0);
        assertThat(ahead.combinedSurelyAhead()).isTrue();
        assertThat(ahead.verdict()).isEqualTo("ahead");
        assertThat(ahead.low()).isLessThanOrEqualTo(ahead.high());

        CapacityComparison behind = p.compare(noise, oracle, 500, 6).get(0);
        assertThat(behind.difference()).isEqualTo(-ahead.difference());
        assertThat(behind.high()).isNegative();
        assertThat(behind.shareAhead()).isZero();
        assertThat(behind.combinedSurelyBehind()).isTrue();
        assertThat(behind.verdict()).isEqualTo("behind");
    }

    @Test
    void countingDrawsEqualsRankingEachDrawMaterialised() {
        Period p = Period.of(1_500, 7);
        double[] a = p.noise(8);
        double[] b = p.noise(9);
        // ties in score and amount, so the rows' order decides among them
        for (int i = 0; i < a.length; i += 7) {
            a[i] = 0.5;
            p.amount()[i] = 5_000;
        }
        int resamples = 300;
        long seed = 10;
        CapacityComparison c = p.compare(a, b, resamples, seed).get(0);

        // the same draws, materialised as row lists and ranked afresh
        int n = p.rows().length;
        SplittableRandom random = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        double[] differences = new double[resamples];
        int ahead = 0;
        for (int r = 0; r < resamples; r++) {
            int[] draw = new int[n];
            for (int k = 0; k < n; k++) {
                draw[k] = random.nextInt(n);
            }
            Arrays.sort(draw);
            differences[r] = topSek(p, a, draw) - topSek(p, b, draw);
            if (differences[r] > 0) {
                ahead++;
            }
        }
        Arrays.sort(differences);
        assertThat(c.low()).isCloseTo(CapacityComparison.percentile(differences, 0.025), within(1e-6));
        assertThat(c.high()).isCloseTo(CapacityComparison.percentile(differences, 0.975), within(1e-6));
        assertThat(c.shareAhead()).isEqualTo((double) ahead / resamples);
        assertThat(c.resamples()).isEqualTo(resamples);
    }

    @Test
    void theIntervalCoversNoDifferenceBetweenTwoBlindScorersMostOfTheTime() {
        int periods = 60;
        int covered = 0;
        for (int k = 0; k < periods; k++) {
            Period p = Period.of(2_000, 100 + k);
            CapacityComparison c =
                    p.compare(p.noise(1_000 + k), p.noise(2_000 + k), 400, k).get(0);
            if (c.low() <= 0 && c.high() >= 0) {
                covered++;
            }
        }
        // a 95 % interval; two blind scorers differ only by chance
        assertThat(covered).isGreaterThanOrEqualTo(periods * 85 / 100);
    }

    @Test
    void everyOtherScorerIsComparedOnTheSameDraws() {
        Period p = Period.of(2_000, 11);
        double[] combined = p.noise(12);
        List<ProfileEvaluation.Scorer> others = new ArrayList<>();
        others.add(new ProfileEvaluation.Scorer("first", p.noise(13), false));
        others.add(new ProfileEvaluation.Scorer("same", combined.clone(), false));
        others.add(new ProfileEvaluation.Scorer("oracle", p.oracle(), false));
        List<CapacityComparison> all = CapacityComparison.of(
                new ProfileEvaluation.Scorer("combined", combined, false),
                others,
                p.rows(),
                p.amount(),
                p.incorrect(),
                CAPACITY,
                200,
                14);
        assertThat(all).extracting(CapacityComparison::scorer).containsExactly("first", "same", "oracle");
        assertThat(all.get(1).high()).isZero();
        assertThat(all.get(2).high()).isNegative();
        // one scorer alone gets the same draws as in company
        CapacityComparison alone =
                p.compare(combined, others.get(0).score(), 200, 14).get(0);
        assertThat(alone).usingRecursiveComparison().ignoringFields("scorer").isEqualTo(all.get(0));
    }

    @Test
    void refusesNoDrawsAndNoRows() {
        Period p = Period.of(10, 15);
        assertThatThrownBy(() -> p.compare(p.noise(1), p.noise(2), 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resamples must be >= 1, was 0");
        assertThatThrownBy(() -> CapacityComparison.of(
                        new ProfileEvaluation.Scorer("combined", p.noise(1), false),
                        List.of(),
                        new int[0],
                        p.amount(),
                        p.incorrect(),
                        CAPACITY,
                        10,
                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no test rows to compare the scorers on");
    }

    /**
     * The incorrect SEK a unit finds checking the top share of {@code draw} (rows, repeats allowed,
     * in row order) ranked by score times amount, ties in row order.
     */
    private static double topSek(Period p, double[] score, int[] draw) {
        Integer[] order = new Integer[draw.length];
        for (int i = 0; i < draw.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            double px = score[draw[x]] * Math.max(p.amount()[draw[x]], 1.0);
            double py = score[draw[y]] * Math.max(p.amount()[draw[y]], 1.0);
            int c = Double.compare(py, px);
            return c != 0 ? c : Integer.compare(draw[x], draw[y]);
        });
        int checked = (int) Math.max(1, Math.round(draw.length * CAPACITY));
        double sek = 0;
        for (int k = 0; k < checked; k++) {
            sek += p.incorrect()[draw[order[k]]];
        }
        return sek;
    }
}
