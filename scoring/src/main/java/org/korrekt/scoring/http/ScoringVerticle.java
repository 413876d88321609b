package org.korrekt.scoring.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.List;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.model.Checksums;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.api.ResponseEncoder;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.queue.QueueCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the HTTP routes. Handlers decode, call one service class, and encode; database work runs
 * on a worker pool, never on the event loop; every error is mapped to HTTP in {@link #failure}.
 *
 * <pre>
 *   POST /v1/score            score one application (bearer token)
 *   GET  /v1/queues/{unit}    a control unit's open cases, ranked (bearer token)
 *   GET  /health              liveness and database reachability
 *   GET  /metrics             Prometheus metrics
 * </pre>
 */
public final class ScoringVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringVerticle.class);
    private static final String JSON = "application/json";
    private static final String ROUTE_KEY = "korrekt.route";
    private static final int DEFAULT_QUEUE_LIMIT = 50;

    private final HttpConfig config;
    private final ScoringService scoring;
    private final ApplicationRequestDecoder decoder;
    private final DecisionStore store;
    private final Metrics metrics;
    private final byte[] expectedAuthorization;
    private WorkerExecutor database;
    private WorkerExecutor healthCheck;
    private HttpServer server;

    /**
     * Settings of the HTTP layer.
     *
     * @param host the interface to listen on
     * @param port the port, 0 for any free port
     * @param maxBodyBytes the largest accepted request body
     * @param apiToken the bearer token every {@code /v1} request must carry
     * @param databaseThreads worker threads for database calls
     */
    public record HttpConfig(String host, int port, int maxBodyBytes, String apiToken, int databaseThreads) {
        public HttpConfig {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
            }
            if (maxBodyBytes < 1_024) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1024, was " + maxBodyBytes);
            }
            if (apiToken == null || apiToken.length() < 16) {
                throw new IllegalArgumentException("apiToken must have at least 16 characters");
            }
            if (databaseThreads < 1) {
                throw new IllegalArgumentException("databaseThreads must be >= 1, was " + databaseThreads);
            }
        }
    }

    /** Creates the verticle; the collaborators are shared between instances and thread-safe. */
    public ScoringVerticle(
            HttpConfig config,
            ScoringService scoring,
            ApplicationRequestDecoder decoder,
            DecisionStore store,
            Metrics metrics) {
        this.config = config;
        this.scoring = scoring;
        this.decoder = decoder;
        this.store = store;
        this.metrics = metrics;
        this.expectedAuthorization = ("Bearer " + config.apiToken()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Future<?> start() {
        database = vertx.createSharedWorkerExecutor("korrekt-database", config.databaseThreads());
        // Health answers even while scoring has every database thread waiting.
        healthCheck = vertx.createSharedWorkerExecutor("korrekt-health", 1);
        Router router = Router.router(vertx);
        router.route().handler(this::timing);
        router.route("/v1/*").handler(this::authenticate);
        // The media type is checked on its own route, before the body handler, which would decode a form body.
        router.post("/v1/score").handler(this::requireJson);
        router.post("/v1/score")
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(this::score);
        router.get("/v1/queues/:unit").handler(this::queue);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        router.route().failureHandler(this::failure);
        router.errorHandler(
                404,
                ctx -> sendError(
                        ctx,
                        ErrorCode.NOT_FOUND,
                        "no such resource: " + ctx.request().path(),
                        null));
        router.errorHandler(
                405,
                ctx -> sendError(
                        ctx,
                        ErrorCode.METHOD_NOT_ALLOWED,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path(),
                        null));
        return vertx.createHttpServer(
                        new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        if (healthCheck != null) {
            healthCheck.close();
        }
        if (database != null) {
            return database.close();
        }
        return Future.succeededFuture();
    }

    /** The port the server listens on, once started. */
    public int actualPort() {
        return server.actualPort();
    }

    private void timing(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> {
            String route = ctx.get(ROUTE_KEY);
            metrics.request(route != null ? route : "other", ctx.response().getStatusCode(), System.nanoTime() - start);
        });
        ctx.next();
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"korrekt\"");
            sendError(
                    ctx, ErrorCode.UNAUTHENTICATED, "a valid 'Authorization: Bearer <token>' header is required", null);
            return;
        }
        ctx.next();
    }

    private void requireJson(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/v1/score");
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null
                && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
            throw new RequestException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, null, "Content-Type must be application/json");
        }
        ctx.next();
    }

    private void score(RoutingContext ctx) {
        long start = System.nanoTime();
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        ApplicationRequestDecoder.ScoreRequest request = decoder.decodeRequest(body);
        Application application = request.application();
        Decision decision = scoring.score(application, request.childPseudonym());
        metrics.decision(decision.action().name(), decision.opensCase(), System.nanoTime() - start);
        String inputDigest = Checksums.sha256Hex(body);
        String fingerprint = scoring.schema().fingerprint();
        String unit = ScoringService.unitFor(application);
        database.<Void>executeBlocking(
                        () -> {
                            store.record(decision, unit, inputDigest, fingerprint);
                            return null;
                        },
                        false)
                .onSuccess(v -> sendJson(ctx, 200, ResponseEncoder.decision(decision)))
                .onFailure(ctx::fail);
    }

    private void queue(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/v1/queues/{unit}");
        String unit = ctx.pathParam("unit");
        if (Benefit.fromCode(unit) == null || !unit.equals(unit.toLowerCase(java.util.Locale.ROOT))) {
            throw new RequestException(
                    ErrorCode.NOT_FOUND,
                    "unit",
                    "no queue named '" + unit + "'; the queues are one per benefit: " + Benefit.codes());
        }
        int limit = limit(ctx.queryParams().get("limit"));
        database.<List<QueueCase>>executeBlocking(() -> store.openCases(unit, limit), false)
                .onSuccess(cases -> sendJson(ctx, 200, ResponseEncoder.queue(unit, cases)))
                .onFailure(ctx::fail);
    }

    private void health(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/health");
        ModelBundle bundle = scoring.bundle();
        healthCheck.executeBlocking(store::isReachable, false).onComplete(result -> {
            boolean up = result.succeeded() && result.result();
            String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"database\":\"" + (up ? "UP" : "DOWN")
                    + "\",\"profile\":\"" + bundle.profile() + "\",\"modelVersion\":\"" + bundle.version() + "\"}";
            sendJson(ctx, up ? 200 : 503, body.getBytes(StandardCharsets.UTF_8));
        });
    }

    private void metrics(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/metrics");
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.render());
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_QUEUE_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= DecisionStore.MAX_LIST) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RequestException(
                ErrorCode.INVALID_PARAMETER,
                "limit",
                "limit must be a whole number from 1 to " + DecisionStore.MAX_LIST + ", was '" + value + "'");
    }

    /** The one place where failures become HTTP responses. */
    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof RequestException e) {
            sendError(ctx, e.code(), e.getMessage(), e.field());
        } else if (ctx.statusCode() == 413) {
            sendError(
                    ctx,
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the request body is larger than " + config.maxBodyBytes() + " bytes",
                    null);
        } else if (failure instanceof SQLException e && isUnavailable(e)) {
            LOG.error(
                    "Database unavailable on {} {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    failure);
            sendError(
                    ctx, ErrorCode.UNAVAILABLE, "the database is unavailable; nothing was recorded, retry later", null);
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            sendError(
                    ctx,
                    ctx.statusCode() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.MALFORMED_JSON,
                    "the request cannot be processed (HTTP " + ctx.statusCode() + ")",
                    null);
        } else {
            LOG.error(
                    "Internal failure on {} {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    failure);
            sendError(ctx, ErrorCode.INTERNAL, "internal error; the service log has the details", null);
        }
    }

    /** Connection failures (SQLSTATE class 08, pool time-outs) are worth a retry; other SQL errors are bugs. */
    private static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof java.sql.SQLTransientConnectionException || (state != null && state.startsWith("08"));
    }

    private static void sendError(RoutingContext ctx, ErrorCode code, String message, String field) {
        sendJson(ctx, code.httpStatus(), ResponseEncoder.error(code, message, field));
    }

    private static void sendJson(RoutingContext ctx, int status, byte[] body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(Buffer.buffer(body));
    }
}
