package org.korrekt.features.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureSchema;

/**
 * Writes the golden artifacts kept under {@code src/test/resources/golden}: one per released
 * artifact format version (1: a logistic regression; 2: a selection profile; 3: a Smile tree
 * ensemble). Beside the format 2 and 3 files a {@code .scores} file pins what they scored when
 * written, on {@link #rows()}: so a change in how an old bundle scores fails a test, not only a
 * change in how it reads. Write a new file only when adding a new format version, never to make a
 * failing test pass; the files of earlier versions stay as they are. From the project root:
 *
 * <pre>
 *   mvn -B -q -pl features test-compile
 *   java -cp features/target/classes:features/target/test-classes \
 *     org.korrekt.features.model.GoldenArtifacts features/src/test/resources/golden
 * </pre>
 */
public final class GoldenArtifacts {

    /** File name of the format-1 logistic-regression golden artifact. */
    public static final String LOGISTIC_REGRESSION_V1 = "logistic-regression-format1.krkt";

    /** File name of the format-2 selection-profile golden artifact. */
    public static final String SELECTION_PROFILE_V2 = "selection-profile-format2.krkt";

    /** File name of the format-3 Smile random-forest golden artifact. */
    public static final String SMILE_FOREST_V3 = "smile-forest-format3.krkt";

    /** Appended to a golden artifact's file name: its pinned scores. */
    public static final String SCORES = ".scores";

    private GoldenArtifacts() {}

    /** The foreign-table schema of the format 2 and 3 golden artifacts: two numeric columns. */
    public static FeatureSchema tableSchema() {
        return new FeatureSchema(
                "table-golden",
                1,
                List.of(
                        new FeatureDefinition(
                                "hours",
                                "hours of care claimed",
                                "hours",
                                "HOURS",
                                "Ovanligt värde i hours",
                                "Unusual value in hours"),
                        new FeatureDefinition(
                                "visits",
                                "visits made",
                                "count",
                                "VISITS",
                                "Ovanligt värde i visits",
                                "Unusual value in visits")));
    }

    /**
     * The model stored in the format-2 golden artifact: every component hand-built, with both
     * tree classes, both default directions and a missing value handled by each component.
     *
     * <pre>
     * trees  tree 0 (positive class): 0: hours &lt; 50 (missing left)   tree 1 (negative class): 5: visits &lt; 10 (missing left)
     *          1: leaf 0.4, cover 30                                        6: leaf 0.1, cover 35
     *          2: visits &lt; 3 (missing right)                             7: leaf -0.3, cover 15
     *          3: leaf -0.2, cover 12;  4: leaf 0.7, cover 8
     * forest tree 0: 0: hours &lt;= 60 (missing right), 1: leaf of 1, 2: visits &lt;= 4 (missing left), 3: leaf of 2, 4: leaf of 1
     *        tree 1: 5: visits &lt;= 0.0 (missing left), 6: leaf of 3, 7: leaf of 1
     * </pre>
     */
    public static SelectionProfileModel selectionProfileV2() {
        FeatureSchema schema = tableSchema();
        String fingerprint = schema.fingerprint();
        LogisticRegressionModel logistic = new LogisticRegressionModel(
                fingerprint,
                schema.names(),
                new double[] {0.75, -0.5},
                new double[] {40, -0.0},
                new double[] {12.5, 3},
                -1.25);
        int leaf = TreeEnsembleModel.LEAF;
        TreeEnsembleModel trees = new TreeEnsembleModel(
                fingerprint,
                schema.names(),
                new int[] {0, 5},
                new byte[] {TreeEnsembleModel.POSITIVE_CLASS, TreeEnsembleModel.NEGATIVE_CLASS},
                new int[] {0, leaf, 1, leaf, leaf, 1, leaf, leaf},
                new float[] {50f, 0f, 3f, 0f, 0f, 10f, 0f, 0f},
                new int[] {1, -1, 3, -1, -1, 6, -1, -1},
                new int[] {2, -1, 4, -1, -1, 7, -1, -1},
                new boolean[] {true, false, false, false, false, true, false, false},
                new float[] {0f, 0.4f, 0f, -0.2f, 0.7f, 0f, 0.1f, -0.3f},
                new float[] {50f, 30f, 20f, 12f, 8f, 50f, 35f, 15f},
                0.25f,
                -0.125f);
        IsolationForestModel forest = new IsolationForestModel(
                2,
                4,
                new int[] {0, 5},
                new int[] {0, -1, 1, -1, -1, 1, -1, -1},
                new double[] {
                    60,
                    IsolationForestModel.averagePathLength(1),
                    4,
                    IsolationForestModel.averagePathLength(2),
                    IsolationForestModel.averagePathLength(1),
                    0.0,
                    IsolationForestModel.averagePathLength(3),
                    IsolationForestModel.averagePathLength(1)
                },
                new int[] {1, -1, 3, -1, -1, 6, -1, -1},
                new int[] {2, -1, 4, -1, -1, 7, -1, -1},
                new boolean[] {false, false, true, false, false, true, false, false});
        return new SelectionProfileModel(
                schema,
                List.of(
                        new SelectionProfileModel.EncodedInput("numeric", "hours", ""),
                        new SelectionProfileModel.EncodedInput("numeric", "visits", "")),
                logistic,
                trees,
                forest,
                "",
                -0.5,
                new double[] {0.8, 0.6, 1.2, 1.5, 0.7},
                Calibration.platt(0.9, -0.35));
    }

