package org.korrekt.training.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.korrekt.features.model.IsolationForestModel;
import org.korrekt.training.train.BinaryMetrics;

/**
 * Measures how well an isolation forest ranks the positive rows of a labelled table above the
 * others, under one of two published protocols. Stateless.
 */
public final class AnomalyEvaluation {

    /** The share of rows the split protocol trains on. */
    public static final double TRAINING_SHARE = 0.6;

    /** How a forest is fitted and scored. */
    public enum Protocol {
        /**
         * Liu, Ting and Zhou 2008: fit on every row (labels unused) and score every row; run
         * {@code r} uses forest seed {@code seed + r}.
         */
        PAPER,
        /**
         * The PyOD 2019 benchmark: run {@code r} shuffles the rows with a stream derived from seed {@code seed + r}, fits
         * the encoding and a z-score on the first 60% (the test part is the last {@code ceil(0.4 n)}
         * rows, as scikit-learn's {@code train_test_split}), fits the forest (seed {@code seed + r}) on
         * them and scores the other 40%.
         */
        SPLIT
    }

    /** The metrics of one run. */
    public record Run(double rocAuc, double averagePrecision) {}

    /**
     * The runs of one evaluation.
     *
     * @param runs the runs, in seed order
     * @param encodedFeatures the number of features after one-hot encoding
     * @param trainingRows the rows each forest was fitted on (every row under {@link
     *     Protocol#PAPER}, the first 60 % under {@link Protocol#SPLIT})
     */
    public record Result(List<Run> runs, int encodedFeatures, int trainingRows) {

        /** Copies the runs. */
        public Result {
            runs = List.copyOf(runs);
        }

        /**
         * The sub-sample each tree drew: the configured size, or every training row when there are
         * fewer (Liu, Ting and Zhou's {@code psi = min(sampleSize, rows)}).
         */
        public int subSampleSize(IsolationForestConfig forest) {
            return Math.min(forest.sampleSize(), trainingRows);
        }

        /** The mean ROC AUC over runs. */
        public double meanRocAuc() {
            return mean(true);
        }

        /** The sample standard deviation of the ROC AUC over runs (0 for one run). */
        public double sdRocAuc() {
            return sd(true);
        }

        /** The mean average precision (PR AUC) over runs. */
        public double meanAveragePrecision() {
            return mean(false);
        }

        /** The sample standard deviation of the average precision over runs (0 for one run). */
        public double sdAveragePrecision() {
            return sd(false);
        }

        private double mean(boolean roc) {
            double sum = 0;
            for (Run run : runs) {
                sum += roc ? run.rocAuc() : run.averagePrecision();
            }
            return sum / runs.size();
        }

        private double sd(boolean roc) {
            if (runs.size() < 2) {
                return 0;
            }
            double mean = mean(roc);
            double squares = 0;
            for (Run run : runs) {
                double d = (roc ? run.rocAuc() : run.averagePrecision()) - mean;
                squares += d * d;
            }
            return Math.sqrt(squares / (runs.size() - 1));
        }
    }

    private AnomalyEvaluation() {}

    /**
     * Evaluates forests grown as {@code forest} says (its seed is the first run's seed) on {@code
     * table} under {@code protocol}, {@code runs} times.
     */
    public static Result evaluate(LabelledTable table, Protocol protocol, IsolationForestConfig forest, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, was " + runs);
        }
        int n = table.rowCount();
        if (n < 2) {
            throw new IllegalArgumentException("the table needs at least 2 rows, had " + n);
        }
        List<Run> results = new ArrayList<>();
        int encodedFeatures = 0;
        int trainingRows = 0;
        for (int r = 0; r < runs; r++) {
            long seed = forest.seed() + r;
            IsolationForestConfig config = new IsolationForestConfig(forest.trees(), forest.sampleSize(), seed);
            int[] training;
            int[] test;
            if (protocol == Protocol.PAPER) {
                training = identity(n);
                test = training;
            } else {
                int[] shuffled = shuffle(n, seed);
                int testSize = (int) Math.ceil((1 - TRAINING_SHARE) * n - 1e-9);
                int trainingSize = n - testSize;
                training = java.util.Arrays.copyOfRange(shuffled, 0, trainingSize);
                test = java.util.Arrays.copyOfRange(shuffled, trainingSize, n);
            }
            trainingRows = training.length;
            FeatureEncoder encoder = FeatureEncoder.fit(table, training, protocol == Protocol.SPLIT);
            encodedFeatures = encoder.featureNames().size();
            if (encodedFeatures == 0) {
                throw new IllegalArgumentException("the table has no feature columns besides the label");
            }
            IsolationForestModel model = new IsolationForestTrainer(config).fit(encoder.encode(table, training));
            double[][] x = encoder.encode(table, test);
            double[] scores = new double[x.length];
            boolean[] labels = new boolean[x.length];
            for (int i = 0; i < x.length; i++) {
                scores[i] = model.anomalyScore(x[i]);
                labels[i] = table.labels()[test[i]];
            }
            results.add(new Run(BinaryMetrics.rocAuc(scores, labels), BinaryMetrics.averagePrecision(scores, labels)));
        }
        return new Result(results, encodedFeatures, trainingRows);
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    static int[] shuffle(int n, long seed) {
        int[] rows = identity(n);
        // A stream of its own, so the split does not share draws with the forest of the same seed.
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = rows[i];
            rows[i] = rows[j];
            rows[j] = swap;
        }
        return rows;
    }
}
