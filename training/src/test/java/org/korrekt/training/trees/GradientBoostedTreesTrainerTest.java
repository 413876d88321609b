package org.korrekt.training.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.korrekt.features.model.TreeEnsembleModel;

/**
 * The trainer's inputs, its use of sample weights, and (opt-in) its training time on 100,000 rows.
 */
class GradientBoostedTreesTrainerTest {

    private static final String FINGERPRINT = "a".repeat(64);
    private static final long SEED = 23;

    @Test
    void sampleWeightsChangeTheModel() {
        System.out.println("sampleWeightsChangeTheModel seed " + SEED);
        List<String> names = SyntheticTreeData.names(6);
        SyntheticTreeData data = SyntheticTreeData.generate(3_000, 6, SEED);
        GradientBoostedTreesTrainer trainer = new GradientBoostedTreesTrainer(
                TreeHyperparameters.defaults().withTrees(30).withThreads(1));
        double[] unit = new double[data.y.length];
        Arrays.fill(unit, 1.0);
        double[] positivesHeavy = new double[data.y.length];
        for (int i = 0; i < positivesHeavy.length; i++) {
            positivesHeavy[i] = data.y[i] ? 5.0 : 1.0;
        }
        TreeEnsembleModel plain =
                trainer.train(data.x, data.y, unit, names, FINGERPRINT).compiled();
        TreeEnsembleModel weighted = trainer.train(data.x, data.y, positivesHeavy, names, FINGERPRINT)
                .compiled();
        double plainMean = 0;
        double weightedMean = 0;
        for (double[] x : data.x) {
            plainMean += plain.score(x) / data.x.length;
            weightedMean += weighted.score(x) / data.x.length;
        }
        System.out.printf("mean score: unit weights %.4f, positives x5 %.4f%n", plainMean, weightedMean);
        // Weighting positives five times shifts the fitted probabilities up markedly.
        assertThat(weightedMean).isGreaterThan(plainMean + 0.1);
    }

    @Test
    void trainingIsDeterministicForASeed() {
        List<String> names = SyntheticTreeData.names(6);
        SyntheticTreeData data = SyntheticTreeData.generate(2_000, 6, SEED);
        GradientBoostedTreesTrainer trainer = new GradientBoostedTreesTrainer(
                TreeHyperparameters.defaults().withTrees(20).withThreads(1));
        TreeEnsembleModel first =
                trainer.train(data.x, data.y, data.weights, names, FINGERPRINT).compiled();
        TreeEnsembleModel second =
                trainer.train(data.x, data.y, data.weights, names, FINGERPRINT).compiled();
        assertThat(second).isEqualTo(first);
        assertThat(first.treeCount()).as("one tree per class per round").isEqualTo(40);
        assertThat(first.maxDepth()).isLessThanOrEqualTo(TreeHyperparameters.DEFAULT_MAX_DEPTH);
    }

    @Test
    void refusesRowsItCannotTrainOn() {
        List<String> names = List.of("x0", "x1");
        GradientBoostedTreesTrainer trainer =
                new GradientBoostedTreesTrainer(TreeHyperparameters.defaults().withTrees(1));
        double[][] x = {{1, 2}, {Double.NaN, Double.NaN}, {0, 1}};
        boolean[] y = {true, false, false};
        assertThatThrownBy(() -> trainer.train(x, y, new double[] {1, 1, 1}, names, FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1 has every feature missing; Tribuo cannot represent an empty example");
        double[][] ok = {{1, 2}, {3, 4}, {0, 1}};
        assertThatThrownBy(() -> trainer.train(ok, y, new double[] {1, -1, 1}, names, FINGERPRINT))
                .hasMessage("weight of row 1 must be finite and >= 0, was -1.0");
        assertThatThrownBy(() -> trainer.train(ok, new boolean[3], new double[] {1, 1, 1}, names, FINGERPRINT))
                .hasMessageContaining("only one class");
        assertThatThrownBy(() -> trainer.train(ok, y, new double[] {1, 1}, names, FINGERPRINT))
                .hasMessage("x, y and weights must have one entry per row, had 3, 3 and 2");
        assertThatThrownBy(() -> trainer.train(ok, y, new double[] {1, 1, 1}, List.of("x0", "x0"), FINGERPRINT))
                .hasMessageContaining("distinct");
    }

    @Test
    void hyperparametersNameTheBrokenValue() {
        TreeHyperparameters d = TreeHyperparameters.defaults();
        assertThat(d.trees()).isEqualTo(200);
        assertThat(d.maxDepth()).isEqualTo(4);
        assertThat(d.eta()).isEqualTo(0.1);
        assertThatThrownBy(() -> d.withMaxDepth(0)).hasMessage("maxDepth must be in [1, 16], was 0");
        assertThatThrownBy(() -> d.withTrees(0)).hasMessage("trees must be in [1, 10000], was 0");
        assertThatThrownBy(() -> new TreeHyperparameters(10, 4, 0.0, 1, 1, 1, 1, 1, 2))
                .hasMessage("eta must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> new TreeHyperparameters(10, 4, 0.1, 1, 1.5, 1, 1, 1, 2))
                .hasMessage("colsampleByTree must be in (0, 1], was 1.5");
    }

    /**
     * Training time on 100,000 rows x 25 features with the default hyperparameters (200 rounds of
     * depth-4 trees, two threads). Opt-in, as it takes seconds on an idle machine:
     * {@code mvn -B -o -pl features,training -am test -Dtest=GradientBoostedTreesTrainerTest
     * -Dsurefire.failIfNoSpecifiedTests=false -Dkorrekt.trees.timing=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "korrekt.trees.timing", matches = "true")
    void trainsOneHundredThousandRowsInSeconds() {
        int rows = 100_000;
        int features = 25;
        List<String> names = SyntheticTreeData.names(features);
        SyntheticTreeData data = SyntheticTreeData.generate(rows, features, SEED);
        TreeHyperparameters d = TreeHyperparameters.defaults();
        int threads = Integer.getInteger("korrekt.trees.threads", d.threads());
        GradientBoostedTreesTrainer trainer = new GradientBoostedTreesTrainer(new TreeHyperparameters(
                d.trees(),
                d.maxDepth(),
                d.eta(),
                d.subsample(),
                d.colsampleByTree(),
                d.minChildWeight(),
                d.lambda(),
                d.seed(),
                threads));
        long start = System.nanoTime();
        TrainedTreeEnsemble trained = trainer.train(data.x, data.y, data.weights, names, FINGERPRINT);
        double seconds = (System.nanoTime() - start) / 1e9;
        TreeEnsembleModel compiled = trained.compiled();
        long scoreStart = System.nanoTime();
        double sink = 0;
        for (double[] x : data.x) {
            sink += compiled.score(x);
        }
        double scoreMicros = (System.nanoTime() - scoreStart) / 1e3 / rows;
        double[] phi = new double[features];
        long shapStart = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            compiled.contributions(data.x[i], phi);
        }
        double shapMicros = (System.nanoTime() - shapStart) / 1e3 / 10_000;
        System.out.printf(
                "trained %d rows x %d features, %d trees (%d nodes), %d threads, in %.1f s (Tribuo dataset + XGBoost + compile);"
                        + " score %.2f us/row, contributions %.1f us/row (cold JIT), sink %.1f%n",
                rows,
                features,
                compiled.treeCount(),
                compiled.nodeCount(),
                threads,
                seconds,
                scoreMicros,
                shapMicros,
                sink);
        assertThat(seconds).isLessThan(60);
    }
}
