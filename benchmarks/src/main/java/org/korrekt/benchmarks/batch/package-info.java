/**
 * Issue 9's batch benchmark: {@code korrekt score} on a Parquet payment run against a plain
 * parquet-java read of the same file.
 */
package org.korrekt.benchmarks.batch;
