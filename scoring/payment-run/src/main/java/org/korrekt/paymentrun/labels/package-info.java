/** {@code korrekt export-labels}: investigators' outcomes with the decisions they label, as Parquet for retraining. */
package org.korrekt.paymentrun.labels;
