/**
 * Claims tables in Parquet, written and read through parquet-java with the shaded Hadoop client,
 * so that {@code hdfs://} paths work through the same code as local files.
 */
package org.korrekt.training.data;
