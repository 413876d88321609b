/**
 * JMH benchmarks of korrekt's hot path against the libraries a user would otherwise serve models
 * with. Each benchmark first asserts that the compared implementations agree on the same inputs.
 */
package org.korrekt.benchmarks;
