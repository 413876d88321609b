package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/** The real service on port 0 with the embedded PostgreSQL, driven over HTTP. */
class ScoringServiceIT {

    private static final String TOKEN = TestTokens.ADMIN;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String VALID = "{\"applicationId\":\"%s\",\"personPseudonym\":\"%s\",\"benefit\":\"tfp\","
            + "\"channel\":\"paper\",\"submittedOn\":\"%s\",\"periodStart\":\"2025-02-03\",\"periodEnd\":\"2025-02-07\","
            + "\"claimedDays\":5,\"amountSek\":4000,\"declaredMonthlyIncomeSek\":30000}";

    private static KorrektServer server;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = TestDirectories.fresh("http");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        server = KorrektServer.start(config(models));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ServerConfig config(Path models) {
        return TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0);
    }

    @Test
    void scoresAnApplicationWithReasonsAndQueuesTheFlaggedCase() throws Exception {
        HttpResponse<String> scored =
                post(VALID.formatted("A-http-1", "p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "2025-08-01"));

        assertThat(scored.statusCode()).isEqualTo(200);
        JsonObject decision = new JsonObject(scored.body());
        assertThat(decision.getString("action")).isEqualTo("HOLD_PAYMENT");
        assertThat(decision.getDouble("score")).isBetween(0.9, 1.0);
        assertThat(decision.getString("modelVersion")).isEqualTo("20260101T000000Z");
        JsonArray reasons = decision.getJsonArray("reasons");
        // the rule hit first (VAB over 90 days late), then the model's strongest reason
        assertThat(reasons.getJsonObject(0).getString("code")).isEqualTo("RETROACTIVE_VAB");
        assertThat(reasons.getJsonObject(0).getString("textSv")).isNotBlank();
        assertThat(reasons.getJsonObject(1).getString("code")).isEqualTo("LATE_APPLICATION");

        // decisions reach the database off the request path, in batches
        server.recorder().flush(java.time.Duration.ofSeconds(10));
        HttpResponse<String> queue = get("/v1/queues/tfp");
        assertThat(queue.statusCode()).isEqualTo(200);
        JsonArray cases = new JsonObject(queue.body()).getJsonArray("cases");
        assertThat(cases.stream().map(c -> ((JsonObject) c).getString("decisionId")))
                .contains(decision.getString("decisionId"));
    }

    @Test
    void theBenchmarkEchoRouteIsOffByDefault() throws Exception {
        HttpResponse<String> echo = CLIENT.send(
                HttpRequest.newBuilder(uri(ScoringVerticle.ECHO_ROUTE))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(echo.statusCode()).isEqualTo(404);
    }

    @Test
    void theQueueListsTheReleasedCasesThenTheBacklogByPriority() throws Exception {
        post(VALID.formatted("A-rank-1", "p-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "2025-05-01")
                .replace("4000", "2000"));
        post(VALID.formatted("A-rank-2", "p-cccccccccccccccccccccccccccccccc", "2025-05-01")
                .replace("4000", "9000"));

        server.recorder().flush(java.time.Duration.ofSeconds(10));
        JsonArray cases = new JsonObject(get("/v1/queues/tfp?limit=500").body()).getJsonArray("cases");
        List<String> order = new ArrayList<>();
        boolean inBacklog = false;
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.getJsonObject(i);
            order.add(c.getString("applicationId"));
            if (c.getString("releasedOn") == null) {
                inBacklog = true;
            } else {
                assertThat(inBacklog)
                        .as("released cases come before the backlog")
                        .isFalse();
            }
            if (i > 0 && inBacklog && cases.getJsonObject(i - 1).getString("releasedOn") == null) {
                assertThat(c.getDouble("priority"))
                        .isLessThanOrEqualTo(cases.getJsonObject(i - 1).getDouble("priority"));
            }
        }
        // opened the same day, neither held: the larger expected value ranks first
        assertThat(order).contains("A-rank-1", "A-rank-2");
        assertThat(order.indexOf("A-rank-2")).isLessThan(order.indexOf("A-rank-1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "malformed JSON       |{\"applicationId\":|400|MALFORMED_JSON|",
                "missing field        |{\"applicationId\":\"A\"}|400|MISSING_FIELD|personPseudonym",
                "out of range         |AMOUNT=-5|400|OUT_OF_RANGE|amountSek",
                "unknown field        |EXTRA|400|UNKNOWN_FIELD|colour",
            })
    void badRequestsGetAStableCodeAndTheFieldButNeverAStackTrace(
            String name, String body, int status, String code, String field) throws Exception {
        String request =
                switch (body) {
                    case "AMOUNT=-5" ->
                        VALID.formatted("A-bad", "p-dddddddddddddddddddddddddddddddd", "2025-03-01")
                                .replace("\"amountSek\":4000", "\"amountSek\":-5");
                    case "EXTRA" ->
                        VALID.formatted("A-bad", "p-dddddddddddddddddddddddddddddddd", "2025-03-01")
                                .replace("}", ",\"colour\":\"red\"}");
                    default -> body;
                };
        HttpResponse<String> response = post(request);

        assertThat(response.statusCode()).as(name).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("field")).isEqualTo(field == null || field.isEmpty() ? null : field);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "org.korrekt");
    }

    @Test
    void otherErrorsAreMappedToo() throws Exception {
        HttpResponse<String> noToken = CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/queues/tfp")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(noToken.body()).getJsonObject("error").getString("code"))
                .isEqualTo("UNAUTHENTICATED");

        assertThat(errorCode(get("/v1/queues/nowhere"))).isEqualTo("NOT_FOUND");
        assertThat(errorCode(get("/v1/queues/tfp?limit=0"))).isEqualTo("INVALID_PARAMETER");
        assertThat(errorCode(get("/nothing-here"))).isEqualTo("NOT_FOUND");

        HttpResponse<String> tooLarge =
                post("{\"applicationId\":\"" + "x".repeat(ServerConfig.DEFAULT_MAX_BODY_BYTES) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(errorCode(tooLarge)).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(new JsonObject(tooLarge.body()).getJsonObject("error").getString("message"))
                .isEqualTo("the request body is larger than " + ServerConfig.DEFAULT_MAX_BODY_BYTES + " bytes");
        // a batch may be larger: 2 KiB an item; its refusal names its own limit
        long batchLimit = ServerConfig.DEFAULT_MAX_BATCH_ITEMS * 2_048L;
        HttpResponse<String> batchTooLarge = CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/score/batch"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"items\":[{\"applicationId\":\"" + "x".repeat((int) batchLimit) + "\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(batchTooLarge.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(batchTooLarge.body()).getJsonObject("error").getString("message"))
                .isEqualTo("the request body is larger than " + batchLimit + " bytes");

        HttpResponse<String> form = CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/score"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("a=%zz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(errorCode(form)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        // a gzipped body is refused as such, not read as malformed JSON
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
            gzip.write(VALID.formatted("A-gzip", "p-cccccccccccccccccccccccccccccccc", "2025-02-10")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> gzipped = CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/score/batch"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gzipped.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(gzipped.body()).getJsonObject("error").getString("message"))
                .isEqualTo("Content-Encoding gzip is not accepted: send the body uncompressed");
    }

    @Test
    void healthAndMetrics() throws Exception {
        HttpResponse<String> health =
                CLIENT.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(health.body()).getString("database")).isEqualTo("UP");

        post(VALID.formatted("A-metrics", "p-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "2025-02-10"));
        // a held payment opens a case in the tfp queue, written before the scrape
        post(VALID.formatted("A-metrics-held", "p-ffffffffffffffffffffffffffffffff", "2025-08-01"));
        // a batch is a 200 even when an item is refused: its items' errors are counted by code
        HttpResponse<String> batch = CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/score/batch"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"items\":["
                                + VALID.formatted("A-metrics-batch", "p-dddddddddddddddddddddddddddddddd", "2025-02-10")
                                + ",{\"applicationId\":\"A-metrics-bad\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        server.recorder().flush(java.time.Duration.ofSeconds(10));
        String metrics = CLIENT.send(
                        HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("# TYPE korrekt_http_requests_total counter")
                .contains("korrekt_http_requests_total{route=\"/v1/score\",status=\"200\"}")
                .contains("korrekt_scoring_seconds_bucket{profile=\"test\",le=\"+Inf\"}")
                .contains("korrekt_http_request_seconds_count{route=\"/v1/score\"}")
                .containsPattern(
                        "korrekt_decisions_total\\{profile=\"test\",band=\"[A-Z_]+\",action=\"[A-Z_]+\"} [1-9]")
                .containsPattern("korrekt_queue_open_cases\\{unit=\"tfp\"} [1-9]")
                .contains("korrekt_decisions_by_band_total{profile=\"test\",band=\"LOW\"}")
                .containsPattern("korrekt_batch_item_errors_total\\{code=\"[A-Z_]+\"} 1\n")
                .contains("korrekt_decision_records_superseded_total 0\n")
                .containsPattern("korrekt_score_psi\\{profile=\"test\",model_version=\"20260101T000000Z\"} [0-9.]+\n")
                .containsPattern(
                        "korrekt_score_psi_observations\\{profile=\"test\",model_version=\"20260101T000000Z\"} [1-9]");
    }

    @Test
    void aBundleTrainedOnAnotherFeatureSchemaIsRefusedAtStart() throws Exception {
        FeatureSchema other = new FeatureSchema(
                "application",
                99,
                List.of(new FeatureDefinition("only", "a feature of another schema", "unit", null, null, null)));
        LogisticRegressionModel foreign = new LogisticRegressionModel(
                other.fingerprint(), other.names(), new double[] {1}, new double[] {0}, new double[] {1}, 0);
        Path dir = work.resolve("other-schema-models").resolve("test").resolve("v1");
        java.nio.file.Files.createDirectories(dir);
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(dir.resolve(ModelArtifacts.FILE_NAME))) {
            ModelArtifacts.write(foreign, other, out);
        }
        BundleManifest manifest = BundleManifest.of(
                "test",
                "v1",
                java.time.Instant.now(),
                BundleManifest.LOGISTIC_REGRESSION,
                other,
                new DecisionThresholds(0.2, 0.5, 0.9),
                java.util.Map.of(ModelArtifacts.FILE_NAME, Checksums.sha256Hex(dir.resolve(ModelArtifacts.FILE_NAME))));
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(dir.resolve(BundleManifest.FILE_NAME))) {
            manifest.write(out);
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> KorrektServer.start(config(work.resolve("other-schema-models"))))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("trained on feature schema application v99")
                .hasMessageContaining("running schema is application v1");
    }

    @Test
    void aBundleOfTheClaimFeaturesWithoutAHistorySaysToGiveOne() throws Exception {
        FeatureSchema claim = org.korrekt.features.ClaimFeatures.SCHEMA;
        int n = claim.size();
        LogisticRegressionModel model = new LogisticRegressionModel(
                claim.fingerprint(), claim.names(), new double[n], new double[n], filled(n, 1), 0);
        Path dir = work.resolve("claim-models").resolve("test").resolve("v1");
        java.nio.file.Files.createDirectories(dir);
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(dir.resolve(ModelArtifacts.FILE_NAME))) {
            ModelArtifacts.write(model, claim, out);
        }
        BundleManifest manifest = BundleManifest.of(
                "test",
                "v1",
                java.time.Instant.now(),
                BundleManifest.LOGISTIC_REGRESSION,
                claim,
                new DecisionThresholds(0.2, 0.5, 0.9),
                java.util.Map.of(ModelArtifacts.FILE_NAME, Checksums.sha256Hex(dir.resolve(ModelArtifacts.FILE_NAME))));
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(dir.resolve(BundleManifest.FILE_NAME))) {
            manifest.write(out);
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> KorrektServer.start(config(work.resolve("claim-models"))))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("the bundle was trained on the claim features")
                .hasMessageContaining("give it with --history FILE (written by korrekt history)");
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    @Test
    void aBundleWhoseFileFailsItsChecksumIsRefusedAtStart() throws Exception {
        Path models = work.resolve("foreign-models");
        Path bundle = TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        java.nio.file.Files.writeString(
                bundle.resolve("bundle.json"),
                java.nio.file.Files.readString(bundle.resolve("bundle.json"))
                        .replaceFirst("\"model.krkt\" : \"[0-9a-f]+\"", "\"model.krkt\" : \"" + "0".repeat(64) + "\""));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KorrektServer.start(config(models)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("model.krkt fails its checksum");
    }

    private static String errorCode(HttpResponse<String> response) {
        return new JsonObject(response.body()).getJsonObject("error").getString("code");
    }

    private static URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/score"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
