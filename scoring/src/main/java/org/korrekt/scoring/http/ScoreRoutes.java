package org.korrekt.scoring.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.korrekt.features.Application;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.api.ResponseEncoder;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelRegistry;
import org.korrekt.scoring.queue.CaseStore;
import org.korrekt.scoring.record.DecisionRecord;
import org.korrekt.scoring.record.DecisionRecorder;
import org.korrekt.scoring.security.Role;

/**
 * The scoring routes: {@code POST /v1/score} on the event loop (a few microseconds), {@code POST
 * /v1/score/batch} on the batch workers, and the load benchmark's echo route when asked for. Each
 * decision is recorded before it is answered. Thread-safe.
 */
final class ScoreRoutes {

    private final ScoringVerticle.HttpConfig config;
    private final ScoringService scoring;
    private final ApplicationRequestDecoder decoder;
    private final DecisionRecorder recorder;
    private final ModelRegistry registry;
    private final CaseStore cases;
    private final Metrics metrics;
    private final WorkerExecutor batches;
    private final BooleanSupplier draining;
    private final AtomicInteger batchesAdmitted = new AtomicInteger();

    /**
     * @param batches the workers batches are scored on
     * @param draining whether a graceful stop has begun
     */
    ScoreRoutes(
            ScoringVerticle.HttpConfig config,
            ScoringService scoring,
            ApplicationRequestDecoder decoder,
            DecisionRecorder recorder,
            ModelRegistry registry,
            CaseStore cases,
            Metrics metrics,
            WorkerExecutor batches,
            BooleanSupplier draining) {
        this.config = config;
        this.scoring = scoring;
        this.decoder = decoder;
        this.recorder = recorder;
        this.registry = registry;
        this.cases = cases;
        this.metrics = metrics;
        this.batches = batches;
        this.draining = draining;
    }

    /** Adds the routes; a batch's body may be up to {@code batchBodyLimit} bytes. */
    void register(Router router, long batchBodyLimit) {
        // The media type is checked on its own route, before the body handler, which would decode a form body.
        router.post("/v1/score").handler(ctx -> ScoringVerticle.requireJson(ctx, "/v1/score"));
        router.post("/v1/score")
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(ScoringVerticle::refuseUntypedBody)
                .handler(this::score);
        router.post("/v1/score/batch").handler(ctx -> ScoringVerticle.requireJson(ctx, "/v1/score/batch"));
        router.post("/v1/score/batch")
                .handler(BodyHandler.create(false).setBodyLimit(batchBodyLimit))
                .handler(ScoringVerticle::refuseUntypedBody)
                .handler(this::scoreBatch);
        if (config.benchEcho()) {
            // The load benchmark's baseline: the same handlers as /v1/score up to the body, then no scoring.
            router.post(ScoringVerticle.ECHO_ROUTE)
                    .handler(ctx -> ScoringVerticle.requireJson(ctx, ScoringVerticle.ECHO_ROUTE));
            router.post(ScoringVerticle.ECHO_ROUTE)
                    .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                    .handler(ScoringVerticle::refuseUntypedBody)
                    .handler(ScoreRoutes::echo);
        }
    }

    private void score(RoutingContext ctx) {
        ScoringVerticle.require(ctx, Role.SELFSERVICE);
        long start = System.nanoTime();
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        ApplicationRequestDecoder.ScoreRequest request = decoder.decodeRequest(body);
        Decision decision = decide(request, body, start, draining.getAsBoolean());
        ScoringVerticle.sendJson(ctx, 200, ResponseEncoder.decision(decision));
    }

    /**
     * Answers the request body as it came, after the same authentication, rate limit, media type,
     * body limit and role check as {@code /v1/score}: what the HTTP layer costs without scoring.
     */
    private static void echo(RoutingContext ctx) {
        ScoringVerticle.require(ctx, Role.SELFSERVICE);
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        ScoringVerticle.sendJson(ctx, 200, body);
    }

