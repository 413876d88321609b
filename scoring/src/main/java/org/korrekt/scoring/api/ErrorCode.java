package org.korrekt.scoring.api;

/**
 * Stable error codes of the HTTP API, each with its HTTP status. Clients may rely on the names;
 * they are never renamed or reused.
 */
public enum ErrorCode {
    /** The body is not JSON, or not a single JSON object. */
    MALFORMED_JSON(400),
    /** A required field is absent or null. */
    MISSING_FIELD(400),
    /** A field has the wrong type or format, or appears twice. */
    INVALID_FIELD(400),
    /** A field is well-formed but outside its allowed range. */
    OUT_OF_RANGE(400),
    /** The body has a field the API does not know. */
    UNKNOWN_FIELD(400),
    /** A query parameter is invalid. */
    INVALID_PARAMETER(400),
    /** No valid bearer token. */
    UNAUTHENTICATED(401),
    /** The token is valid but its roles do not allow this. */
    FORBIDDEN(403),
    /** No such resource. */
    NOT_FOUND(404),
    /** The route exists but not with this method. */
    METHOD_NOT_ALLOWED(405),
    /** The request conflicts with the current state (e.g. nothing to roll back to). */
    CONFLICT(409),
    /** The body is larger than the route accepts. */
    PAYLOAD_TOO_LARGE(413),
    /** The body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A model bundle failed verification (checksums, feature schema, fairness gate) and was refused. */
    BUNDLE_REFUSED(422),
    /** The client sent more requests than its rate limit allows; retry after the Retry-After seconds. */
    RATE_LIMITED(429),
    /** The service failed; the log has the details, the response never does. */
    INTERNAL(500),
    /** A dependency (the database) is unavailable; retry later. */
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status this code is sent with. */
    public int httpStatus() {
        return httpStatus;
    }
}
