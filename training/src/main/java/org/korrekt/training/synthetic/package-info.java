/**
 * The synthetic claims history: persons and applications with a ground-truth layer (which
 * payments are incorrect, by which mechanism, for how much) and an observed layer (which cases
 * a control looked at). Deterministic for a given seed.
 */
package org.korrekt.training.synthetic;
