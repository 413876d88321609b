package org.korrekt.scoring.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWKS fetched from a URL and cached. Keys older than the refresh interval are fetched again in
 * the background while the old ones stay in use; a {@code kid} the cache does not know is fetched
 * at once (the caller waits up to {@link #TIMEOUT}). Fetches are single-flight and at most one per
 * {@link #COOLDOWN}, so tokens with made-up key ids cannot flood the identity provider. A failed
 * fetch keeps the keys already cached.
 */
final class RemoteJwkSet implements KeyLookup {

    /** Shortest time between two fetches. */
    static final Duration COOLDOWN = Duration.ofSeconds(10);
    /** Connect and request timeout of one fetch. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Largest JWKS document accepted. */
    static final int MAX_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJwkSet.class);

    private record Snapshot(JwkSet keys, Instant fetchedAt) {}

    private final URI url;
    private final Duration refresh;
    private final Clock clock;
    private final HttpClient client;
    private volatile Snapshot snapshot;

    private final Object lock = new Object();
    /** The fetch under way, if any; guarded by {@link #lock}. */
    private CompletableFuture<Snapshot> inFlight;
    /** When the last fetch started; guarded by {@link #lock}. */
    private Instant lastAttempt;

    RemoteJwkSet(URI url, Duration refresh, Clock clock) {
        this.url = url;
        this.refresh = refresh;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public PublicJwk key(String kid, Algorithm algorithm) throws JwtException {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current == null) {
            current = await(fetch(now));
            if (current == null) {
                throw new JwtException(JwtException.Reason.KEYS_UNAVAILABLE, "the JWKS could not be fetched");
            }
        } else if (!now.isBefore(current.fetchedAt().plus(refresh))) {
            fetch(now); // in the background; the cached keys serve meanwhile
        }
        PublicJwk key = current.keys().find(kid, algorithm);
        if (key == null) {
            Snapshot fresh = await(fetch(now));
            key = fresh == null ? null : fresh.keys().find(kid, algorithm);
        }
        if (key == null) {
            throw new JwtException(JwtException.Reason.UNKNOWN_KEY, "no key for this kid and alg");
        }
        return key;
    }

    /**
     * Fetches the JWKS now and waits for it; within {@link #COOLDOWN} of the last fetch, keeps the
     * cached keys, or fails if there are none.
     */
    void refreshNow() throws IOException {
        CompletableFuture<Snapshot> fetch = fetch(clock.instant());
        if (fetch == null) {
            if (snapshot == null) {
                throw new IOException("no keys from the JWKS " + url + " yet; the last fetch failed less than "
                        + COOLDOWN.toSeconds() + " s ago");
            }
            return;
        }
        try {
            fetch.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the JWKS " + url, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("could not fetch the JWKS " + url + ": " + cause.getMessage(), cause);
        }
    }

    /** Starts a fetch, or joins the one under way; null while the cooldown runs. */
    private CompletableFuture<Snapshot> fetch(Instant now) {
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight;
            }
            if (lastAttempt != null && now.isBefore(lastAttempt.plus(COOLDOWN))) {
                return null;
            }
            lastAttempt = now;
            CompletableFuture<Snapshot> fetch = CompletableFuture.supplyAsync(this::download, RemoteJwkSet::daemon);
            inFlight = fetch;
            fetch.whenComplete((result, error) -> {
                synchronized (lock) {
                    inFlight = null;
                }
                if (error != null) {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    LOG.warn("could not fetch the JWKS {}: {}", url, cause.toString());
                }
            });
            return fetch;
        }
    }

    private Snapshot download() {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("larger than " + MAX_BYTES + " bytes");
                }
                JwkSet keys = JwkSet.parse(bytes);
                if (keys.keys().isEmpty()) {
                    LOG.warn("the JWKS {} holds no RS256 or ES256 key korrekt can use", url);
                }
                Snapshot fetched = new Snapshot(keys, clock.instant());
                snapshot = fetched;
                return fetched;
            }
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Waits for a fetch; null when there is none, or it failed or took too long. */
    private static Snapshot await(CompletableFuture<Snapshot> fetch) {
        if (fetch == null) {
            return null;
        }
        try {
            return fetch.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "korrekt-jwks");
        thread.setDaemon(true);
        thread.start();
    }
}
