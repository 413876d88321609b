/**
 * The batch side of korrekt: synthetic claims, Parquet tables on local disk or HDFS, training
 * selection profiles, and writing versioned model bundles for the scoring service.
 */
package org.korrekt.training;