    /**
     * The model stored in the format-3 golden artifact, a two-tree Smile random forest.
     *
     * <pre>
     * tree 0 (weight 0.75): 0: hours &lt;= 50, size 10; 1: leaf of 6, 1 positive; 2: leaf of 4, 3 positive
     * tree 1 (weight 0.5):  3: visits &lt;= 0.0, size 10; 4: leaf of 4, 0 positive; 5: hours &lt;= 120, size 6;
     *                       6: leaf of 3, 3 positive; 7: leaf of 3, 1 positive
     * </pre>
     */
    public static SmileForestModel smileForestV3() {
        FeatureSchema schema = tableSchema();
        return SmileForestModel.randomForest(
                schema.fingerprint(),
                schema.names(),
                new int[] {0, 3},
                new double[] {0.75, 0.5},
                new int[] {0, -1, -1, 1, -1, 0, -1, -1},
                new double[] {50, 0, 0, 0.0, 0, 120, 0, 0},
                new int[] {1, -1, -1, 4, -1, 6, -1, -1},
                new int[] {2, -1, -1, 5, -1, 7, -1, -1},
                new int[] {10, 6, 4, 10, 4, 6, 3, 3},
                new double[] {0, 1, 3, 0, 0, 0, 3, 1});
    }

    /**
     * The rows the format 2 and 3 scores are pinned on: every split value, the float and double
     * next to it, missing values, zeros and negative zeros, in every combination of the two
     * features.
     */
    public static List<double[]> rows() {
        double[] hours = {
            Double.NaN,
            -0.0,
            0.0,
            12.5,
            40,
            Math.nextDown(50f),
            50 - 1e-9,
            50,
            50 + 1e-9,
            60,
            Math.nextUp(60.0),
            120,
            1e6
        };
        double[] visits = {Double.NaN, -0.0, 0.0, Math.nextDown(3f), 3, 4, Math.nextUp(4.0), 9.5, 10, 25};
        List<double[]> rows = new ArrayList<>();
        for (double h : hours) {
            for (double v : visits) {
                rows.add(new double[] {h, v});
            }
        }
        return rows;
    }

    /**
     * One line per row of {@link #rows()}: the features, the score and, where {@code model} has
     * them, its per-feature contributions, each as {@link Double#toHexString} (exact).
     */
    static String scores(CompiledModel model, boolean contributions) {
        StringBuilder s = new StringBuilder();
        double[] out = new double[model.featureCount()];
        for (double[] x : rows()) {
            List<String> cells = new ArrayList<>();
            for (double v : x) {
                cells.add(Double.toHexString(v));
            }
            cells.add(Double.toHexString(model.score(x)));
            if (contributions) {
                model.contributions(x, out);
                for (double c : out) {
                    cells.add(Double.toHexString(c));
                }
            }
            s.append(String.join(" ", cells)).append('\n');
        }
        return s.toString();
    }

    /** The model stored in the format-1 golden artifact: fixed, unusual values on purpose. */
    public static LogisticRegressionModel logisticRegressionV1() {
        FeatureSchema schema = ApplicationFeatures.SCHEMA_V1;
        int n = schema.size();
        double[] weights = new double[n];
        double[] means = new double[n];
        double[] scales = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = (i % 2 == 0 ? 1 : -1) * (0.125 * (i + 1)) + 1e-7 * i;
            means[i] = i == 3 ? -0.0 : 0.5 * i;
            scales[i] = 1.0 + i / 3.0;
        }
        return new LogisticRegressionModel(schema.fingerprint(), schema.names(), weights, means, scales, -2.25);
    }

    /** Writes the golden artifacts missing from {@code args[0]}; an existing one is never rewritten. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve(LOGISTIC_REGRESSION_V1))) {
            try (OutputStream out = Files.newOutputStream(dir.resolve(LOGISTIC_REGRESSION_V1))) {
                ModelArtifacts.write(logisticRegressionV1(), ApplicationFeatures.SCHEMA_V1, out);
            }
        }
        if (!Files.exists(dir.resolve(SELECTION_PROFILE_V2))) {
            SelectionProfileModel profile = selectionProfileV2();
            try (OutputStream out = Files.newOutputStream(dir.resolve(SELECTION_PROFILE_V2))) {
                ModelArtifacts.write(profile, out);
            }
            Files.writeString(
                    dir.resolve(SELECTION_PROFILE_V2 + SCORES), scores(profile, true), StandardCharsets.US_ASCII);
        }
        if (!Files.exists(dir.resolve(SMILE_FOREST_V3))) {
            SmileForestModel forest = smileForestV3();
            try (OutputStream out = Files.newOutputStream(dir.resolve(SMILE_FOREST_V3))) {
                ModelArtifacts.write(forest, tableSchema(), out);
            }
            Files.writeString(dir.resolve(SMILE_FOREST_V3 + SCORES), scores(forest, false), StandardCharsets.US_ASCII);
        }
    }
}
