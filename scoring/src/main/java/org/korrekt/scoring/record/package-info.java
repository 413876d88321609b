/**
 * The durable records: every decision is buffered, written to PostgreSQL in batches off the request
 * path, and spilled to a local journal while the database is unavailable, then replayed; every
 * change of a champion or a shadow is recorded before it takes effect ({@link
 * org.korrekt.scoring.record.ModelChanges}).
 */
package org.korrekt.scoring.record;
