/**
 * Assembles the scoring service: database, model bundle, scoring, HTTP. Used by the command line
 * and by tests that start the real service on port 0.
 */
package org.korrekt.scoring.server;
