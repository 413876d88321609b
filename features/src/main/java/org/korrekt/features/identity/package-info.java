/**
 * Identity handling at the boundary: personal identity numbers (personnummer and
 * samordningsnummer) are validated and replaced by a keyed pseudonym before anything else sees
 * them. No raw identity number is stored or logged by korrekt.
 */
package org.korrekt.features.identity;
