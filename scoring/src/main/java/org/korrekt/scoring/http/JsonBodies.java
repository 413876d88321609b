package org.korrekt.scoring.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;

/**
 * The checks of a request body before and after it is read: JSON, in UTF-8, uncompressed. The
 * routes that take a body register {@link #requireJson} before Vert.x's body handler and {@link
 * #checkBody} after it; a refusal is a {@link RequestException} that the router's failure handler
 * answers.
 */
final class JsonBodies {

    /** Set on a request that declared no {@code Content-Type}: its body, if any, is refused once read. */
    private static final String UNTYPED_KEY = "korrekt.untyped";

    private JsonBodies() {}

    /**
     * Refuses a body that is not declared {@code application/json} in UTF-8 (a {@code charset}
     * parameter may only say {@code utf-8}), or that is compressed ({@code Content-Encoding}): 415. A
     * request without a body, as a case's release, may leave the header out.
     */
    static void requireJson(RoutingContext ctx, String route) {
        ctx.put(ScoringVerticle.ROUTE_KEY, route);
        String encoding = ctx.request().getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            // a compressed body would otherwise be read as malformed JSON
            throw new RequestException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    null,
                    "Content-Encoding " + encoding.strip() + " is not accepted: send the body uncompressed");
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null) {
            String length = ctx.request().getHeader("Content-Length");
            boolean body = length == null
                    ? ctx.request().getHeader("Transfer-Encoding") != null
                    : !length.trim().equals("0");
            if (body) {
                throw new RequestException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, null, "a body needs Content-Type: application/json");
            }
            // HTTP/2 may send a body with neither header: checkBody looks once it is read
            ctx.put(UNTYPED_KEY, Boolean.TRUE);
        } else if (!isJsonUtf8(contentType)) {
            throw new RequestException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, null, "Content-Type must be application/json (charset utf-8)");
        }
        ctx.next();
    }

    /**
     * After the body handler: refuses a body that came without {@code Content-Type}, which {@link
     * #requireJson} could not see coming (an HTTP/2 request needs neither {@code Content-Length} nor
     * {@code Transfer-Encoding}): 415; and a body in UTF-16 or UTF-32, declared UTF-8 or not: 400
     * {@code MALFORMED_JSON}. JSON between systems is UTF-8 (RFC 8259, section 8.1), and the parser
     * would otherwise read such a body as if it were, while its digest and an idempotent retry's
     * comparison read other bytes than the same request in UTF-8. A JSON text begins with an ASCII
     * character, so a zero among its first two bytes, or a UTF-16 byte order mark, shows the
     * encoding. A UTF-8 byte order mark is ignored, as RFC 8259 lets a parser do.
     */
    static void checkBody(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        int length = body == null ? 0 : body.length();
        if (ctx.get(UNTYPED_KEY) != null && length > 0) {
            throw new RequestException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, null, "a body needs Content-Type: application/json");
        }
        if (length >= 2) {
            int first = body.getUnsignedByte(0);
            int second = body.getUnsignedByte(1);
            if (first == 0 || second == 0 || (first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE)) {
                throw new RequestException(
                        ErrorCode.MALFORMED_JSON,
                        null,
                        "the body must be UTF-8 (RFC 8259): this one is in UTF-16 or UTF-32");
            }
        }
        ctx.next();
    }

    /** Whether {@code contentType} is {@code application/json}, with no parameter but a UTF-8 charset. */
    static boolean isJsonUtf8(String contentType) {
        String[] parts = contentType.split(";", -1);
        if (!parts[0].trim().equalsIgnoreCase(ScoringVerticle.JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.isEmpty()) {
                continue; // application/json;charset=utf-8; (a trailing semicolon)
            }
            int eq = parameter.indexOf('=');
            if (eq < 0 || !parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                return false;
            }
            String charset = parameter.substring(eq + 1).trim().replace("\"", "");
            if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                return false;
            }
        }
        return true;
    }
}
