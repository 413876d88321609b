/**
 * Compiled models: korrekt's own model artifact format and the evaluators that score a feature
 * vector from flat primitive arrays.
 *
 * <p>Training libraries never serve predictions. A trained model is compiled into an artifact
 * (see {@link org.korrekt.features.model.ModelArtifacts}), and tests prove that the compiled
 * model predicts what the source library predicts.
 */
package org.korrekt.features.model;
