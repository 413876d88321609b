/**
 * The training side's command line: {@code korrekt generate}, {@code korrekt train}, {@code korrekt
 * history}, {@code korrekt anomaly} and {@code korrekt compare}.
 */
package org.korrekt.training.cli;
