package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.log.CapturedLog;
import org.korrekt.scoring.server.KorrektServer;

/**
 * The model registry over HTTP on a real server and database: activation under concurrent load,
 * shadow scoring, rollback, refusal of a corrupt bundle; and the batch and decision record routes.
 */
class ModelRegistryIT {

    private static final String TOKEN = TestTokens.ADMIN;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String ITEM = "{\"applicationId\":\"%s\",\"personPseudonym\":\"p-%032d\",\"benefit\":\"tfp\","
            + "\"channel\":\"paper\",\"submittedOn\":\"2025-04-01\",\"periodStart\":\"2025-02-03\","
            + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":%s,\"declaredMonthlyIncomeSek\":30000}";

    private static KorrektServer server;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("registry");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        TestModels.writeBundle(models, "test", "v2", TestModels.shifted(TestModels.lateClaimModel(), 1.0));
        Path corrupt = TestModels.writeBundle(
                models, "test", "v0-corrupt", TestModels.shifted(TestModels.lateClaimModel(), 2.0));
        // one byte changed after the checksum was taken
        byte[] model = Files.readAllBytes(corrupt.resolve(ModelArtifacts.FILE_NAME));
        model[model.length / 2] ^= 1;
        Files.write(corrupt.resolve(ModelArtifacts.FILE_NAME), model);
        server = KorrektServer.start(TestServers.config(work, models, 50, 0));
        // the newest version by name starts as champion
        assertThat(server.bundle().version()).isEqualTo("v2");
        assertThat(post("/v1/models/test/v1/activate", "").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void activationUnderConcurrentLoadFailsNoRequestAndNeverMixesVersions() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Map<String, Double> scoreByVersion = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(5);
        AtomicInteger batches = new AtomicInteger();
        try {
            List<Future<?>> load = new java.util.ArrayList<>();
            // a payment run's batches: each scored by one version, whichever is activated meanwhile
            load.add(clients.submit(() -> {
                int i = 0;
                while (running.get()) {
                    StringBuilder body = new StringBuilder("{\"items\":[");
                    for (int k = 0; k < 50; k++) {
                        body.append(k == 0 ? "" : ",").append(ITEM.formatted("A-run-" + i + "-" + k, 100 + k, "5000"));
                    }
                    try {
                        HttpResponse<String> r =
                                post("/v1/score/batch", body.append("]}").toString());
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                        } else {
                            java.util.Set<String> versions = new java.util.HashSet<>();
                            JsonArray results = new JsonObject(r.body()).getJsonArray("results");
                            for (int k = 0; k < results.size(); k++) {
                                versions.add(results.getJsonObject(k).getString("modelVersion"));
                            }
                            if (versions.size() != 1) {
                                failures.add("batch " + i + " was scored by " + versions);
                            }
                            batches.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    i++;
                }
            }));
            for (int t = 0; t < 4; t++) {
                int client = t;
                load.add(clients.submit(() -> {
                    int i = 0;
                    while (running.get()) {
                        try {
                            HttpResponse<String> r =
                                    post("/v1/score", ITEM.formatted("A-load-" + client + "-" + i, client, "5000"));
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else {
                                JsonObject d = new JsonObject(r.body());
                                Double earlier =
                                        scoreByVersion.putIfAbsent(d.getString("modelVersion"), d.getDouble("score"));
                                if (earlier != null && !earlier.equals(d.getDouble("score"))) {
                                    failures.add("version " + d.getString("modelVersion") + " scored " + earlier
                                            + " and " + d.getDouble("score"));
                                }
                                ok.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                        i++;
                    }
                }));
            }
            for (int swap = 0; swap < 10; swap++) {
                Thread.sleep(100);
                HttpResponse<String> r =
                        swap % 2 == 0 ? post("/v1/models/test/v2/activate", "") : post("/v1/models/test/rollback", "");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            Thread.sleep(100);
            running.set(false);
            for (Future<?> f : load) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(batches.get()).isPositive();
        assertThat(scoreByVersion).containsOnlyKeys("v1", "v2");
        assertThat(scoreByVersion.get("v2")).isGreaterThan(scoreByVersion.get("v1"));
        System.out.printf("activation under load: %d requests, 10 swaps, 0 failed%n", ok.get());
        // ten swaps starting from v1: activate v2, roll back to v1, ... ends on v1
        assertThat(new JsonObject(get("/v1/models").body())
                        .getJsonObject("champion")
                        .getString("version"))
                .isEqualTo("v1");
    }

    @Test
    void aCorruptBundleIsRefusedAndTheChampionKeepsServing() throws Exception {
        String before = server.bundle().version();
        HttpResponse<String> refused = post("/v1/models/test/v0-corrupt/activate", "");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code"))
                .isEqualTo("BUNDLE_REFUSED");
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("message"))
                .contains("fails its checksum");
        assertThat(server.bundle().version()).isEqualTo(before);
        assertThat(post("/v1/score", ITEM.formatted("A-after-refusal", 7, "5000"))
                        .statusCode())
                .isEqualTo(200);
        try (CapturedLog log = CapturedLog.start()) {
            assertThat(post("/v1/models/test/v9/activate", "").statusCode()).isEqualTo(404);
            assertThat(post("/v1/models/other/v1/activate", "").statusCode()).isEqualTo(404);
            // a change asked for and not made is in the log with who asked, as a made one is
            assertThat(log.events("models_change_refused"))
                    .extracting(e -> e.getString("profile"), e -> e.getString("code"), e -> e.getString("subject"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("test", "NOT_FOUND", "test-admin"),
                            org.assertj.core.groups.Tuple.tuple("other", "NOT_FOUND", "test-admin"));
        }
    }

    @Test
    void aShadowIsScoredAndRecordedButNeverActs() throws Exception {
        String champion = server.bundle().version();
        String challenger = champion.equals("v1") ? "v2" : "v1";
        assertThat(post("/v1/models/test/" + challenger + "/shadow", "").statusCode())
                .isEqualTo(200);
        try {
            HttpResponse<String> scored = post("/v1/score", ITEM.formatted("A-shadow", 11, "5000"));
            JsonObject decision = new JsonObject(scored.body());
            assertThat(decision.getString("modelVersion")).isEqualTo(champion);
            assertThat(decision.containsKey("shadow")).isFalse();
            JsonObject record = new JsonObject(
                    get("/v1/decisions/" + decision.getString("decisionId")).body());
            JsonArray shadow = record.getJsonArray("shadow");
            assertThat(shadow).hasSize(1);
            assertThat(shadow.getJsonObject(0).getString("modelVersion")).isEqualTo(challenger);
            assertThat(shadow.getJsonObject(0).getDouble("score")).isNotEqualTo(decision.getDouble("score"));
            assertThat(get("/metrics").body()).contains("korrekt_shadow_scores_total");
        } finally {
            HttpResponse<String> stopped = delete("/v1/models/test/shadow");
            assertThat(stopped.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(stopped.body()).getValue("shadow")).isNull();
        }
    }

    @Test
    void batchScoresEveryGoodItemAndNamesTheBadOnesField() throws Exception {
        String body = "{\"items\":[" + ITEM.formatted("A-b-0", 21, "5000") + "," + ITEM.formatted("A-b-1", 22, "-1")
                + "," + ITEM.formatted("A-b-2", 23, "7000") + "]}";
        HttpResponse<String> r = post("/v1/score/batch", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray results = new JsonObject(r.body()).getJsonArray("results");
        assertThat(results).hasSize(3);
        assertThat(results.getJsonObject(0).getString("applicationId")).isEqualTo("A-b-0");
        assertThat(results.getJsonObject(1).getJsonObject("error").getString("field"))
                .isEqualTo("items[1].amountSek");
        assertThat(results.getJsonObject(1).getJsonObject("error").getString("code"))
                .isEqualTo("OUT_OF_RANGE");
        assertThat(results.getJsonObject(2).getString("applicationId")).isEqualTo("A-b-2");

        // an item that is no object is that item's error, as a bad field is; the others are decided
        HttpResponse<String> odd = post(
                "/v1/score/batch",
                "{\"items\":[7, null, [1, {\"a\": 2}], \"A-c-0\", " + ITEM.formatted("A-c-1", 24, "5000") + "]}");
        assertThat(odd.statusCode()).as(odd.body()).isEqualTo(200);
        JsonArray oddResults = new JsonObject(odd.body()).getJsonArray("results");
        assertThat(oddResults).hasSize(5);
        for (int i = 0; i < 4; i++) {
            JsonObject error = oddResults.getJsonObject(i).getJsonObject("error");
            assertThat(error.getString("field")).isEqualTo("items[" + i + "]");
            assertThat(error.getString("code")).isEqualTo("MALFORMED_JSON");
            assertThat(error.getString("message")).isEqualTo("an application must be a JSON object");
        }
        assertThat(oddResults.getJsonObject(4).getString("applicationId")).isEqualTo("A-c-1");

        StringBuilder tooMany = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 51; i++) {
            tooMany.append(i == 0 ? "" : ",").append(ITEM.formatted("A-m-" + i, i, "100"));
        }
        HttpResponse<String> refused =
                post("/v1/score/batch", tooMany.append("]}").toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("field"))
                .isEqualTo("items");
    }

    @Test
    void decisionRecordsAreKeptInFull() throws Exception {
        JsonObject decision = new JsonObject(
                post("/v1/score", ITEM.formatted("A-rec", 31, "5000")).body());
        server.recorder().flush(Duration.ofSeconds(10));
        HttpResponse<String> r;
        try (CapturedLog log = CapturedLog.start()) {
            r = get("/v1/decisions/" + decision.getString("decisionId"));
            // who read a record of a person is logged, by ids only
            assertThat(log.events("record_read")).singleElement().satisfies(e -> {
                assertThat(e.getString("kind")).isEqualTo("decision");
                assertThat(e.getString("id")).isEqualTo(decision.getString("decisionId"));
                assertThat(e.getString("subject")).isEqualTo("test-admin");
                assertThat(e.encode()).doesNotContain("A-rec");
            });
        }
        assertThat(r.statusCode()).isEqualTo(200);
        // a record of a person: kept by no cache, read as nothing but JSON
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        JsonObject record = new JsonObject(r.body());
        assertThat(record.getString("applicationId")).isEqualTo("A-rec");
        assertThat(record.getDouble("score")).isEqualTo(decision.getDouble("score"));
        // one time, as answered and as stored (PostgreSQL keeps microseconds)
        assertThat(record.getString("decidedAt")).isEqualTo(decision.getString("decidedAt"));
        assertThat(record.getString("action")).isEqualTo(decision.getString("action"));
        assertThat(record.getJsonArray("features")).hasSize(ApplicationFeatures.SCHEMA_V1.size());
        assertThat(record.getJsonArray("reasons").getJsonObject(0).getString("code"))
                .isEqualTo(decision.getJsonArray("reasons").getJsonObject(0).getString("code"));
        assertThat(record.getString("rules")).startsWith("application v");
        assertThat(record.getString("personPseudonym")).isEqualTo("p-%032d".formatted(31));

        assertThat(get("/v1/decisions/" + java.util.UUID.randomUUID()).statusCode())
                .isEqualTo(404);
        assertThat(get("/v1/decisions/not-a-uuid").statusCode()).isEqualTo(400);
    }

    @Test
    void theModelsRouteListsTheVersionsOnDisk() throws Exception {
        HttpResponse<String> models = get("/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        JsonArray versions = new JsonObject(models.body()).getJsonArray("versions");
        assertThat(versions.stream().map(Object::toString)).containsExactly("v0-corrupt", "v1", "v2");
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
