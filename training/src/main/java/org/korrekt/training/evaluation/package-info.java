/**
 * How good and how fair a selection is: metrics of a scorer on the test period ({@link
 * org.korrekt.training.evaluation.ScorerEvaluation}), the fairness audit of any selection per
 * group ({@link org.korrekt.training.evaluation.FairnessAudit}) and the gate that refuses a profile
 * whose selection is out of bounds ({@link org.korrekt.training.evaluation.FairnessGate}).
 */
package org.korrekt.training.evaluation;
