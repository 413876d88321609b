/**
 * Unsupervised anomaly detection with korrekt's own isolation forest (Liu, Ting and Zhou, ICDM
 * 2008): the trainer that grows forests into {@link org.korrekt.features.model.IsolationForestModel},
 * a straightforward reference implementation with node objects that the compiled forest is proved
 * equal to, and the evaluation protocols behind {@code korrekt anomaly}.
 */
package org.korrekt.training.anomaly;
