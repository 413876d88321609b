/**
 * Structured logs: an SLF4J provider that writes one JSON object a line to standard error
 * ({@code ts}, {@code level}, {@code logger}, {@code thread}, {@code msg}, the event's key-value
 * pairs, and {@code error} with the exception's type, message and stack), so that a log shipper
 * can index every field. The level is {@code KORREKT_LOG_LEVEL} (default {@code info}).
 */
package org.korrekt.scoring.log;
