package org.korrekt.scoring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.ModelArtifacts;

/**
 * Hand-made models and bundles for scoring tests, written in the documented bundle format
 * (docs/architecture.md), so scoring is tested without depending on training.
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

    /** An application submitted {@code lagDays} after its five-day period. */
    public static Application application(String id, int lagDays, Channel channel) {
        LocalDate end = LocalDate.of(2025, 2, 7);
        return new Application(
                id, PERSON, Benefit.TFP, channel, end.plusDays(lagDays), end.minusDays(4), end, 5, 4_000, 30_000);
    }

    /** Writes a bundle of {@code model} as {@code modelsDir/profile/version}. */
    public static Path writeBundle(Path modelsDir, String profile, String version, LogisticRegressionModel model)
            throws IOException {
        Path dir = modelsDir.resolve(profile).resolve(version);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve(ModelArtifacts.FILE_NAME))) {
            ModelArtifacts.write(model, ApplicationFeatures.SCHEMA_V1, out);
        }
        DecisionPolicy policy = policy(0);
        String manifest = "{\"formatVersion\":1,\"profile\":\"" + profile + "\",\"version\":\"" + version
                + "\",\"modelKind\":\"logistic-regression\",\"policy\":{\"extraQuestions\":" + policy.extraQuestions()
                + ",\"manualCheck\":" + policy.manualCheck() + ",\"holdPayment\":" + policy.holdPayment()
                + "},\"sha256\":{\"model.krkt\":\"" + Digests.sha256Hex(dir.resolve(ModelArtifacts.FILE_NAME)) + "\"}}";
        Files.writeString(dir.resolve("bundle.json"), manifest, StandardCharsets.UTF_8);
        return dir;
    }
}
