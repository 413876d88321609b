package org.korrekt.scoring.cli;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.korrekt.scoring.server.KorrektServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code korrekt demo} (scoring part): starts the service, then replays a stream of incoming
 * applications through its HTTP API so that decisions are recorded and the queues fill.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Serve, then send the applications in a JSON-lines file to POST /v1/score, then keep serving.")
public final class DemoCommand extends ServeCommand {

    private static final int IN_FLIGHT = 4;

    @Option(names = "--feed", required = true, description = "JSON-lines file of applications to score.")
    Path feed;

    @Override
    boolean showToken() {
        return true;
    }

    @Override
    void afterStart(KorrektServer server) throws Exception {
        String token = demoToken();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI score = URI.create(server.baseUrl() + "/v1/score");
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(feed, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        Map<String, LongAdder> actions = new ConcurrentHashMap<>();
        LongAdder failures = new LongAdder();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long start = System.nanoTime();
        System.out.printf("Scoring %,d incoming applications from %s through %s ...%n", lines.size(), feed, score);
        for (int i = 0; i < lines.size(); i++) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(score)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(lines.get(i)))
                    .build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        inFlight.release();
                        if (error != null || response.statusCode() != 200) {
                            failures.increment();
                            if (failures.sum() <= 3) {
                                System.err.println("  failed: " + (error != null ? error : response.body()));
                            }
                            return null;
                        }
                        String action = new JsonObject(response.body()).getString("action");
                        actions.computeIfAbsent(action, k -> new LongAdder()).increment();
                        return null;
                    }));
            if ((i + 1) % 500 == 0) {
                System.out.printf("  %,d / %,d%n", i + 1, lines.size());
            }
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> summary = new TreeMap<>();
        actions.forEach((action, count) -> summary.put(action, count.sum()));
        System.out.printf(
                "Scored %,d applications in %.1f s (%,.0f per second): %s; %d failed.%n",
                lines.size() - failures.sum(), seconds, lines.size() / seconds, summary, failures.sum());
        String base = server.baseUrl();
        System.out.printf(
                "%nTry it:%n"
                        + "  TOKEN=$(./korrekt token --role investigator --unit tfp --work-dir %s)%n"
                        + "  curl -s -H \"Authorization: Bearer $TOKEN\" '%s/v1/queues/tfp?limit=5'%n",
                workDir, base);
    }
}
