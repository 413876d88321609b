package org.korrekt.scoring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.features.model.ScoreDistribution;

/**
 * Hand-made models and bundles for scoring tests, written through the shared bundle format in
 * {@code features}, so scoring is tested without depending on training.
 */
public final class TestModels {

    /** A pseudonym in the service's format. */
    public static final String PERSON = "p-0123456789abcdef0123456789abcdef";

    private TestModels() {}

    /**
     * A model that suspects late and paper applications: log-odds = -3 + 0.04 * lag days + 1.5 * paper,
     * with every other feature weighted zero (means 0, scales 1).
     */
    public static LogisticRegressionModel lateClaimModel() {
        FeatureSchema schema = ApplicationFeatures.SCHEMA_V1;
        int n = schema.size();
        double[] weights = new double[n];
        double[] means = new double[n];
        double[] scales = new double[n];
        java.util.Arrays.fill(scales, 1.0);
        weights[schema.indexOf("submission_lag_days")] = 0.04;
        weights[schema.indexOf("paper_channel")] = 1.5;
        weights[schema.indexOf("claimed_day_share")] = 0.5;
        weights[schema.indexOf("declared_income_sek_log")] = -0.01;
        return new LogisticRegressionModel(schema.fingerprint(), schema.names(), weights, means, scales, -3.0);
    }

    /** The policy the test bundles carry: extra questions at 0.2, manual check at 0.5, hold at 0.9. */
    public static DecisionPolicy policy(double randomControlShare) {
        return new DecisionPolicy(0.2, 0.5, 0.9, randomControlShare);
    }

    /** A test-period score distribution for the test bundles: 10,000 seeded scores, mostly low. */
    public static ScoreDistribution trainingScores() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        double[] scores = new double[10_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.pow(random.nextDouble(), 3);
        }
        return ScoreDistribution.of(scores);
    }

    /** An application submitted {@code lagDays} after its five-day period. */
    public static Application application(String id, int lagDays, Channel channel) {
        LocalDate end = LocalDate.of(2025, 2, 7);
        return new Application(
                id, PERSON, Benefit.TFP, channel, end.plusDays(lagDays), end.minusDays(4), end, 5, 4_000, 30_000);
    }

    /** Writes a bundle of {@code model} as {@code modelsDir/profile/version}, with {@link #policy}'s thresholds. */
    public static Path writeBundle(Path modelsDir, String profile, String version, LogisticRegressionModel model)
            throws IOException {
        return writeBundle(modelsDir, profile, version, model, ApplicationFeatures.SCHEMA_V1);
    }

    /** As {@link #writeBundle(Path, String, String, LogisticRegressionModel)}, for a model of {@code schema}. */
    public static Path writeBundle(
            Path modelsDir, String profile, String version, LogisticRegressionModel model, FeatureSchema schema)
            throws IOException {
        Path dir = modelsDir.resolve(profile).resolve(version);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve(ModelArtifacts.FILE_NAME))) {
            ModelArtifacts.write(model, schema, out);
        }
        DecisionPolicy policy = policy(0);
        BundleManifest manifest = BundleManifest.of(
                        profile,
                        version,
                        Instant.parse("2026-01-01T00:00:00Z"),
                        BundleManifest.LOGISTIC_REGRESSION,
                        schema,
                        new DecisionThresholds(policy.extraQuestions(), policy.manualCheck(), policy.holdPayment()),
                        Map.of(ModelArtifacts.FILE_NAME, Checksums.sha256Hex(dir.resolve(ModelArtifacts.FILE_NAME))))
                .withScores(trainingScores());
        try (OutputStream out = Files.newOutputStream(dir.resolve(BundleManifest.FILE_NAME))) {
            manifest.write(out);
        }
        return dir;
    }

    /** The same model with its intercept raised by {@code delta}: every score differs from the original's. */
    public static LogisticRegressionModel shifted(LogisticRegressionModel m, double delta) {
        return new LogisticRegressionModel(
                ApplicationFeatures.SCHEMA_V1.fingerprint(),
                ApplicationFeatures.SCHEMA_V1.names(),
                m.weights(),
                m.means(),
                m.scales(),
                m.bias() + delta);
    }
}
