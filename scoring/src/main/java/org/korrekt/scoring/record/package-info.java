/**
 * The durable decision record: every decision is buffered, written to PostgreSQL in batches off the
 * request path, and spilled to a local journal while the database is unavailable, then replayed.
 */
package org.korrekt.scoring.record;
