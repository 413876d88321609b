/**
 * PostgreSQL for the scoring service: an external server given by JDBC URL, or korrekt's embedded
 * server (real PostgreSQL binaries from Maven Central, data under the working folder), with the
 * schema migrated by Flyway.
 */
package org.korrekt.scoring.db;
