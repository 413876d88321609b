package org.korrekt.benchmarks.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sends POST requests to the routes of one service over a pool of HTTP/1.1 keep-alive connections
 * (Vert.x's client on its own one-thread event loop), in two ways:
 *
 * <ul>
 *   <li>{@link #openLoop open loop}: request {@code i} is due at {@code start + i / rate}, whether or
 *       not earlier requests have been answered; a scheduler thread dispatches each one at its due
 *       time, and its latency is measured from that due time to the end of the response body. A
 *       request that waits for a free connection, or behind a stalled server, is charged for the
 *       wait, so the percentiles carry no coordinated omission (the method of Gil Tene's wrk2).
 *   <li>{@link #closedLoop closed loop}: a fixed number of requests in flight, each answer sending the
 *       next: the most the service answers a second, not a latency measurement.
 * </ul>
 *
 * <p>Both cycle through the payloads in order, each route from where it stopped last time, so that
 * every route is sent the same sequence of bodies. Histograms are touched on the client's event
 * loop only.
 */
public final class LoadGenerator implements AutoCloseable {

    /** The scheduler parks until this long before a request is due, then spins: parking overshoots by ~50 µs. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** How long a response may stay silent before its request counts as failed. */
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final Vertx vertx;
    private final HttpClient client;
    private final Context context;
    private final URI base;
    private final List<byte[]> payloads;
    private final String token;
    private final Map<String, AtomicLong> cursors = new ConcurrentHashMap<>();

    /**
     * One route under load.
     *
     * @param name the name in the report
     * @param path the request path, e.g. {@code /v1/score}
     * @param echo whether a correct answer is the request body itself (checked on every request)
     */
    public record Route(String name, String path, boolean echo) {
        public Route {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * The outcome of an open-loop phase.
     *
     * @param route the route's name
     * @param rate the target rate, requests a second
     * @param latency nanoseconds from each answered (200) request's due time to the end of its response
     * @param sendLag nanoseconds from each request's due time to its dispatch on the client's event loop:
     *     the generator's own lateness, included in {@code latency}
     * @param sent requests sent
     * @param failed requests not answered 200 (or, for an echo, not with the body sent)
     * @param statuses how many answers had each status, 0 for no answer
     * @param firstFailure what the first failure was, or null
     * @param elapsedNanos from the first request's due time to the last answer
     * @param answerBytes the bodies of the 200 answers, in bytes
     */
    public record Phase(
            String route,
            double rate,
            Histogram latency,
            Histogram sendLag,
            long sent,
            long failed,
            Map<Integer, Long> statuses,
            String firstFailure,
            long elapsedNanos,
            long answerBytes) {

        /** Requests answered 200 a second over the phase. */
        public double achievedPerSecond() {
            return elapsedNanos == 0 ? 0 : latency.getTotalCount() * 1e9 / elapsedNanos;
        }

        /** This phase and {@code other}, of the same route and rate, as one. */
        public Phase plus(Phase other) {
            Histogram l = latency.copy();
            l.add(other.latency);
            Histogram s = sendLag.copy();
            s.add(other.sendLag);
            Map<Integer, Long> st = new TreeMap<>(statuses);
            other.statuses.forEach((k, v) -> st.merge(k, v, Long::sum));
            return new Phase(
                    route,
                    rate,
                    l,
                    s,
                    sent + other.sent,
                    failed + other.failed,
                    st,
                    firstFailure != null ? firstFailure : other.firstFailure,
                    elapsedNanos + other.elapsedNanos,
                    answerBytes + other.answerBytes);
        }
    }

    /**
     * The outcome of a closed-loop phase.
     *
     * @param route the route's name
     * @param inFlight requests kept in flight
     * @param answered requests answered 200 within the phase
     * @param failed requests that failed
     * @param elapsedNanos the phase's length
     */
    public record Saturation(String route, int inFlight, long answered, long failed, long elapsedNanos) {
        /** Requests answered 200 a second. */
        public double perSecond() {
            return answered * 1e9 / elapsedNanos;
        }
    }

    /**
     * Opens a client for {@code base} (e.g. {@code http://127.0.0.1:8080}) with at most {@code
     * connections} connections, sending {@code bearerToken} and the {@code payloads} (JSON bodies).
     */
    public LoadGenerator(URI base, String bearerToken, int connections, List<byte[]> payloads) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, was " + connections);
        }
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("payloads must not be empty");
        }
        this.base = base;
        this.payloads = List.copyOf(payloads);
        this.token = "Bearer " + bearerToken;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setPipelining(false).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections));
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Sends requests at {@code rate} a second for {@code duration}, then waits for the answers.
     *
     * @throws InterruptedException if interrupted while pacing or waiting
     */
    public Phase openLoop(Route route, double rate, Duration duration) throws InterruptedException {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
        long total = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        double interval = 1e9 / rate;
        RequestOptions options = options(route);
        AtomicLong cursor = cursor(route);
        Tally tally = new Tally(total);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * interval);
            waitUntil(due);
            byte[] payload = payloads.get((int) (cursor.getAndIncrement() % payloads.size()));
            context.runOnContext(v -> {
                tally.sendLag.recordValue(Math.max(0, System.nanoTime() - due));
                send(options, payload, route.echo()).onComplete(answer -> tally.complete(due, answer, payload));
            });
        }
        long wait = duration.toMillis() + 2 * IDLE_TIMEOUT_MILLIS;
        if (!tally.done.await(wait, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(route.name() + ": " + tally.done.getCount() + " of " + total
                    + " requests still unanswered after " + wait + " ms");
        }
        return onContext(() -> new Phase(
                route.name(),
                rate,
                tally.latency,
                tally.sendLag,
                total,
                tally.failed,
                new TreeMap<>(tally.statuses),
                tally.firstFailure,
                tally.last == 0 ? 0 : tally.last - start,
                tally.answerBytes));
    }

    /**
     * Keeps {@code inFlight} requests in flight for {@code duration}: each answer sends the next.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public Saturation closedLoop(Route route, int inFlight, Duration duration) throws InterruptedException {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be >= 1, was " + inFlight);
        }
        RequestOptions options = options(route);
        AtomicLong cursor = cursor(route);
        CountDownLatch stopped = new CountDownLatch(inFlight);
        long[] counts = new long[2]; // answered, failed; touched on the event loop only
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        context.runOnContext(v -> {
            for (int i = 0; i < inFlight; i++) {
                sendNext(options, route.echo(), cursor, end, counts, stopped);
            }
        });
        if (!stopped.await(duration.toMillis() + 2 * IDLE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(route.name() + ": closed loop did not stop");
        }
        return onContext(() -> new Saturation(route.name(), inFlight, counts[0], counts[1], end - start));
    }

    private void sendNext(
            RequestOptions options, boolean echo, AtomicLong cursor, long end, long[] counts, CountDownLatch stopped) {
        if (System.nanoTime() - end >= 0) {
            stopped.countDown();
            return;
        }
        byte[] payload = payloads.get((int) (cursor.getAndIncrement() % payloads.size()));
        send(options, payload, echo).onComplete(answer -> {
            if (System.nanoTime() - end < 0) {
                counts[failure(answer, payload) == null ? 0 : 1]++;
            }
            sendNext(options, echo, cursor, end, counts, stopped);
        });
    }

    /**
     * Sends one request and yields the answer's status and body. Vert.x completes the future on
     * the context that called {@code request}, here the client's event loop.
     */
    private io.vertx.core.Future<Answer> send(RequestOptions options, byte[] payload, boolean echo) {
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(payload)))
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body, echo)));
    }

    /** A response: its status and body, and whether the body must equal the request's. */
    private record Answer(int status, Buffer body, boolean echo) {}

    /** Null for a correct answer, else what was wrong. */
    private static String failure(AsyncResult<Answer> answer, byte[] payload) {
        if (answer.failed()) {
            return "no answer: " + answer.cause();
        }
        Answer a = answer.result();
        if (a.status() != 200) {
            return "HTTP " + a.status();
        }
        if (a.echo() && !a.body().equals(Buffer.buffer(payload))) {
            return "the echo's body differs from the request's";
        }
        return null;
    }

    private RequestOptions options(Route route) {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(base.resolve(route.path()).toString())
                .putHeader("Authorization", token)
                .putHeader("Content-Type", "application/json")
                .setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    }

    private AtomicLong cursor(Route route) {
        return cursors.computeIfAbsent(route.name(), k -> new AtomicLong());
    }

    /** Reads results on the event loop that wrote them. */
    private <T> T onContext(java.util.concurrent.Callable<T> read) throws InterruptedException {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(read.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("reading the results failed", e);
        }
    }

    /** Parks, then spins, until {@code deadline} (a {@link System#nanoTime()}). */
    static void waitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(remaining - SPIN_NANOS);
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    /** One open-loop phase's counts; written on the event loop only. */
    private static final class Tally {
        final Histogram latency = new Histogram(3);
        final Histogram sendLag = new Histogram(3);
        final Map<Integer, Long> statuses = new TreeMap<>();
        final CountDownLatch done;
        long failed;
        long answerBytes;
        long last;
        String firstFailure;

        Tally(long total) {
            this.done = new CountDownLatch(Math.toIntExact(total));
        }

        void complete(long due, AsyncResult<Answer> answer, byte[] payload) {
            long now = System.nanoTime();
            String failure = failure(answer, payload);
            statuses.merge(answer.succeeded() ? answer.result().status() : 0, 1L, Long::sum);
            if (failure == null) {
                latency.recordValue(now - due);
                answerBytes += answer.result().body().length();
            } else {
                failed++;
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
            last = now;
            done.countDown();
        }
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
