/**
 * {@code korrekt score}: a payment run scored offline. A table of upcoming payments or
 * applications (Parquet or CSV) is read row by row, each row is scored by the scoring side's own
 * {@link org.korrekt.scoring.ScoringService} with the served selection profile, and written with
 * its decision to an output table; a {@link org.korrekt.paymentrun.RunSummary} counts the actions.
 *
 * <p>The vocabulary lives here: the {@link org.korrekt.paymentrun.InputColumn input} and {@link
 * org.korrekt.paymentrun.OutputColumn output} columns, a {@link org.korrekt.paymentrun.PaymentRow
 * row} and its {@link org.korrekt.paymentrun.ScoredRow decision}, the {@link
 * org.korrekt.paymentrun.RowSource source} and {@link org.korrekt.paymentrun.ScoredRowSink sink}
 * interfaces and the {@link org.korrekt.paymentrun.PaymentRunScorer scorer}. The file formats are
 * in {@code io}, the command in {@code cli}.
 *
 * <p>This module exists so that the service ({@code scoring}) keeps its rule of never loading
 * Parquet or Hadoop; it never depends on {@code training}.
 */
package org.korrekt.paymentrun;
