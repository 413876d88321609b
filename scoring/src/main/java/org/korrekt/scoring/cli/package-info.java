/** The scoring side's command line: {@code korrekt serve}, {@code korrekt demo} and {@code korrekt token}. */
package org.korrekt.scoring.cli;
