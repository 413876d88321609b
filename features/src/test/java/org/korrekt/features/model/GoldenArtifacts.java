package org.korrekt.features.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.FeatureSchema;

/**
 * Writes the golden artifacts kept under {@code src/test/resources/golden}: one per released
 * artifact format version. Write a new file only when adding a new format version, never to make
 * a failing test pass; the files of earlier versions stay as they are. From the project root:
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

    private GoldenArtifacts() {}

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

    /** Writes the golden artifacts into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve(LOGISTIC_REGRESSION_V1))) {
            ModelArtifacts.write(logisticRegressionV1(), ApplicationFeatures.SCHEMA_V1, out);
        }
    }
}
