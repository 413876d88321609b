/**
 * Issue 9's training benchmark: {@code korrekt train}'s pipeline by stage against a bare XGBoost4J
 * fit on the same matrix.
 */
package org.korrekt.benchmarks.training;
