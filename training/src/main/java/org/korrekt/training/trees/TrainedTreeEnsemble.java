package org.korrekt.training.trees;

import java.util.Objects;
import org.korrekt.features.model.TreeEnsembleModel;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * A trained ensemble in both forms: Tribuo's model (the reference, with its provenance) and the
 * compiled model that scoring loads.
 *
 * @param tribuoModel the model as Tribuo trained it
 * @param compiled the same model compiled into flat arrays
 * @param schemaFingerprint the fingerprint of the feature schema both were trained on
 */
public record TrainedTreeEnsemble(
        XGBoostModel<Label> tribuoModel, TreeEnsembleModel compiled, String schemaFingerprint) {

    public TrainedTreeEnsemble {
        Objects.requireNonNull(tribuoModel, "tribuoModel");
        Objects.requireNonNull(compiled, "compiled");
        if (!compiled.schemaFingerprint().equals(schemaFingerprint)) {
            throw new IllegalArgumentException("compiled model's schema fingerprint " + compiled.schemaFingerprint()
                    + " differs from " + schemaFingerprint);
        }
    }
}
