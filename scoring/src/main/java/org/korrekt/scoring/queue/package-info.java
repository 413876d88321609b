/**
 * Decision records and control units' work queues in PostgreSQL. Plain JDBC; every method
 * blocks, so the HTTP layer calls them on worker threads, never on an event loop.
 */
package org.korrekt.scoring.queue;
