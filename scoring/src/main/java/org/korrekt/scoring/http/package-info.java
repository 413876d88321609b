/**
 * The HTTP layer: the verticle that wires routes, limits and worker pools, thin handlers that
 * decode, call one service class and encode, the one place errors map to HTTP, and the
 * Prometheus metrics.
 */
package org.korrekt.scoring.http;
