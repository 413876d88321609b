package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.EmbeddedPostgres;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * A client that sends a request again with the same {@code Idempotency-Key} (its answer lost, its
 * connection timed out, the service restarted) gets the decisions already made, byte for byte, and
 * no application is decided, queued or counted twice; a real server on a real PostgreSQL.
 */
class IdempotentRetryIT {

    private static final String ITEM = "{\"applicationId\":\"%s\",\"personPseudonym\":\"p-%032d\","
            + "\"benefit\":\"tfp\",\"channel\":\"%s\",\"submittedOn\":\"%s\","
            + "\"periodStart\":\"2025-02-03\",\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,"
            + "\"amountSek\":%d,\"declaredMonthlyIncomeSek\":30000}";

    private static final String PAYMENT_RUN = TestTokens.token("payment-run", Set.of(Role.SELFSERVICE), Set.of());
    private static final String OTHER_RUN = TestTokens.token("payment-run-b", Set.of(Role.SELFSERVICE), Set.of());

    // HTTP/1.1: JDK 17's client before 17.0.17 fails open HTTP/2 streams at a server's GOAWAY (JDK-8335181)
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A late paper claim (a case) or a prompt e-service one (a pass), each its own person. */
    private static String item(String applicationId, int person, boolean late) {
        return ITEM.formatted(
                applicationId,
                person,
                late ? "paper" : "e-service",
                late ? "2025-09-01" : "2025-02-10",
                late ? 9_000 : 4_000);
    }

    private static String batch(List<String> items) {
        return "{\"items\":[" + String.join(",", items) + "]}";
    }

