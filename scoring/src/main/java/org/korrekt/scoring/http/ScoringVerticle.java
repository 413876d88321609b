package org.korrekt.scoring.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.api.ResponseEncoder;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.RequestLocks;
import org.korrekt.scoring.feed.HistoryFeed;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelRegistry;
import org.korrekt.scoring.queue.CaseStore;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.record.DecisionRecorder;
import org.korrekt.scoring.record.ModelChanges;
import org.korrekt.scoring.security.JwtException;
import org.korrekt.scoring.security.JwtVerifier;
import org.korrekt.scoring.security.Principal;
import org.korrekt.scoring.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the HTTP routes. Handlers decode, call one service class, and encode; database work runs
 * on a worker pool, never on the event loop; every error is mapped to HTTP in {@link #failure}.
 *
 * <pre>
 *   POST   /v1/score                                  score one application
 *   POST   /v1/score/batch                            score up to maxBatchItems applications
 *   GET    /v1/decisions/{id}                         a decision record
 *   GET    /v1/decisions?applicationId=A              an application's decisions, a page at a time
 *   GET    /v1/me                                     who the token says the caller is
 *   GET    /v1/queues                                 the control units of this instance
 *   GET    /v1/queues/{unit}                          a control unit's open cases: released, then the backlog
 *   POST   /v1/queues/{unit}/claim                    claim the next released case
 *   GET    /v1/queues/{unit}/claimed                  the unit's claimed cases
 *   GET    /v1/queues/{unit}/closed                   the unit's closed cases, newest first, a page at a time
 *   GET    /v1/queues/{unit}/figures                  capacity, throughput, hit rates per week
 *   PUT    /v1/queues/{unit}/capacity                 set the cases released a day (lead)
 *   GET    /v1/cases/{id}                             a case: decision, signals, notes, outcome, audit, history
 *   POST   /v1/cases/{id}/release                     put a claimed case back
 *   POST   /v1/cases/{id}/reassign                    give a case to another investigator (lead)
 *   POST   /v1/cases/{id}/notes                       add a note
 *   POST   /v1/cases/{id}/outcome                     record the outcome and close the case
 *   POST   /v1/cases/{id}/corrections                 correct a recorded outcome (lead)
 *   GET    /v1/models                                 the served profile's champion, previous, shadow, versions
 *   POST   /v1/models/{profile}/{version}/activate    make a version the champion
 *   POST   /v1/models/{profile}/{version}/shadow      score a version in shadow
 *   DELETE /v1/models/{profile}/shadow                stop the shadow
 *   POST   /v1/models/{profile}/rollback              make the previous champion the champion again
 *   POST   /v1/history/events                         the registers' feed of history events
 *   GET    /health                                    liveness, database and recorder state
 *   GET    /ready                                     whether to send traffic here
 *   GET    /metrics                                   Prometheus metrics
 *   GET    /openapi.yaml                              the API's OpenAPI 3 description
 *   GET    /ui/                                       the control units' web UI (static files)
 *   POST   /v1/bench/echo                             only when enabled: the request body back, for load benchmarks
 * </pre>
 */
public final class ScoringVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringVerticle.class);
    static final String JSON = "application/json";

    private static final CharSequence CONTENT_TYPE = io.vertx.core.http.HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence JSON_TYPE = io.vertx.core.http.HttpHeaders.createOptimized(JSON);
    private static final CharSequence CACHE_CONTROL = io.vertx.core.http.HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence NO_STORE = io.vertx.core.http.HttpHeaders.createOptimized("no-store");
    private static final CharSequence CONTENT_TYPE_OPTIONS =
            io.vertx.core.http.HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = io.vertx.core.http.HttpHeaders.createOptimized("nosniff");
    static final String ROUTE_KEY = "korrekt.route";
    private static final CharSequence RETRY_AFTER = io.vertx.core.http.HttpHeaders.createOptimized("Retry-After");
    /** What every 503 asks a client to wait, in seconds: a drain, a full batch pool or the database. */
    static final String RETRY_AFTER_UNAVAILABLE_SECONDS = "1";

    /**
     * A connection on which nothing was read or written for this long is closed: an idle one, or
     * one whose request stopped half way. Without it, anyone who can reach the port could hold
     * every file descriptor the process may open, with no token (19,950 idle connections made
     * {@code /health} time out).
     */
    static final int IDLE_TIMEOUT_SECONDS = 30;

    static final String PRINCIPAL_KEY = "korrekt.principal";
    /** The benchmark echo route, served only with {@link HttpConfig#benchEcho()}. */
    public static final String ECHO_ROUTE = "/v1/bench/echo";

    private final HttpConfig config;
    private final ScoringService scoring;
    private final ApplicationRequestDecoder decoder;
    private final DecisionStore store;
    private final CaseStore cases;
    private final DecisionRecorder recorder;
    private final ModelRegistry registry;
    private final ModelChanges modelChanges;
    private final Metrics metrics;
    private final byte[] openApi;
    private volatile boolean draining;
    private final JwtVerifier verifier;
    private final boolean verifyBlocking;
    private final HistoryEventDecoder historyDecoder;
    private final HistoryFeed historyFeed;
    private final RateLimiter limiter;
    private WorkerExecutor database;
    private final RequestLocks requestLocks;
    private WorkerExecutor healthCheck;
    private WorkerExecutor batches;
    private WorkerExecutor keyed;
    private HttpServer server;

    /**
     * Settings of the HTTP layer.
     *
     * @param host the interface to listen on
     * @param port the port, 0 for any free port
     * @param maxBodyBytes the largest accepted request body
     * @param rateLimitPerSecond requests a second per client on average (bursts of twice that); 0 is off
     * @param databaseThreads worker threads for database calls
     * @param maxBatchItems most items in one {@code POST /v1/score/batch}
     * @param tls the TLS key and certificate, or null for plain HTTP
     * @param benchEcho whether to serve {@code POST /v1/bench/echo}, the load benchmark's baseline
     * @param maxConcurrentBatches most batches scored or waiting at once; more are answered 503
     */
    public record HttpConfig(
            String host,
            int port,
            int maxBodyBytes,
            double rateLimitPerSecond,
            int databaseThreads,
            int maxBatchItems,
            io.vertx.core.net.KeyCertOptions tls,
            boolean benchEcho,
            int maxConcurrentBatches) {
        public HttpConfig {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
            }
            if (maxBodyBytes < 1_024) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1024, was " + maxBodyBytes);
            }
            if (!(rateLimitPerSecond >= 0)) {
                throw new IllegalArgumentException("rateLimitPerSecond must be >= 0, was " + rateLimitPerSecond);
            }
            if (databaseThreads < 1) {
                throw new IllegalArgumentException("databaseThreads must be >= 1, was " + databaseThreads);
            }
            if (maxBatchItems < 1) {
                throw new IllegalArgumentException("maxBatchItems must be >= 1, was " + maxBatchItems);
            }
            if (maxConcurrentBatches < 1) {
                throw new IllegalArgumentException("maxConcurrentBatches must be >= 1, was " + maxConcurrentBatches);
            }
        }
    }

    /** Creates the verticle; the collaborators are shared between instances and thread-safe. */
    public ScoringVerticle(
            HttpConfig config,
            ScoringService scoring,
            ApplicationRequestDecoder decoder,
            DecisionStore store,
            CaseStore cases,
            DecisionRecorder recorder,
            ModelRegistry registry,
            ModelChanges modelChanges,
            Metrics metrics,
            JwtVerifier verifier,
            boolean verifyBlocking,
            HistoryEventDecoder historyDecoder,
            HistoryFeed historyFeed,
            RequestLocks requestLocks) {
        this.config = config;
        this.scoring = scoring;
        this.decoder = decoder;
        this.store = store;
        this.cases = cases;
        this.recorder = recorder;
        this.registry = registry;
        this.modelChanges = modelChanges;
        this.metrics = metrics;
        this.openApi = OpenApi.document();
        this.verifier = verifier;
        this.verifyBlocking = verifyBlocking;
        this.historyDecoder = historyDecoder;
        this.historyFeed = historyFeed;
        this.requestLocks = java.util.Objects.requireNonNull(requestLocks, "requestLocks");
        this.limiter = new RateLimiter(
                config.rateLimitPerSecond(), Math.max(1, 2 * config.rateLimitPerSecond()), System::nanoTime);
    }

    @Override
    public Future<?> start() {
        database = vertx.createSharedWorkerExecutor("korrekt-database", config.databaseThreads());
        // Health answers even while scoring has every database thread waiting.
        healthCheck = vertx.createSharedWorkerExecutor("korrekt-health", 1);
        // batches off the event loop: one of 1,000 items takes about 0.2 s, and 50 of them at once
        // held every other route (a health check, an investigator's page) for 6 s
        batches = vertx.createSharedWorkerExecutor(
                "korrekt-batch", Math.max(1, Runtime.getRuntime().availableProcessors()));
        // keyed single requests wait for their decisions' write: on workers of their own, as many as
        // their locks' connections, so that they hold neither investigators' database workers nor batches'
        keyed = vertx.createSharedWorkerExecutor("korrekt-keyed", Database.REQUEST_LOCK_CONNECTIONS);
        Router router = Router.router(vertx);
        router.route().handler(this::timing);
        router.route("/v1/*").handler(this::authenticate);
        new ScoreRoutes(
                        config,
                        scoring,
                        decoder,
                        recorder,
                        registry,
                        cases,
                        store,
                        requestLocks,
                        metrics,
                        batches,
                        keyed,
                        () -> draining)
                .register(router, batchBodyLimit());
        new DecisionRoutes(database, store, recorder, scoring).register(router);
        new WorkRoutes(database, cases, store, scoring).register(router);
        new HistoryRoutes(database, historyDecoder, historyFeed, config.maxBatchItems(), batchBodyLimit())
                .register(router);
        UiFiles ui = new UiFiles(vertx);
        // a path route "/ui" would also match "/ui/" and redirect it to itself
        router.getWithRegex("/ui").handler(ctx -> ctx.redirect("/ui/"));
        router.get("/ui/*").handler(ui::handle);
        new ModelRoutes(vertx, registry, modelChanges).register(router);
        router.get("/health").handler(this::health);
        router.get("/ready").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
        router.get("/openapi.yaml").handler(this::openApi);
        router.route().failureHandler(this::failure);
        router.errorHandler(
                404,
                ctx -> sendError(
                        ctx,
                        ErrorCode.NOT_FOUND,
                        "no such resource: " + ctx.request().path(),
                        null));
        router.errorHandler(405, ctx -> {
            // RFC 9110: a 405 names the methods the resource has
            String allowed = allowedMethods(router, ctx.request().path());
            if (!allowed.isEmpty()) {
                ctx.response().putHeader("Allow", allowed);
            }
            sendError(
                    ctx,
                    ErrorCode.METHOD_NOT_ALLOWED,
                    ctx.request().method() + " is not allowed on "
                            + ctx.request().path() + (allowed.isEmpty() ? "" : "; allowed: " + allowed),
                    null);
        });
        return vertx.createHttpServer(tlsOptions(new HttpServerOptions()
                        .setHost(config.host())
                        .setPort(config.port())
                        // a token may be 8 KiB: with the other headers, Vert.x's default of 8 KiB in all
                        // refused a valid 8,100-byte token (431 with no body, or the header dropped: 401)
                        .setMaxHeaderSize(maxHeaderSize(verifier.maxTokenLength()))
                        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    /**
     * The most a request's headers may hold together: the longest token the service accepts and
     * 8 KiB for the others, so that a valid token always fits. Larger is 431 from the HTTP decoder,
     * without a JSON body.
     */
    static int maxHeaderSize(int maxTokenLength) {
        return maxTokenLength + 8_192;
    }

    /**
     * The methods the router's routes take on {@code path}, comma-separated in alphabetical order:
     * each route's template read as a pattern ({@code :name} one segment; Vert.x keeps {@code /ui/*}
     * as {@code /ui/}, a prefix).
     */
    static String allowedMethods(Router router, String path) {
        java.util.TreeSet<String> methods = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route route : router.getRoutes()) {
            String template = route.getPath();
            if (template == null || route.methods() == null) {
                continue;
            }
            if (templatePattern(template).matcher(path).matches()) {
                route.methods().forEach(m -> methods.add(m.name()));
            }
        }
        return String.join(", ", methods);
    }

    private static java.util.regex.Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        String[] segments = template.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                regex.append('/');
            }
            String segment = segments[i];
            if (segment.startsWith(":")) {
                regex.append("[^/]+");
            } else if ((segment.isEmpty() || segment.equals("*")) && i > 0 && i == segments.length - 1) {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(segment));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString());
    }

    /** With a key configured, HTTPS only (TLS 1.2 and 1.3, Vert.x's defaults). */
    private HttpServerOptions tlsOptions(HttpServerOptions options) {
        return config.tls() == null ? options : options.setSsl(true).setKeyCertOptions(config.tls());
    }

    @Override
    public Future<?> stop() {
        if (batches != null) {
            batches.close();
        }
        if (keyed != null) {
            keyed.close();
        }
        if (healthCheck != null) {
            healthCheck.close();
        }
        if (database != null) {
            return database.close();
        }
        return Future.succeededFuture();
    }

    /** Shuts the HTTP server down, letting in-flight requests finish for up to {@code seconds}. */
    public Future<Void> shutdown(int seconds) {
        return server == null
                ? Future.succeededFuture()
                : server.shutdown(seconds, java.util.concurrent.TimeUnit.SECONDS);
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

    /**
     * Verifies the bearer JWT (off the event loop when keys may have to be fetched from a JWKS
     * URL), then applies the client's rate limit; the principal is kept for the route's role check.
     */
    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (verifyBlocking) {
            vertx.<Principal>executeBlocking(() -> verifier.verifyAuthorization(header), false)
                    .onSuccess(p -> admit(ctx, p))
                    .onFailure(e -> refuse(ctx, e));
            return;
        }
        try {
            admit(ctx, verifier.verifyAuthorization(header));
        } catch (JwtException e) {
            refuse(ctx, e);
        }
    }

    private void admit(RoutingContext ctx, Principal principal) {
        long wait = limiter.acquire(principal.subject());
        if (wait > 0) {
            ctx.response().putHeader(RETRY_AFTER, Long.toString(wait));
            sendError(ctx, ErrorCode.RATE_LIMITED, "too many requests from '" + principal.subject() + "'", null);
            return;
        }
        ctx.put(PRINCIPAL_KEY, principal);
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, Throwable e) {
        String reason = e instanceof JwtException j ? j.code() : "invalid";
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"korrekt\", error=\"invalid_token\"");
        sendError(
                ctx,
                ErrorCode.UNAUTHENTICATED,
                "a valid 'Authorization: Bearer <JWT>' header is required (" + reason + ")",
                null);
    }

    /** Refuses with 403 unless the caller holds {@code role} (admin holds every role). */
    static Principal require(RoutingContext ctx, Role role) {
        Principal principal = ctx.get(PRINCIPAL_KEY);
        if (principal == null || !principal.has(role)) {
            throw new RequestException(
                    ErrorCode.FORBIDDEN, null, "this needs the role '" + role.claim() + "' (or 'admin')");
        }
        return principal;
    }

    /**
     * Refuses with 403 unless the caller may work {@code unit}'s queue ({@code work}: an
     * investigator, a lead or an admin) or read it (an auditor too).
     */
    static Principal requireUnit(RoutingContext ctx, String unit, boolean work) {
        Principal principal = work ? requireWorkRole(ctx) : requireReader(ctx);
        if (!(work ? principal.mayWorkUnit(unit) : principal.mayReadUnit(unit))) {
            throw new RequestException(
                    ErrorCode.FORBIDDEN, null, "the token does not give access to control unit '" + unit + "'");
        }
        return principal;
    }

    /** The caller, who must read queues, cases or decisions: an investigator, a lead, an auditor or an admin; else 403. */
    static Principal requireReader(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL_KEY);
        if (principal == null
                || !(principal.has(Role.INVESTIGATOR) || principal.has(Role.LEAD) || principal.has(Role.AUDITOR))) {
            throw new RequestException(
                    ErrorCode.FORBIDDEN, null, "this needs the role 'investigator', 'lead' or 'auditor' (or 'admin')");
        }
        return principal;
    }

    /** The caller, who must work queues: an investigator, a lead or an admin; else 403. */
    static Principal requireWorkRole(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL_KEY);
        if (principal == null || !(principal.has(Role.INVESTIGATOR) || principal.has(Role.LEAD))) {
            throw new RequestException(
                    ErrorCode.FORBIDDEN, null, "this needs the role 'investigator' or 'lead' (or 'admin')");
        }
        return principal;
    }

    private void health(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/health");
        ModelBundle bundle = scoring.bundle();
        within(reachability.next(() -> healthCheck.executeBlocking(store::isReachable, false)))
                .onComplete(result -> {
                    // a check that has not answered within the probe's second counts as down
                    boolean up = result.succeeded() && result.result();
                    JsonObject body = new JsonObject()
                            .put("status", "UP")
                            .put("database", up ? "UP" : "DOWN")
                            .put("profile", bundle.profile())
                            .put("modelVersion", bundle.version())
                            .put(
                                    "recorder",
                                    new JsonObject()
                                            .put("writing", recorder.writing())
                                            .put("buffered", recorder.pending())
                                            .put("written", recorder.written())
                                            .put("journaled", recorder.journaled())
                                            .put("replayed", recorder.replayed())
                                            .put("journalPending", recorder.hasJournal()));
                    PersonHistoryStore.Stats history = scoring.checks().historyStats();
                    if (history != null) {
                        body.put(
                                "history",
                                new JsonObject()
                                        .put("persons", history.persons())
                                        .put("personCapacity", history.personCapacity())
                                        .put("evictions", history.evictions())
                                        .put("overwritten", history.overwritten()));
                    }
                    sendJson(ctx, 200, body.toBuffer().getBytes());
                });
    }

    /**
     * Ready while not draining, the decision writer runs and the decision record buffer has room; a
     * database outage alone does not make the service unready, because decisions then go to the
     * journal.
     */
    private void ready(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/ready");
        boolean ready = !draining && recorder.writing() && recorder.pending() < recorder.capacity() * 9 / 10;
        sendJson(ctx, ready ? 200 : 503, ("{\"ready\":" + ready + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** Stops taking new scoring requests (they get 503) while in-flight ones finish. */
    public void drain() {
        draining = true;
    }

    private void openApi(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/openapi.yaml");
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .end(Buffer.buffer(openApi));
    }

    /** How long {@code /health} and {@code /metrics} wait for the database: a probe's usual limit. */
    static final long PROBE_WAIT_MILLIS = 1_000;

    private final SingleFlight<Boolean> reachability = new SingleFlight<>();
    private final SingleFlight<java.util.Map<String, Long>> queueDepth = new SingleFlight<>();

    /**
     * One check of the database at a time: while it is down a check takes the pool's 5 s, and probes
     * asking every second would otherwise queue up behind each other on the one health worker.
     * Used on the event loop only.
     */
    private static final class SingleFlight<T> {
        private Future<T> running;

        Future<T> next(java.util.function.Supplier<Future<T>> start) {
            if (running == null || running.isComplete()) {
                running = start.get();
            }
            return running;
        }
    }

    /** {@code check}, or a failure once {@link #PROBE_WAIT_MILLIS} pass without its answer. */
    private <T> Future<T> within(Future<T> check) {
        io.vertx.core.Promise<T> answer = io.vertx.core.Promise.promise();
        long timer = vertx.setTimer(PROBE_WAIT_MILLIS, id -> answer.tryFail("the database did not answer in time"));
        check.onComplete(r -> {
            vertx.cancelTimer(timer);
            if (r.succeeded()) {
                answer.tryComplete(r.result());
            } else {
                answer.tryFail(r.cause());
            }
        });
        return answer.future();
    }

    private void metrics(RoutingContext ctx) {
        ctx.put(ROUTE_KEY, "/metrics");
        // queue depth is read from PostgreSQL off the event loop; without the database it is left out
        within(queueDepth.next(() -> healthCheck.executeBlocking(store::openCaseCounts, false)))
                .onComplete(depth -> {
                    StringBuilder text = new StringBuilder(metrics.render());
                    if (depth.succeeded()) {
                        text.append("# HELP korrekt_queue_open_cases Open cases in each control unit's queue.\n");
                        text.append("# TYPE korrekt_queue_open_cases gauge\n");
                        depth.result().forEach((unit, count) -> text.append("korrekt_queue_open_cases{unit=\"")
                                .append(unit)
                                .append("\"} ")
                                .append(count)
                                .append('\n'));
                    }
                    ctx.response()
                            .setStatusCode(200)
                            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(text.toString());
                });
    }

    /** The largest batch body: the single limit, or 2 KiB an item, whichever is more. */
    private long batchBodyLimit() {
        return Math.max(config.maxBodyBytes(), config.maxBatchItems() * 2_048L);
    }

    /** The one place where failures become HTTP responses. */
    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof RequestException e) {
            sendError(ctx, e.code(), e.getMessage(), e.field());
        } else if (ctx.statusCode() == 413) {
            String path = ctx.request().path();
            long limit = path.equals("/v1/score/batch") || path.equals(HistoryRoutes.ROUTE)
                    ? batchBodyLimit()
                    : WorkRoutes.isWorkRoute(path) ? WorkRoutes.BODY_LIMIT : config.maxBodyBytes();
            sendError(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + limit + " bytes", null);
        } else if (failure instanceof SQLException e && isUnavailable(e)) {
            LOG.error(
                    "Database unavailable on {} {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    failure);
            // a read changes nothing; a write (an outcome, a note, a claim) was rolled back with the connection
            String message = ctx.request().method() == io.vertx.core.http.HttpMethod.GET
                    ? "the database is unavailable; retry later"
                    : "the database is unavailable; nothing was recorded, retry later";
            sendError(ctx, ErrorCode.UNAVAILABLE, message, null);
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

    /**
     * Connection failures (SQLSTATE class 08, pool time-outs), a lock not granted in time (55P03) and
     * a server shutting down or restarting (57P01 to 57P03) are worth a retry; other SQL errors are
     * bugs.
     */
    static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        // 08: connection exceptions; 55P03: lock not available; 57P01-57P03: the server shuts down,
        // is shut down by force or cannot connect now (a restart of PostgreSQL ends every session with 57P01)
        return e instanceof java.sql.SQLTransientConnectionException
                || (state != null
                        && (state.startsWith("08")
                                || state.equals("55P03")
                                || state.equals("57P01")
                                || state.equals("57P02")
                                || state.equals("57P03")));
    }

    static void sendError(RoutingContext ctx, ErrorCode code, String message, String field) {
        if (code == ErrorCode.UNAVAILABLE
                && !ctx.response().ended()
                && !ctx.response().headers().contains(RETRY_AFTER)) {
            // every 503 is passing: a client (or its HTTP library) waits this long before it tries again
            ctx.response().putHeader(RETRY_AFTER, RETRY_AFTER_UNAVAILABLE_SECONDS);
        }
        sendJson(ctx, code.httpStatus(), ResponseEncoder.error(code, message, field));
    }

    static void sendJson(RoutingContext ctx, int status, byte[] body) {
        if (ctx.response().ended()) {
            return;
        }
        // answers hold decisions and cases: no cache keeps them, no browser reads them as another type
        ctx.response()
                .setStatusCode(status)
                .putHeader(CONTENT_TYPE, JSON_TYPE)
                .putHeader(CACHE_CONTROL, NO_STORE)
                .putHeader(CONTENT_TYPE_OPTIONS, NOSNIFF)
                .end(Buffer.buffer(body));
    }
}
