/**
 * Gradient-boosted trees: trained with Tribuo's XGBoost classification trainer, compiled into
 * korrekt's flat-array {@link org.korrekt.features.model.TreeEnsembleModel}, and proven equal to
 * Tribuo's predictions.
 */
package org.korrekt.training.trees;