    @Test
    void aRetryIsAnsweredWithTheDecisionsMadeAndNothingIsDecidedTwice() throws Exception {
        Path work = TestDirectories.fresh("idempotent-retry");
        Path models = lateClaimModels(work);
        ServerConfig config = TestServers.config(work, models, 100, 0);
        List<String> items = List.of(
                item("A-idem-0", 1, true),
                item("A-idem-1", 2, false),
                "{\"applicationId\":\"A-idem-2\"}", // refused: an item's error is answered again
                item("A-idem-3", 4, true));
        String body = batch(items);
        String first;
        String single;
        try (KorrektServer server = KorrektServer.start(config)) {
            HttpResponse<String> sent = post(server, "/v1/score/batch", PAYMENT_RUN, "run-2026-11-25/1", body);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            first = sent.body();
            JsonArray results = new JsonObject(first).getJsonArray("results");
            assertThat(results.getJsonObject(0).getString("action")).isIn("MANUAL_CHECK", "HOLD_PAYMENT");
            assertThat(results.getJsonObject(1).getString("action")).isEqualTo("PASS");
            assertThat(results.getJsonObject(2).containsKey("error")).isTrue();
            // at once, while its decisions may still wait to be stored (DecisionRecorderIT finds
            // them there for sure), and once they are
            assertThat(post(server, "/v1/score/batch", PAYMENT_RUN, "run-2026-11-25/1", body)
                            .body())
                    .isEqualTo(first);
            long signals = signals(server);
            assertThat(signals).isEqualTo(2);
            assertThat(post(server, "/v1/score/batch", PAYMENT_RUN, "run-2026-11-25/1", body)
                            .body())
                    .isEqualTo(first);
            assertThat(decisions(server, "A-idem-%")).isEqualTo(3);
            assertThat(signals(server)).isEqualTo(signals);

            // the single route too; without a key, a resend is decided again (what the key prevents)
            String one = item("A-idem-single", 5, true);
            single = post(server, "/v1/score", PAYMENT_RUN, "self-service-7", one)
                    .body();
            assertThat(post(server, "/v1/score", PAYMENT_RUN, "self-service-7", one)
                            .body())
                    .isEqualTo(single);
            assertThat(new JsonObject(single).getString("decisionId")).isNotBlank();
            String unkeyed = item("A-idem-unkeyed", 6, true);
            assertThat(post(server, "/v1/score", PAYMENT_RUN, null, unkeyed).body())
                    .isNotEqualTo(post(server, "/v1/score", PAYMENT_RUN, null, unkeyed)
                            .body());
            assertThat(server.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(decisions(server, "A-idem-single")).isEqualTo(1);
            assertThat(decisions(server, "A-idem-unkeyed")).isEqualTo(2);

            // another caller's equal key names another request
            HttpResponse<String> other = post(server, "/v1/score/batch", OTHER_RUN, "run-2026-11-25/1", body);
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(decisionIds(other.body())).doesNotContainAnyElementsOf(decisionIds(first));
        }

        // after a restart the decisions come from the database, as answered
        try (KorrektServer server = KorrektServer.start(config)) {
            assertThat(post(server, "/v1/score/batch", PAYMENT_RUN, "run-2026-11-25/1", body)
                            .body())
                    .isEqualTo(first);
            assertThat(post(server, "/v1/score", PAYMENT_RUN, "self-service-7", item("A-idem-single", 5, true))
                            .body())
                    .isEqualTo(single);

            // a request of which some items were decided (a crash mid-batch leaves one): those are
            // answered as recorded, the rest decided
            List<String> more = new ArrayList<>(items);
            more.add(item("A-idem-4", 7, true));
            HttpResponse<String> grown = post(server, "/v1/score/batch", PAYMENT_RUN, "run-2026-11-25/1", batch(more));
            assertThat(grown.statusCode()).as(grown.body()).isEqualTo(200);
            JsonArray before = new JsonObject(first).getJsonArray("results");
            JsonArray after = new JsonObject(grown.body()).getJsonArray("results");
            for (int i = 0; i < items.size(); i++) {
                assertThat(after.getJsonObject(i)).isEqualTo(before.getJsonObject(i));
            }
            assertThat(after.getJsonObject(4).getString("applicationId")).isEqualTo("A-idem-4");
            assertThat(server.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(decisions(server, "A-idem-_")).isEqualTo(4 + 3); // 4 of ours, 3 of the other caller's
        }
    }

    @Test
    void aKeyOfAnotherRequestOrNoKeyAtAllIsRefused() throws Exception {
        Path work = TestDirectories.fresh("idempotent-refused");
        Path models = lateClaimModels(work);
        try (KorrektServer server = KorrektServer.start(TestServers.config(work, models, 100, 0))) {
            String body = batch(List.of(item("A-key-0", 1, true), item("A-key-1", 2, false)));
            assertThat(post(server, "/v1/score/batch", PAYMENT_RUN, "k-1", body).statusCode())
                    .isEqualTo(200);

            String changed = batch(List.of(item("A-key-0", 1, true), item("A-key-1", 2, true)));
            HttpResponse<String> reused = post(server, "/v1/score/batch", PAYMENT_RUN, "k-1", changed);
            assertThat(reused.statusCode()).isEqualTo(400);
            JsonObject error = new JsonObject(reused.body()).getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("INVALID_PARAMETER");
            assertThat(error.getString("field")).isEqualTo("Idempotency-Key");
            assertThat(error.getString("message")).contains("item 1 differs");

            for (String bad : List.of("two words", "x".repeat(ScoreRoutes.MAX_KEY_LENGTH + 1), "tab\there")) {
                HttpResponse<String> refused = post(server, "/v1/score", PAYMENT_RUN, bad, item("A-key-2", 3, true));
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("field"))
                        .isEqualTo("Idempotency-Key");
            }
            assertThat(server.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(decisions(server, "A-key-%")).isEqualTo(2);
        }
    }

    @Test
    void aRetryWhileTheRequestIsBeingDecidedIsToldToComeBack() throws Exception {
        int n = 20_000;
        Path work = TestDirectories.fresh("idempotent-in-progress");
        Path models = lateClaimModels(work);
        try (KorrektServer server = KorrektServer.start(TestServers.config(work, models, n, 0))) {
            List<String> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(item("A-long-" + i, i, i % 7 == 0));
            }
            String body = batch(items);
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                    request(server, "/v1/score/batch", PAYMENT_RUN, "long-run", body),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.recorder().written() + server.recorder().pending() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            HttpResponse<String> again = post(server, "/v1/score/batch", PAYMENT_RUN, "long-run", body);
            assertThat(first.isDone())
                    .as("the first send was still being decided")
                    .isFalse();
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(again.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(new JsonObject(again.body()).getJsonObject("error").getString("code"))
                    .isEqualTo("CONFLICT");

            HttpResponse<String> answered = first.get(120, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            long asked = System.nanoTime();
            HttpResponse<String> retried = post(server, "/v1/score/batch", PAYMENT_RUN, "long-run", body);
            System.out.printf(
                    "a retry of a %d-item batch answered from its records in %.2f s%n",
                    n, (System.nanoTime() - asked) / 1e9);
            assertThat(retried.body()).isEqualTo(answered.body());
            assertThat(server.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(decisions(server, "A-long-%")).isEqualTo(n);
        }
    }

    @Test
    void aRetryToAnotherInstanceFindsTheRequestBeingDecidedThereOrItsDecisions() throws Exception {
        int n = 20_000;
        Path work = TestDirectories.fresh("idempotent-replicas");
        Path models = lateClaimModels(work);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                KorrektServer a = KorrektServer.start(onServer(work.resolve("a"), models, n, postgres));
                KorrektServer b = KorrektServer.start(onServer(work.resolve("b"), models, n, postgres))) {
            List<String> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(item("A-rep-" + i, i, i % 7 == 0));
            }
            String body = batch(items);
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                    request(a, "/v1/score/batch", PAYMENT_RUN, "replicated-run", body),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (a.recorder().written() + a.recorder().pending() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            // the other instance sees the request's lock in the database
            HttpResponse<String> elsewhere = post(b, "/v1/score/batch", PAYMENT_RUN, "replicated-run", body);
            assertThat(first.isDone())
                    .as("the first send was still being decided")
                    .isFalse();
            assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(409);
            assertThat(elsewhere.headers().firstValue("Retry-After")).hasValue("1");

            // answered once its decisions are stored: a retry on the other instance at once finds them all
            HttpResponse<String> answered = first.get(120, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            // in the database as the answer comes (not still in A's buffer, where B cannot see them)
            assertThat(decisions(a, "A-rep-%")).isEqualTo(n);
            HttpResponse<String> retried = post(b, "/v1/score/batch", PAYMENT_RUN, "replicated-run", body);
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(retried.body().equals(answered.body()))
                    .as("the retry on B answers A's decisions")
                    .isTrue();
            assertThat(a.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(b.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(decisions(a, "A-rep-%")).isEqualTo(n);
        }
    }

    @Test
    void aRequestTakenOverAfterItsLockWasLostIsRecordedOnceAndEveryAnswerIsTheRecord() throws Exception {
        int n = 20_000;
        Path work = TestDirectories.fresh("idempotent-lost-lock");
        Path models = lateClaimModels(work);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                KorrektServer a = KorrektServer.start(onServer(work.resolve("a"), models, n, postgres));
                KorrektServer b = KorrektServer.start(onServer(work.resolve("b"), models, n, postgres))) {
            List<String> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(item("A-lost-" + i, i, i % 7 == 0));
            }
            String body = batch(items);
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                    request(a, "/v1/score/batch", PAYMENT_RUN, "lost-lock-run", body),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (a.recorder().written() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            // the database ends the session that holds A's lock on the request, as a restart of
            // PostgreSQL ends every session; A goes on deciding, and the client's retry reaches B
            assertThat(count(
                            a,
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"
                                    + " AND classid = " + 0x6b727271L))
                    .isEqualTo(1);
            HttpResponse<String> retried = post(b, "/v1/score/batch", PAYMENT_RUN, "lost-lock-run", body);
            HttpResponse<String> answered = first.get(120, TimeUnit.SECONDS);
            assertThat(first.isDone()).isTrue();
            assertThat(a.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(b.recorder().flush(Duration.ofSeconds(30))).isTrue();

            assertThat(a.recorder().supersededCount() + b.recorder().supersededCount())
                    .as("both instances decided some items")
                    .isPositive();
            // each item once, and each late claim's case signalled once
            assertThat(decisions(a, "A-lost-%")).isEqualTo(n);
            assertThat(count(
                            a,
                            "SELECT count(DISTINCT application_id) FROM decision WHERE application_id LIKE 'A-lost-%'"))
                    .isEqualTo(n);
            assertThat(count(
                            a,
                            "SELECT count(*) FROM case_signal s JOIN decision d USING (decision_id)"
                                    + " WHERE d.application_id LIKE 'A-lost-%'"))
                    .isEqualTo(count(
                            a,
                            "SELECT count(*) FROM queue_case c JOIN decision d ON d.decision_id = c.first_decision_id"
                                    + " WHERE d.application_id LIKE 'A-lost-%'"));
            // both answers are what is recorded
            List<String> recorded = new ArrayList<>();
            try (Connection c = a.dataSource().getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT decision_id FROM decision WHERE application_id LIKE"
                            + " 'A-lost-%' ORDER BY request_item")) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                }
            }
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(decisionIds(retried.body())).isEqualTo(recorded);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(decisionIds(answered.body())).isEqualTo(recorded);
        }
    }

    @Test
    void anApplicationRepeatedInABatchIsDecidedOnceAndTheRepeatIsRefusedNamingTheItemDecided() throws Exception {
        Path work = TestDirectories.fresh("idempotent-repeat");
        Path models = lateClaimModels(work);
        try (KorrektServer server = KorrektServer.start(TestServers.config(work, models, 100, 0))) {
            // a payment table joined twice, one row amended: the repeat is refused whatever it holds
            String body = batch(List.of(
                    item("A-rep-0", 1, true),
                    item("A-rep-1", 2, false),
                    item("A-rep-0", 1, true).replace("\"amountSek\":9000", "\"amountSek\":9500"),
                    "{\"applicationId\":\"A-rep-2\"}", // refused as incomplete: not decided, not a first
                    item("A-rep-2", 3, true),
                    item("A-rep-1", 2, false)));
            HttpResponse<String> sent = post(server, "/v1/score/batch", PAYMENT_RUN, "run-repeat", body);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            JsonArray results = new JsonObject(sent.body()).getJsonArray("results");
            assertThat(results.getJsonObject(0).getString("action")).isIn("MANUAL_CHECK", "HOLD_PAYMENT");
            assertThat(results.getJsonObject(4).getString("action")).isIn("MANUAL_CHECK", "HOLD_PAYMENT");
            assertRefusedAsRepeat(results.getJsonObject(2), 2, "A-rep-0", 0);
            assertThat(results.getJsonObject(3).getJsonObject("error").getString("code"))
                    .isEqualTo("MISSING_FIELD");
            assertRefusedAsRepeat(results.getJsonObject(5), 5, "A-rep-1", 1);
            assertThat(signals(server)).isEqualTo(2);
            assertThat(decisions(server, "A-rep-%")).isEqualTo(3);
            // sent again: the same answer, from the record, and nothing more recorded
            assertThat(post(server, "/v1/score/batch", PAYMENT_RUN, "run-repeat", body)
                            .body())
                    .isEqualTo(sent.body());

            // without a key the same: a batch decides an application once
            String unkeyed = batch(List.of(item("A-rep-u", 4, true), item("A-rep-u", 4, true)));
            JsonArray answered = new JsonObject(post(server, "/v1/score/batch", PAYMENT_RUN, null, unkeyed)
                            .body())
                    .getJsonArray("results");
            assertThat(answered.getJsonObject(0).getString("decisionId")).isNotBlank();
            assertRefusedAsRepeat(answered.getJsonObject(1), 1, "A-rep-u", 0);
            assertThat(signals(server)).isEqualTo(3);
            assertThat(decisions(server, "A-rep-%")).isEqualTo(4);
        }
    }

    @Test
    void twoIdempotencyKeysAreRefused() throws Exception {
        Path work = TestDirectories.fresh("idempotent-two-keys");
        Path models = lateClaimModels(work);
        try (KorrektServer server = KorrektServer.start(TestServers.config(work, models, 100, 0))) {
            for (String path : List.of("/v1/score", "/v1/score/batch")) {
                String body =
                        path.endsWith("batch") ? batch(List.of(item("A-two-0", 1, true))) : item("A-two-1", 2, true);
                HttpResponse<String> answer = client.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .header("Authorization", "Bearer " + PAYMENT_RUN)
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", "AAA-1")
                                .header("Idempotency-Key", "BBB-1")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                JsonObject error = new JsonObject(answer.body()).getJsonObject("error");
                assertThat(error.getString("code")).isEqualTo("INVALID_PARAMETER");
                assertThat(error.getString("field")).isEqualTo("Idempotency-Key");
            }
            assertThat(server.recorder().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(decisions(server, "A-two-%")).isZero();
            // the batch's admission was counted out: a batch is still taken
            assertThat(post(server, "/v1/score/batch", PAYMENT_RUN, null, batch(List.of(item("A-two-2", 3, true))))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    private static void assertRefusedAsRepeat(JsonObject result, int item, String applicationId, int decidedItem) {
        JsonObject error = result.getJsonObject("error");
        assertThat(error).as(result.encode()).isNotNull();
        assertThat(result.getString("decisionId")).isNull();
        assertThat(error.getString("code")).isEqualTo("INVALID_FIELD");
        assertThat(error.getString("field")).isEqualTo("items[" + item + "].applicationId");
        assertThat(error.getString("message"))
                .contains("application " + applicationId + " is also items[" + decidedItem + "]");
    }

    /** The late-claim test model's bundle, written under {@code work/models}; that folder. */
    private static Path lateClaimModels(Path work) throws java.io.IOException {
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        return models;
    }

    /** A service with its own work folder (and journal) on the shared {@code postgres}. */
    private static ServerConfig onServer(Path work, Path models, int maxBatchItems, EmbeddedPostgres postgres) {
        return TestServers.config(work, models, maxBatchItems, 0)
                .withDatabase(TestServers.external(postgres.jdbcUrl("postgres"), postgres.password(), work));
    }

    private HttpRequest request(KorrektServer server, String path, String token, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return b.build();
    }

    private HttpResponse<String> post(KorrektServer server, String path, String token, String key, String body)
            throws Exception {
        return client.send(request(server, path, token, key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> decisionIds(String batchAnswer) {
        List<String> ids = new ArrayList<>();
        JsonArray results = new JsonObject(batchAnswer).getJsonArray("results");
        for (int i = 0; i < results.size(); i++) {
            String id = results.getJsonObject(i).getString("decisionId");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static long decisions(KorrektServer server, String applicationIds) throws Exception {
        return count(server, "SELECT count(*) FROM decision WHERE application_id LIKE '" + applicationIds + "'");
    }

    /** The signals of the work queue's cases: one per decision that opened or joined a case. */
    private static long signals(KorrektServer server) throws Exception {
        assertThat(server.recorder().flush(Duration.ofSeconds(30))).isTrue();
        return count(server, "SELECT count(*) FROM case_signal");
    }

    private static long count(KorrektServer server, String sql) throws Exception {
        try (Connection c = server.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
