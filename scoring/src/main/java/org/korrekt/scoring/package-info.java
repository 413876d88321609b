/**
 * The online side of korrekt: scoring applications into decisions with reasons, and the
 * vocabulary of a decision ({@link org.korrekt.scoring.Decision}, {@link org.korrekt.scoring.Action},
 * {@link org.korrekt.scoring.Band}, {@link org.korrekt.scoring.Reason}).
 *
 * <p>This module never depends on training, Parquet or Hadoop; it reads model bundles through
 * the artifact format in {@code features}.
 */
package org.korrekt.scoring;
