/** The scoring side's command line: {@code korrekt serve} and {@code korrekt demo}. */
package org.korrekt.scoring.cli;
