/** The training side's command line: {@code korrekt generate} and {@code korrekt train}. */
package org.korrekt.training.cli;
