/**
 * The training side's command line: {@code korrekt generate}, {@code korrekt train}, {@code korrekt
 * history} and {@code korrekt anomaly}.
 */
package org.korrekt.training.cli;
