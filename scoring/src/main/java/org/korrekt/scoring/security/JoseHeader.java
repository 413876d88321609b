package org.korrekt.scoring.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The JOSE header of a JWS: only {@code alg} and {@code kid} matter. {@code jku}, {@code x5u},
 * {@code jwk} and the like are ignored (keys come from configuration only); {@code crit} is
 * refused, since korrekt understands no extension.
 */
record JoseHeader(String alg, String kid) {

    static JoseHeader parse(byte[] json) throws JwtException {
        String alg = null;
        String kid = null;
        try (JsonParser parser = Json.object(json)) {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "alg" -> alg = Json.string(parser);
                    case "kid" -> kid = Json.string(parser);
                    case "crit" -> throw new JwtException(JwtException.Reason.MALFORMED, "critical header extension");
                    default -> parser.skipChildren();
                }
            }
            Json.end(parser);
        } catch (IOException e) {
            // Jackson's message may quote the header: it is not passed on.
            throw new JwtException(JwtException.Reason.MALFORMED, "header is not a JSON object");
        }
        if (alg == null) {
            throw new JwtException(JwtException.Reason.MALFORMED, "header without alg");
        }
        return new JoseHeader(alg, kid);
    }
}
