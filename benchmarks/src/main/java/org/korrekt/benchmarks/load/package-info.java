/**
 * The HTTP load benchmark: an open-loop load generator (no coordinated omission) that drives
 * {@code POST /v1/score} and the same server's echo route with the same payloads, and the
 * in-process service it loads.
 */
package org.korrekt.benchmarks.load;
