package org.korrekt.scoring.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.korrekt.features.Application;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.Question;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.api.ResponseEncoder;
import org.korrekt.scoring.api.ResponseEncoder.Recorded;
import org.korrekt.scoring.db.RequestLocks;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelRegistry;
import org.korrekt.scoring.queue.CaseStore;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.record.DecisionRecord;
import org.korrekt.scoring.record.DecisionRecorder;
import org.korrekt.scoring.security.Principal;
import org.korrekt.scoring.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring routes: {@code POST /v1/score} on the event loop (a few microseconds), {@code POST
 * /v1/score/batch} on the batch workers, and the load benchmark's echo route when asked for. Each
 * decision is recorded before it is answered. Thread-safe.
 */
final class ScoreRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreRoutes.class);

    private final ScoringVerticle.HttpConfig config;
    private final ScoringService scoring;
    private final ApplicationRequestDecoder decoder;
    private final DecisionRecorder recorder;
    private final ModelRegistry registry;
    private final CaseStore cases;
    private final DecisionStore store;
    private final RequestLocks locks;
    private final Metrics metrics;
    private final WorkerExecutor batches;
    private final WorkerExecutor keyedWorkers;
    private final BooleanSupplier draining;
    private final AtomicInteger batchesAdmitted = new AtomicInteger();
    /** The requests with an {@code Idempotency-Key} being decided on this instance, by their key's digest. */
    private final Set<String> keyedInProgress = ConcurrentHashMap.newKeySet();

    /**
     * @param locks the locks of keyed requests, shared by the instances on the database
     * @param batches the workers batches are scored on
     * @param keyedWorkers the workers keyed single requests are scored on
     * @param draining whether a graceful stop has begun
     */
    ScoreRoutes(
            ScoringVerticle.HttpConfig config,
            ScoringService scoring,
            ApplicationRequestDecoder decoder,
            DecisionRecorder recorder,
            ModelRegistry registry,
            CaseStore cases,
            DecisionStore store,
            RequestLocks locks,
            Metrics metrics,
            WorkerExecutor batches,
            WorkerExecutor keyedWorkers,
            BooleanSupplier draining) {
        this.config = config;
        this.scoring = scoring;
        this.decoder = decoder;
        this.recorder = recorder;
        this.registry = registry;
        this.cases = cases;
        this.store = store;
        this.locks = locks;
        this.metrics = metrics;
        this.batches = batches;
        this.keyedWorkers = keyedWorkers;
        this.draining = draining;
    }

    /** Adds the routes; a batch's body may be up to {@code batchBodyLimit} bytes. */
    void register(Router router, long batchBodyLimit) {
        // The media type is checked on its own route, before the body handler, which would decode a form body.
        router.post("/v1/score").handler(ctx -> JsonBodies.requireJson(ctx, "/v1/score"));
        router.post("/v1/score")
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(JsonBodies::checkBody)
                .handler(this::score);
        router.post("/v1/score/batch").handler(ctx -> JsonBodies.requireJson(ctx, "/v1/score/batch"));
        router.post("/v1/score/batch")
                .handler(BodyHandler.create(false).setBodyLimit(batchBodyLimit))
                .handler(JsonBodies::checkBody)
                .handler(this::scoreBatch);
        if (config.benchEcho()) {
            // The load benchmark's baseline: the same handlers as /v1/score up to the body, then no scoring.
            router.post(ScoringVerticle.ECHO_ROUTE)
                    .handler(ctx -> JsonBodies.requireJson(ctx, ScoringVerticle.ECHO_ROUTE));
            router.post(ScoringVerticle.ECHO_ROUTE)
                    .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                    .handler(JsonBodies::checkBody)
                    .handler(ScoreRoutes::echo);
        }
    }

    private void score(RoutingContext ctx) {
        ScoringVerticle.require(ctx, Role.SELFSERVICE);
        long start = System.nanoTime();
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        String key = idempotencyKey(ctx);
        // decoded first: a request that can never be decided is refused 400 at once, never told to retry
        ApplicationRequestDecoder.ScoreRequest request = decoder.decodeRequest(body);
        if (key != null) {
            // a keyed single request reads the database and waits for its write: it is scored on a
            // worker of its own, not on the event loop, nor behind batches or investigators' reads
            keyed(ctx, "/v1/score", key, List.of(body), request, start, draining.getAsBoolean());
            return;
        }
        Decision decision = decide(request, body, start, draining.getAsBoolean(), null, scoring.state());
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
        String key = idempotencyKey(ctx);
        admitBatch();
        if (key != null) {
            try {
                keyed(ctx, "/v1/score/batch", key, items, null, received, refused);
            } catch (RuntimeException e) {
                batchesAdmitted.decrementAndGet();
                throw e;
            }
            return;
        }
        batches.executeBlocking(
                        () -> ctx.response().closed()
                                ? null // the client has gone: nothing it would see is decided
                                : scoreItems(items, received, refused, null, Map.of(), new ArrayList<>()),
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
     * Counts a batch in; at most so many are scored or waiting:
     * beyond, a client is told to come back rather than left waiting (and holding its body in
     * memory) until its connection times out. The caller counts it out once it is answered.
     */
    private void admitBatch() {
        if (batchesAdmitted.incrementAndGet() > config.maxConcurrentBatches()) {
            batchesAdmitted.decrementAndGet();
            throw new RequestException(
                    ErrorCode.UNAVAILABLE,
                    null,
                    config.maxConcurrentBatches() + " batches are being scored or waiting, the most at once;"
                            + " retry in a second");
        }
    }

    /**
     * Decisions waiting to be stored beyond which a batch waits before its next item: four of the
     * writer's transactions. Batches are scored faster than one writer stores (8,000 against 3,200
     * to 5,400 a second, helper-43), so a payment run would otherwise fill the buffer, turn {@code
     * /ready} 503 for its whole length and keep some 20 s of answered decisions in memory only.
     * Single requests do not wait.
     */
    static final int BATCH_BACKLOG = 2_000;

    /**
     * Scores a batch's items, each answered with its decision or its error, on a batch worker.
     *
     * @param key the digest of the request's {@code Idempotency-Key}, or null
     * @param recorded the decisions already recorded for the request, by item: answered as recorded
     * @param decided where the ids of the decisions made now go; null when the answer is given
     *     again from the record ({@link #fromRecord}), whose item errors were counted when first answered
     */
    private byte[] scoreItems(
            List<byte[]> items,
            long start,
            boolean refused,
            String key,
            Map<Integer, Recorded> recorded,
            List<java.util.UUID> decided) {
        // one version for the whole batch, even if another is activated meanwhile
        ModelRegistry.State models = scoring.state();
        List<Object> results = new ArrayList<>(items.size());
        // the first item of each application: a repeat in the same batch is refused, not decided again
        Map<String, Integer> firstItem = firstItems(recorded);
        for (int i = 0; i < items.size(); i++) {
            Recorded earlier = recorded.get(i);
            if (earlier != null) {
                results.add(earlier);
                continue;
            }
            try {
                // for at most 2 s: past that the item goes into the buffer as a single request's would
                recorder.awaitBacklogWithin(BATCH_BACKLOG, java.time.Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                ApplicationRequestDecoder.ScoreRequest request = decoder.decodeRequest(items.get(i));
                refuseRepeat(request.application().applicationId(), firstItem);
                Decision decision = decide(
                        request,
                        items.get(i),
                        start,
                        refused,
                        key == null ? null : new DecisionRecord.Request(key, i),
                        models);
                results.add(decision);
                firstItem.put(request.application().applicationId(), i);
                if (decided != null) {
                    decided.add(decision.decisionId());
                }
            } catch (RequestException e) {
                String field = "items[" + i + "]" + (e.field() == null ? "" : "." + e.field());
                results.add(new RequestException(e.code(), field, e.getMessage()));
                if (decided != null) {
                    metrics.batchItemError(e.code());
                }
            }
            start = System.nanoTime();
        }
        return ResponseEncoder.batch(results);
    }

    /**
     * Refuses an item whose application an earlier item of the batch was decided on. A batch asks
     * about an application once: deciding the repeat would record the application twice and count
     * its signal twice in its case (a payment table joined twice, say), so the repeat is answered
     * with an error naming the item that was decided.
     */
    private static void refuseRepeat(String applicationId, Map<String, Integer> firstItem) {
        Integer first = firstItem.get(applicationId);
        if (first != null) {
            throw new RequestException(
                    ErrorCode.INVALID_FIELD,
                    "applicationId",
                    "application " + applicationId + " is also items[" + first + "] of this batch, where it is"
                            + " decided; a batch holds an application once");
        }
    }

    /**
     * Scores one decoded request and hands its record to the recorder; an answer is only sent for a
     * decision the recorder has accepted. {@code refused}: the request came after a graceful stop
     * began.
     */
    private Decision decide(
            ApplicationRequestDecoder.ScoreRequest request,
            byte[] input,
            long start,
            boolean refused,
            DecisionRecord.Request keyed,
            ModelRegistry.State models) {
        if (refused) {
            throw new RequestException(ErrorCode.UNAVAILABLE, null, "the service is shutting down; retry elsewhere");
        }
        Application application = request.application();
        Decision decision = scoring.score(application, request.childPseudonym(), models);
        ModelBundle champion = models.champion();
        metrics.decision(
                decision,
                champion.version().equals(decision.modelVersion()) ? champion.scores() : null,
                System.nanoTime() - start);
        metrics.shadow(decision);
        DecisionRecord record = DecisionRecord.of(
                decision,
                cases.settings().unitFor(application.benefit().code()),
                decoder.inputDigest(input),
                scoring.schema().fingerprint(),
                keyed);
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

    /** The request header by which a client names a request it may send again. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /**
     * The request's {@code Idempotency-Key}, or null; two of them are refused, since the request
     * would be kept under the first and a retry that sends the second first would be decided again.
     */
    private static String idempotencyKey(RoutingContext ctx) {
        List<String> keys = ctx.request().headers().getAll(IDEMPOTENCY_KEY);
        if (keys.size() > 1) {
            throw new RequestException(
                    ErrorCode.INVALID_PARAMETER,
                    IDEMPOTENCY_KEY,
                    "the request has " + keys.size() + " Idempotency-Key headers; send one");
        }
        return keys.isEmpty() ? null : keys.get(0);
    }

    /** Longest {@code Idempotency-Key}: a UUID is 36 characters. */
    static final int MAX_KEY_LENGTH = 255;

    /**
     * A request with an {@code Idempotency-Key}: its items already decided (by an earlier send of
     * the same request, this instance's or another's, before or after a restart) are answered as
     * recorded, and only the others are decided, so that a client that lost an answer, timed out
     * or saw the service crash can send the request again without deciding, queuing and counting
     * an application twice. The key is the caller's own: another caller's same key names another
     * request.
     *
     * <p>While it is decided the request holds its key's lock in the database ({@link
     * RequestLocks}), and it is answered only once its new decisions are stored: a send of the
     * same request to any instance meanwhile is answered 409, and one after finds the decisions in
     * the database. Answered 400 when the key names a request with other items, 503 while
     * recorded decisions may be out of reach (the database down, decisions in the journal).
     *
     * @param single the decoded request of {@code POST /v1/score}; null for a batch (whose admission the caller counted)
     */
    private void keyed(
            RoutingContext ctx,
            String route,
            String key,
            List<byte[]> items,
            ApplicationRequestDecoder.ScoreRequest single,
            long start,
            boolean refused) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !visibleAscii(key)) {
            throw new RequestException(
                    ErrorCode.INVALID_PARAMETER,
                    IDEMPOTENCY_KEY,
                    "an Idempotency-Key has 1 to " + MAX_KEY_LENGTH + " visible ASCII characters (a UUID, say)");
        }
        Principal caller = ctx.get(ScoringVerticle.PRINCIPAL_KEY);
        // a digest under the service's key: the database never holds the client's key, and two
        // callers' equal keys, or one caller's on the two routes, name different requests
        String digest =
                decoder.inputDigest((caller.subject() + "\n" + route + "\n" + key).getBytes(StandardCharsets.UTF_8));
        if (!keyedInProgress.add(digest)) {
            ctx.response().putHeader("Retry-After", "1");
            throw inProgress();
        }
        WorkerExecutor workers = single == null ? batches : keyedWorkers;
        try {
            workers.<byte[]>executeBlocking(
                            () -> {
                                if (ctx.response().closed()) {
                                    return null; // the client has gone: nothing it would see is decided
                                }
                                return decideKeyed(digest, items, single, start, refused);
                            },
                            false)
                    .onComplete(done -> {
                        keyedInProgress.remove(digest);
                        if (single == null) {
                            batchesAdmitted.decrementAndGet();
                        }
                    })
                    .onSuccess(answer -> {
                        if (answer != null) {
                            ScoringVerticle.sendJson(ctx, 200, answer);
                        }
                    })
                    .onFailure(failure -> {
                        if (failure instanceof RequestException e
                                && e.code() == ErrorCode.CONFLICT
                                && !ctx.response().ended()) {
                            ctx.response().putHeader("Retry-After", "1");
                        }
                        ctx.fail(failure);
                    });
        } catch (RuntimeException e) {
            // not submitted (the workers closed at a stop): the key is free again; the caller counts the admission out
            keyedInProgress.remove(digest);
            throw e;
        }
    }

    /** The longest a keyed request waits for its new decisions to be stored before it is answered. */
    static final java.time.Duration STORE_WAIT = DecisionStore.WRITE_TIMEOUT.plusSeconds(5);

    /** On a worker: the keyed request's answer, under its key's lock. */
    private byte[] decideKeyed(
            String digest,
            List<byte[]> items,
            ApplicationRequestDecoder.ScoreRequest single,
            long start,
            boolean refused)
            throws SQLException, InterruptedException {
        if (recorder.hasJournal()) {
            throw journaled();
        }
        if (!recorder.databaseUp()) {
            // a database that hangs would hold this worker, and the requests behind it, for minutes
            throw new RequestException(
                    ErrorCode.UNAVAILABLE,
                    null,
                    "the database does not answer, and this request's decisions may be there; retry later");
        }
        try (RequestLocks.Held lock = locks.tryLock(digest)) {
            if (lock == null) {
                throw inProgress(); // on another instance
            }
            Map<Integer, Recorded> recorded = recordedFor(digest, items);
            List<java.util.UUID> decided = new ArrayList<>();
            byte[] answer;
            if (single == null) {
                answer = scoreItems(items, start, refused, digest, recorded, decided);
            } else if (recorded.containsKey(0)) {
                answer = ResponseEncoder.decision(recorded.get(0));
            } else {
                Decision decision = decide(
                        single, items.get(0), start, refused, new DecisionRecord.Request(digest, 0), scoring.state());
                decided.add(decision.decisionId());
                answer = ResponseEncoder.decision(decision);
            }
            // stored before the answer and before the lock goes: a retry that reaches another
            // instance then finds them (for a single request milliseconds when the writer is idle,
            // tenths of a second behind payment runs; up to the backlog's half second for a batch)
            if (!recorder.awaitStored(decided, STORE_WAIT)) {
                LOG.warn(
                        "A keyed request's {} decisions were not stored within {} s; answered anyway",
                        decided.size(),
                        STORE_WAIT.toSeconds());
            } else if (!recorder.superseded(decided).isEmpty()) {
                // another instance decided items of this request too, after this one lost its lock
                // (a database restart ends the lock's session), and its decisions were recorded first:
                // the answer is the record, as a retry's would be
                return fromRecord(digest, items, single, start, refused);
            }
            return answer;
        }
    }

    /**
     * The answer of a keyed request whose items the record now holds, decided nothing anew; 503 when
     * an item that decodes is not in the record (it waits in a journal).
     */
    private byte[] fromRecord(
            String digest,
            List<byte[]> items,
            ApplicationRequestDecoder.ScoreRequest single,
            long start,
            boolean refused)
            throws SQLException {
        Map<Integer, Recorded> recorded = recordedFor(digest, items);
        Map<String, Integer> firstItem = firstItems(recorded);
        for (int i = 0; i < items.size(); i++) {
            if (!recorded.containsKey(i) && decidable(items.get(i), firstItem)) {
                throw new RequestException(
                        ErrorCode.UNAVAILABLE,
                        null,
                        "another instance decided this request too while this one had lost its lock on it, and not"
                                + " every decision is in the database yet; retry later");
            }
        }
        return single == null
                ? scoreItems(items, start, refused, digest, recorded, null)
                : ResponseEncoder.decision(recorded.get(0));
    }

    /** Whether an item decodes and its application is not one a recorded item holds. */
    private boolean decidable(byte[] item, Map<String, Integer> firstItem) {
        try {
            return !firstItem.containsKey(
                    decoder.decodeRequest(item).application().applicationId());
        } catch (RequestException e) {
            return false;
        }
    }

    /** The first recorded item of each application among a keyed request's recorded items. */
    private static Map<String, Integer> firstItems(Map<Integer, Recorded> recorded) {
        Map<String, Integer> firstItem = new HashMap<>();
        for (Map.Entry<Integer, Recorded> e : recorded.entrySet()) {
            firstItem.merge(e.getValue().record().applicationId(), e.getKey(), Math::min);
        }
        return firstItem;
    }

    private static RequestException inProgress() {
        return new RequestException(
                ErrorCode.CONFLICT,
                IDEMPOTENCY_KEY,
                "a request with this Idempotency-Key is being decided; retry once it is answered");
    }

    /** How long the lookup of a keyed request's decisions may wait for the database's answer. */
    static final java.time.Duration LOOKUP_TIMEOUT = java.time.Duration.ofSeconds(5);

    /**
     * The decisions recorded for the request with key digest {@code key}, by item: those waiting
     * to be stored, then those in the database. Refused while the journal holds decisions, which
     * neither lookup sees; and when a recorded item differs from the one sent now (the key names
     * another request).
     */
    private Map<Integer, Recorded> recordedFor(String key, List<byte[]> items) throws SQLException {
        // in this order: a decision leaves the waiting ones only once it is in the database or the journal
        List<DecisionRecord> found = new ArrayList<>(recorder.unwrittenOfRequest(key));
        if (recorder.hasJournal()) {
            throw journaled();
        }
        found.addAll(store.findRequest(key, LOOKUP_TIMEOUT));
        if (recorder.hasJournal()) {
            throw journaled();
        }
        Map<Integer, Recorded> byItem = new HashMap<>();
        for (DecisionRecord r : found) {
            int item = r.request().item();
            if (item >= items.size() || !decoder.inputDigest(items.get(item)).equals(r.inputDigest())) {
                String which = item >= items.size()
                        ? "it had an item " + item + ", this one has " + items.size() + " items"
                        : "item " + item + " differs, byte for byte";
                throw new RequestException(
                        ErrorCode.INVALID_PARAMETER,
                        IDEMPOTENCY_KEY,
                        "this Idempotency-Key was sent with another request (" + which
                                + "); send a request again unchanged, or a new request with a new key");
            }
            byItem.putIfAbsent(item, new Recorded(r, questionsOf(r)));
        }
        return byItem;
    }

    private static RequestException journaled() {
        return new RequestException(
                ErrorCode.UNAVAILABLE,
                null,
                "decisions wait in the journal for the database, and this request's may be among them; retry later");
    }

    /** The texts of a recorded decision's questions, from the policies this service holds. */
    private List<Question> questionsOf(DecisionRecord r) {
        if (r.questions().isEmpty()) {
            return List.of();
        }
        ModelRegistry.State state = registry.state();
        List<Question> questions = new ArrayList<>(r.questions().size());
        for (String code : r.questions()) {
            Question q = question(code, state.champion());
            if (q == null) {
                q = question(code, state.previous());
            }
            if (q == null) {
                q = question(code, state.shadow());
            }
            // a policy changed since the decision: the code stands for its text
            questions.add(q != null ? q : new Question(code, code, code, List.of()));
        }
        return questions;
    }

    private static Question question(String code, ModelBundle bundle) {
        if (bundle == null) {
            return null;
        }
        for (Question q : bundle.policy().questions()) {
            if (q.code().equals(code)) {
                return q;
            }
        }
        return null;
    }

    private static boolean visibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
