/**
 * The HTTP API's wire format: decoding requests with Jackson's streaming parser (no tree), encoding
 * responses, and the stable error codes every error response carries.
 */
package org.korrekt.scoring.api;
