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
 */
public record ModelBundle(
        String profile,
        String version,
        Path directory,
        CompiledModel model,
        DecisionPolicy policy,
        ScoreDistribution scores) {

    /** A bundle with no recorded score distribution. */
    public ModelBundle(String profile, String version, Path directory, CompiledModel model, DecisionPolicy policy) {
        this(profile, version, directory, model, policy, null);
    }

    public ModelBundle {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
    }
}
