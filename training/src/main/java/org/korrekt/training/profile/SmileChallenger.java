package org.korrekt.training.profile;

import java.util.List;
import java.util.stream.LongStream;
import org.korrekt.features.model.SmileForestModel;
import org.korrekt.training.trees.SmileForestCompiler;
import smile.base.cart.SplitRule;
import smile.classification.GradientTreeBoost;
import smile.classification.RandomForest;
import smile.classification.SoftClassifier;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.math.MathEx;

/**
 * The profile's optional challenger ({@link ProfileDefinition.Challenger}): a Smile 2.6 random
 * forest or gradient-boosted trees, trained on the labelled training rows, compiled into korrekt's
 * {@link SmileForestModel} and checked against Smile's own probabilities.
 *
 * <p>Smile 2.6 cannot train on missing values. A missing value is trained on as {@link
 * Double#MAX_VALUE}: above every present value, so a split between it and a present value sends it
 * right, the way both Smile and the compiled model send {@code NaN} at prediction. The equality
 * check therefore feeds the rows with their {@code NaN}s to both; a difference above 1e-9 stops the
 * training, as a compiled profile that differs from the pipeline does.
 *
 * <p>Smile 2.6 takes no row weights either. Where the components weigh the labelled rows by
 * inverse propensity, the challenger learns from as many rows drawn from them with replacement,
 * each with a chance proportional to its weight (cost-proportionate resampling: Zadrozny, Langford
 * and Abe, "Cost-sensitive learning by cost-proportionate example weighting", ICDM 2003), so that
 * it corrects the selection as they do. With equal weights it learns from the rows themselves.
 *
 * @param settings the profile's challenger settings
 * @param compiled the compiled challenger
 * @param smile the challenger as Smile trained it
 * @param smileSchema the schema of Smile's feature columns, to predict with {@code smile}
 * @param trainingRows the labelled training rows it learnt from (drawn with replacement when resampled)
 * @param resampled whether the rows were drawn by their weights
 * @param maxDifference the largest |compiled - Smile| probability over the checked rows
 * @param rowsChecked the test rows the equality was checked on
 */
record SmileChallenger(
        ProfileDefinition.Challenger settings,
        SmileForestModel compiled,
        SoftClassifier<Tuple> smile,
        StructType smileSchema,
        int trainingRows,
        boolean resampled,
        double maxDifference,
        int rowsChecked) {

    /** The challenger's name in the results and the evaluation. */
    static String scorerName(ProfileDefinition.Challenger settings) {
        return "smile " + settings.kind() + " (challenger)";
    }

    /** The bundle file the compiled challenger is written to. */
    static final String FILE_NAME = "challenger-smile.krkt";

    /**
     * Trains, compiles and checks the challenger.
     *
     * @param labelled the labelled training rows
     * @param weights their weights, as the components learnt them
     * @param check the rows to compare the compiled model with Smile on
     */
    static SmileChallenger train(
            ProfileData data,
            int[] labelled,
            double[] weights,
            int[] check,
            ProfileDefinition.Challenger settings,
            long seed) {
        int[] rows = resample(labelled, weights, seed);
        List<String> names = data.schema().names();
        double[][] x = new double[rows.length][];
        boolean[] y = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double[] row = data.x()[rows[i]].clone();
            for (int f = 0; f < row.length; f++) {
                if (Double.isNaN(row[f])) {
                    row[f] = Double.MAX_VALUE;
                }
            }
            x[i] = row;
            y[i] = data.label()[rows[i]];
        }
        DataFrame frame = SmileForestCompiler.dataFrame(x, y, names);
        SoftClassifier<Tuple> model;
        SmileForestModel compiled;
        if ("random-forest".equals(settings.kind())) {
            int mtry = Math.max(1, (int) Math.floor(Math.sqrt(names.size())));
            RandomForest forest = RandomForest.fit(
                    SmileForestCompiler.formula(),
                    frame,
                    settings.trees(),
                    mtry,
                    SplitRule.GINI,
                    settings.maxDepth(),
                    settings.maxNodes(),
                    settings.nodeSize(),
                    settings.subsample(),
                    null,
                    LongStream.range(seed, seed + settings.trees()));
            model = forest;
            compiled = SmileForestCompiler.compile(forest, names, data.schema().fingerprint());
        } else {
            // gradient boosting draws its subsamples from Smile's global generator
            MathEx.setSeed(seed);
            GradientTreeBoost boosted = GradientTreeBoost.fit(
                    SmileForestCompiler.formula(),
                    frame,
                    settings.trees(),
                    settings.maxDepth(),
                    settings.maxNodes(),
                    settings.nodeSize(),
                    settings.shrinkage(),
                    settings.subsample());
            model = boosted;
            compiled = SmileForestCompiler.compile(boosted, names, data.schema().fingerprint());
        }
        StructType schema = SmileForestCompiler.formula().x(frame).schema();
        double max = 0;
        for (int r : check) {
            double difference = Math.abs(
                    SmileForestCompiler.smileProbability(model, data.x()[r], schema) - compiled.score(data.x()[r]));
            max = difference > max || Double.isNaN(difference) ? difference : max;
        }
        if (!(max <= 1e-9)) {
            throw new IllegalStateException("the compiled Smile " + settings.kind()
                    + " challenger differs from Smile's probability by " + max + " (at most 1e-9 allowed)");
        }
        return new SmileChallenger(settings, compiled, model, schema, rows.length, rows != labelled, max, check.length);
    }

    /**
     * {@code rows.length} rows drawn from {@code rows} with replacement, each with a chance
     * proportional to its weight, in the order drawn; {@code rows} itself when every weight is the
     * same.
     */
    static int[] resample(int[] rows, double[] weights, long seed) {
        boolean equal = true;
        for (double w : weights) {
            equal &= w == weights[0];
        }
        if (equal) {
            return rows;
        }
        double[] cumulative = new double[rows.length];
        double sum = 0;
        for (int i = 0; i < rows.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        int[] drawn = new int[rows.length];
        for (int k = 0; k < drawn.length; k++) {
            int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            // a miss gives -(insertion point) - 1: the first row whose cumulative weight exceeds the draw
            drawn[k] = rows[Math.min(at < 0 ? -at - 1 : at + 1, rows.length - 1)];
        }
        return drawn;
    }

    /** Smile's own probability of {@code x} ({@code NaN} for a missing value). */
    double smileProbability(double[] x) {
        return SmileForestCompiler.smileProbability(smile, x, smileSchema);
    }
}
