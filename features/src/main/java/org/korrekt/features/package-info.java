/**
 * The shared contract between training and scoring: the domain records, the feature schema and
 * its fingerprint, feature extraction into a primitive {@code double[]}, and the vocabulary for
 * compiled models.
 *
 * <p>Nothing in this module knows about HTTP, Parquet, Hadoop or a training library. Training
 * and scoring both extract features through {@link org.korrekt.features.FeatureExtractor}, so a
 * feature means the same thing when a model is fitted and when an application is scored.
 */
package org.korrekt.features;
