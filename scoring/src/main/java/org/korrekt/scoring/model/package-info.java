/**
 * Model bundles on the scoring side: finding, verifying and loading the bundles that training
 * writes. A bundle whose files fail their checksums, or whose feature-schema fingerprint differs
 * from the running feature code, is refused.
 */
package org.korrekt.scoring.model;
