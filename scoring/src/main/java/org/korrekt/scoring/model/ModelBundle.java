package org.korrekt.scoring.model;

import java.nio.file.Path;
import java.util.Objects;
import org.korrekt.features.model.CompiledModel;
import org.korrekt.scoring.DecisionPolicy;

/**
 * A verified, loaded model bundle.
 *
 * @param profile the selection profile's name
 * @param version the bundle's version
 * @param directory where it was loaded from
 * @param model the compiled model
 * @param policy the decision thresholds recorded with the model, with the service's random control share
 */
public record ModelBundle(String profile, String version, Path directory, CompiledModel model, DecisionPolicy policy) {

    public ModelBundle {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
    }
}
