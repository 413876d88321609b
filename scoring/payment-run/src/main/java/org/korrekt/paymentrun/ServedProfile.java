package org.korrekt.paymentrun;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.scoring.ClaimChecks;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelBundleLoader;
import org.korrekt.scoring.server.HistoryLoader;

/**
 * A selection profile as the service serves it ({@code KorrektServer#start}): the newest verified
 * bundle of the profile, loaded on the application schema and, with a person history, on the claim
 * schema too; the claim checks on that history, or the application checks without one.
 *
 * @param bundle the model bundle
 * @param checks the rule checks and the person history they read; a service records every scored
 *     row in it, so services made from one {@code ServedProfile} share that history
 */
public record ServedProfile(ModelBundle bundle, ClaimChecks checks) {

    public ServedProfile {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(checks, "checks");
    }

    /**
     * Loads the bundle {@code profile} is served with under {@code modelsDir} (its recorded champion,
     * else the newest: {@link ModelBundleLoader#loadServed}), and the history log if given.
     *
     * @param historyLog korrekt's history log ({@code korrekt history}), or null for none
     * @param randomControlShare the share drawn for random control, in [0, 0.5]
     * @throws BundleException if the profile has no valid bundle, or one that needs the history
     *     when none is given
     * @throws IOException if the history log cannot be read
     */
    public static ServedProfile load(Path modelsDir, String profile, Path historyLog, double randomControlShare)
            throws BundleException, IOException {
        return load(modelsDir, profile, historyLog, randomControlShare, null);
    }

    /**
     * As {@link #load(Path, String, Path, double)}, serving only a bundle signed with {@code
     * signedBy} (null: no signature is checked), as {@code korrekt serve --bundle-public-key} does.
     */
    public static ServedProfile load(
            Path modelsDir, String profile, Path historyLog, double randomControlShare, PublicKey signedBy)
            throws BundleException, IOException {
        FeatureSchema application = ApplicationFeatures.SCHEMA_V1;
        List<FeatureSchema> schemas =
                historyLog == null ? List.of(application) : List.of(application, ClaimFeatures.SCHEMA);
        ModelBundle bundle = new ModelBundleLoader(schemas, randomControlShare, signedBy)
                .loadServed(modelsDir, profile)
                .champion();
        ClaimChecks checks = historyLog == null
                ? ClaimChecks.applicationOnly()
                : ClaimChecks.withHistory(HistoryLoader.load(historyLog));
        return new ServedProfile(bundle, checks);
    }

    /**
     * A scoring service on this profile.
     *
     * @param uniform draws in [0, 1) for the random control sample (seed it for a reproducible run)
     * @param clock the time of decisions
     */
    public ScoringService service(DoubleSupplier uniform, Clock clock) {
        return new ScoringService(ApplicationFeatures.v1(), bundle, uniform, clock, checks);
    }
}
