package org.korrekt.scoring.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The registered claims korrekt reads (RFC 7519 section 4.1) and its own {@code roles} and
 * {@code units} (of the roles, only those korrekt knows). Times are seconds since the epoch, {@link #ABSENT} when the claim is missing.
 * Other claims are skipped; a claim of the wrong type, or twice, makes the token malformed.
 */
record Claims(
        String subject,
        String issuer,
        List<String> audience,
        long expiresAt,
        long notBefore,
        long issuedAt,
        Set<Role> roles,
        List<String> units) {

    /** A time claim that is not there. */
    static final long ABSENT = Long.MIN_VALUE;

    /** Latest NumericDate accepted: 9999-12-31T23:59:59Z, which keeps time arithmetic far from overflow. */
    static final long MAX_TIME = 253_402_300_799L;

    static Claims parse(byte[] json) throws JwtException {
        String subject = null;
        String issuer = null;
        List<String> audience = null;
        long expiresAt = ABSENT;
        long notBefore = ABSENT;
        long issuedAt = ABSENT;
        Set<Role> roles = Set.of();
        List<String> units = List.of();
        try (JsonParser parser = Json.object(json)) {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "sub" -> subject = Json.string(parser);
                    case "iss" -> issuer = Json.string(parser);
                    case "aud" ->
                        audience = value == JsonToken.VALUE_STRING ? List.of(parser.getText()) : Json.strings(parser);
                    case "exp" -> expiresAt = time(parser);
                    case "nbf" -> notBefore = time(parser);
                    case "iat" -> issuedAt = time(parser);
                    case "roles" -> roles = Json.roles(parser);
                    case "units" -> units = Json.strings(parser);
                    default -> parser.skipChildren();
                }
            }
            Json.end(parser);
        } catch (IOException e) {
            // Jackson's message may quote the claims: it is not passed on.
            throw new JwtException(JwtException.Reason.MALFORMED, "claims are not a JSON object of the expected types");
        }
        return new Claims(subject, issuer, audience, expiresAt, notBefore, issuedAt, roles, units);
    }

    /** A NumericDate: a JSON number of seconds, fractions allowed (and cut off), from 0 to {@link #MAX_TIME}. */
    private static long time(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() != JsonParser.NumberType.INT
                    && parser.getNumberType() != JsonParser.NumberType.LONG) {
                throw new IOException("time out of range");
            }
            long whole = parser.getLongValue();
            if (whole < 0 || whole > MAX_TIME) {
                throw new IOException("time out of range");
            }
            return whole;
        }
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new IOException("time is not a number");
        }
        double seconds = parser.getDoubleValue();
        if (!(seconds >= 0 && seconds <= MAX_TIME)) {
            throw new IOException("time out of range");
        }
        return (long) seconds;
    }
}
