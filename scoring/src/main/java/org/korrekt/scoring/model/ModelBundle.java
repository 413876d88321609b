package org.korrekt.scoring.model;

import java.nio.file.Path;
import java.util.Objects;
import org.korrekt.features.model.CompiledModel;
import org.korrekt.features.model.ScoreDistribution;
import org.korrekt.scoring.DecisionPolicy;

/**
 * A verified, loaded model bundle.
 *
 * @param profile the selection profile's name
 * @param version the bundle's version
 * @param directory where it was loaded from
 * @param model the compiled model
 * @param policy the profile's decision policy for this bundle (see {@link org.korrekt.scoring.PolicyFile})
 * @param scores the test-period score distribution recorded with the model, or null for bundles
 *     written before it was recorded
 * @param provenance what made the bundle and its policy fit to serve, as the loader found it
 */
public record ModelBundle(
        String profile,
        String version,
        Path directory,
        CompiledModel model,
        DecisionPolicy policy,
        ScoreDistribution scores,
        Provenance provenance) {

    /**
     * What made a bundle and its policy fit to serve, kept with each change of the champion in the
     * database's {@code model_change} rows.
     *
     * @param gate the fairness gate's verdict in the manifest ({@code PASS}, {@code FAIL}, {@code
     *     NOT_EVALUATED}), or null when not known
     * @param override the recorded decision to serve a bundle that failed its gate, or null
     * @param signaturesChecked whether the loader checked the bundle's (and policy's) signatures
     * @param policySource where the policy was read from: a file, {@code built-in ...}, or {@code none}
     * @param policySha256 the SHA-256 of the policy file's bytes as read, or null for a built-in default or none
     */
    public record Provenance(
            String gate,
            org.korrekt.features.model.GateOverride override,
            boolean signaturesChecked,
            String policySource,
            String policySha256) {

        /** Not known: a bundle made in a test, not loaded from a folder. */
        public static final Provenance UNKNOWN = new Provenance(null, null, false, null, null);
    }

    /** A bundle with no recorded score distribution. */
    public ModelBundle(String profile, String version, Path directory, CompiledModel model, DecisionPolicy policy) {
        this(profile, version, directory, model, policy, null);
    }

    /** A bundle whose provenance is not known (made in a test, not loaded). */
    public ModelBundle(
            String profile,
            String version,
            Path directory,
            CompiledModel model,
            DecisionPolicy policy,
            ScoreDistribution scores) {
        this(profile, version, directory, model, policy, scores, Provenance.UNKNOWN);
    }

    public ModelBundle {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
    }
}
