package org.korrekt.scoring.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.korrekt.scoring.api.ErrorCode;

/**
 * The control units' web UI: static files from the class path folder {@code
 * org/korrekt/scoring/ui/}, flat (no sub-folders), served under a strict Content-Security-Policy.
 */
final class UiFiles {

    private static final String UI_RESOURCES = "/org/korrekt/scoring/ui/";
    private static final java.util.regex.Pattern UI_FILE =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|js|css|svg|png|ico)");
    /** The web UI's policy: everything from this origin, no inline script or style, no framing. */
    private static final String UI_CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Vertx vertx;

    UiFiles(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The web UI's static files, read once from the class path and kept. */
    private final java.util.Map<String, byte[]> uiFiles = new java.util.concurrent.ConcurrentHashMap<>();

    void handle(RoutingContext ctx) {
        ctx.put(ScoringVerticle.ROUTE_KEY, "/ui");
        String path = ctx.request().path();
        String name = path.substring("/ui/".length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        if (!UI_FILE.matcher(name).matches()) {
            ScoringVerticle.sendError(ctx, ErrorCode.NOT_FOUND, "no such resource: " + path, null);
            return;
        }
        String file = name;
        byte[] cached = uiFiles.get(file);
        if (cached != null) {
            sendUi(ctx, file, cached);
            return;
        }
        vertx.<byte[]>executeBlocking(
                        () -> {
                            try (java.io.InputStream in = UiFiles.class.getResourceAsStream(UI_RESOURCES + file)) {
                                return in == null ? null : in.readAllBytes();
                            }
                        },
                        false)
                .onSuccess(bytes -> {
                    if (bytes == null) {
                        ScoringVerticle.sendError(ctx, ErrorCode.NOT_FOUND, "no such resource: " + path, null);
                    } else {
                        uiFiles.put(file, bytes);
                        sendUi(ctx, file, bytes);
                    }
                })
                .onFailure(ctx::fail);
    }

    private static void sendUi(RoutingContext ctx, String file, byte[] bytes) {
        String type =
                switch (file.substring(file.lastIndexOf('.') + 1)) {
                    case "html" -> "text/html; charset=utf-8";
                    case "js" -> "text/javascript; charset=utf-8";
                    case "css" -> "text/css; charset=utf-8";
                    case "svg" -> "image/svg+xml";
                    case "png" -> "image/png";
                    default -> "image/x-icon";
                };
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", type)
                .putHeader("Content-Security-Policy", UI_CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache")
                .end(Buffer.buffer(bytes));
    }
}