    private void scoreBatch(RoutingContext ctx) {
        ScoringVerticle.require(ctx, Role.SELFSERVICE);
        long start = System.nanoTime();
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        List<byte[]> items = decoder.splitBatch(body, config.maxBatchItems());
        // a batch begun before a graceful stop is scored to its end, so that a payment run is not left
        // with part of a batch refused; one begun after is refused item by item
        boolean refused = draining.getAsBoolean();
        long received = start;
        // at most so many batches scored or waiting: beyond, a client is told to come back rather
        // than left waiting (and holding its body in memory) until its connection times out
        if (batchesAdmitted.incrementAndGet() > config.maxConcurrentBatches()) {
            batchesAdmitted.decrementAndGet();
            throw new RequestException(
                    ErrorCode.UNAVAILABLE,
                    null,
                    config.maxConcurrentBatches() + " batches are being scored or waiting, the most at once;"
                            + " retry in a second");
        }
        batches.executeBlocking(
                        () -> ctx.response().closed()
                                ? null // the client has gone: nothing it would see is decided
                                : scoreItems(items, received, refused),
                        false)
                .onComplete(done -> batchesAdmitted.decrementAndGet())
                .onSuccess(answer -> {
                    if (answer != null) {
                        ScoringVerticle.sendJson(ctx, 200, answer);
                    }
                })
                .onFailure(ctx::fail);
    }

    /**
     * Decisions waiting to be stored beyond which a batch waits before its next item: four of the
     * writer's transactions. Batches are scored faster than one writer stores (8,000 against 3,200
     * to 5,400 a second, helper-43), so a payment run would otherwise fill the buffer, turn {@code
     * /ready} 503 for its whole length and keep some 20 s of answered decisions in memory only.
     * Single requests do not wait.
     */
    static final int BATCH_BACKLOG = 2_000;

    /** Scores a batch's items, each answered with its decision or its error, on a batch worker. */
    private byte[] scoreItems(List<byte[]> items, long start, boolean refused) {
        List<Object> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                // for at most 2 s: past that the item goes into the buffer as a single request's would
                recorder.awaitBacklogWithin(BATCH_BACKLOG, java.time.Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                results.add(decide(decoder.decodeRequest(items.get(i)), items.get(i), start, refused));
            } catch (RequestException e) {
                String field = "items[" + i + "]" + (e.field() == null ? "" : "." + e.field());
                results.add(new RequestException(e.code(), field, e.getMessage()));
            }
            start = System.nanoTime();
        }
        return ResponseEncoder.batch(results);
    }

    /**
     * Scores one decoded request and hands its record to the recorder; an answer is only sent for a
     * decision the recorder has accepted. {@code refused}: the request came after a graceful stop
     * began.
     */
    private Decision decide(ApplicationRequestDecoder.ScoreRequest request, byte[] input, long start, boolean refused) {
        if (refused) {
            throw new RequestException(ErrorCode.UNAVAILABLE, null, "the service is shutting down; retry elsewhere");
        }
        Application application = request.application();
        Decision decision = scoring.score(application, request.childPseudonym());
        ModelBundle champion = registry.state().champion();
        metrics.decision(
                decision,
                champion.version().equals(decision.modelVersion()) ? champion.scores() : null,
                System.nanoTime() - start);
        metrics.shadow(decision);
        DecisionRecord record = DecisionRecord.of(
                decision,
                cases.settings().unitFor(application.benefit().code()),
                decoder.inputDigest(input),
                scoring.schema().fingerprint());
        try {
            recorder.submit(record);
        } catch (DecisionRecorder.OverloadedException e) {
            throw new RequestException(ErrorCode.UNAVAILABLE, null, e.getMessage() + "; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestException(ErrorCode.UNAVAILABLE, null, "interrupted; retry later");
        }
        return decision;
    }
}
