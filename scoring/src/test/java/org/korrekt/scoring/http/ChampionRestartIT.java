package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ChampionRecord;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * An activation or a rollback through the model routes holds across a restart: the service starts
 * with the champion last chosen, not the newest bundle, and can still roll back to the one before.
 */
class ChampionRestartIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void theChampionLastChosenIsServedAfterARestart() throws Exception {
        Path work = TestDirectories.fresh("champion");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        TestModels.writeBundle(models, "test", "v2", TestModels.shifted(TestModels.lateClaimModel(), 1.0));
        ServerConfig config = TestServers.config(work, models, 50, 0);
        Path record = models.resolve("test").resolve(ChampionRecord.FILE_NAME);

        try (KorrektServer server = KorrektServer.start(config)) {
            // nothing chosen yet: the newest
            assertThat(server.bundle().version()).isEqualTo("v2");
            assertThat(record).doesNotExist();
            assertThat(models(server, "POST", "/v1/models/test/v1/activate")
                            .getJsonObject("champion")
                            .getString("version"))
                    .isEqualTo("v1");
        }
        try (KorrektServer server = KorrektServer.start(config)) {
            assertThat(server.registry().state().champion().version()).isEqualTo("v1");
            assertThat(server.registry().state().previous().version()).isEqualTo("v2");
            // a bad v2 was rolled back to v1 ... and v2 was then chosen again, say; here: roll back to v2
            JsonObject rolledBack = models(server, "POST", "/v1/models/test/rollback");
            assertThat(rolledBack.getJsonObject("champion").getString("version"))
                    .isEqualTo("v2");
        }
        // a newer bundle trained since does not displace the champion chosen
        TestModels.writeBundle(models, "test", "v3", TestModels.shifted(TestModels.lateClaimModel(), 2.0));
        try (KorrektServer server = KorrektServer.start(config)) {
            assertThat(server.registry().state().champion().version()).isEqualTo("v2");
            // v1 was rolled back from: not the one to roll back to, across a restart too
            assertThat(server.registry().state().previous()).isNull();
            assertThat(modelsRefused(server, "/v1/models/test/rollback")).isEqualTo(409);
        }
    }

    @Test
    void aRecordThatNamesNoBundleOrIsNotOneIsRefusedAtStart() throws Exception {
        Path work = TestDirectories.fresh("champion-bad");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        TestModels.writeBundle(models, "test", "v2", TestModels.shifted(TestModels.lateClaimModel(), 1.0));
        ServerConfig config = TestServers.config(work, models, 50, 0);
        Path record = models.resolve("test").resolve(ChampionRecord.FILE_NAME);

        Files.writeString(record, "{\"champion\":\"v9\",\"previous\":null,\"at\":\"2026-11-23T12:00:00Z\"}");
        assertThatThrownBy(() -> KorrektServer.start(config))
                .isInstanceOf(BundleException.class)
                .hasMessage(record + " names the champion v9, which is not a bundle in " + models.resolve("test")
                        + "; remove the file to serve the newest bundle");

        Files.writeString(record, "{\"champion\": 3}");
        assertThatThrownBy(() -> KorrektServer.start(config))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith(record + " is not a champion record (");
    }

    @Test
    void anotherInstanceServingTheSameModelsTakesTheChoiceWithinSeconds() throws Exception {
        Path models = TestDirectories.fresh("champion-shared-models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        TestModels.writeBundle(models, "test", "v2", TestModels.shifted(TestModels.lateClaimModel(), 1.0));
        Path corrupt =
                TestModels.writeBundle(models, "test", "v3", TestModels.shifted(TestModels.lateClaimModel(), 2.0));
        byte[] model = Files.readAllBytes(corrupt.resolve(ModelArtifacts.FILE_NAME));
        model[model.length / 2] ^= 1;
        Files.write(corrupt.resolve(ModelArtifacts.FILE_NAME), model);
        Path record = models.resolve("test").resolve(ChampionRecord.FILE_NAME);
        Files.writeString(record, "{\"champion\":\"v2\",\"previous\":null,\"at\":\"2026-11-24T00:00:00Z\"}");

        // replicas: one models folder, one database, each its own work folder
        Path work = TestDirectories.fresh("champion-replicas");
        try (org.korrekt.scoring.db.EmbeddedPostgres postgres = org.korrekt.scoring.db.EmbeddedPostgres.start(
                        work.resolve("server"), work.resolve("binaries"));
                KorrektServer a = KorrektServer.start(onServer(work.resolve("a"), models, postgres));
                KorrektServer b = KorrektServer.start(onServer(work.resolve("b"), models, postgres))) {
            assertThat(b.registry().state().champion().version()).isEqualTo("v2");

            models(a, "POST", "/v1/models/test/v1/activate");
            awaitChampion(b, "v1");
            assertThat(b.registry().state().previous().version()).isEqualTo("v2");
            assertThat(score(b).getString("modelVersion")).isEqualTo("v1");

            // B may roll back what A chose, and A follows
            models(b, "POST", "/v1/models/test/rollback");
            awaitChampion(a, "v2");
            assertThat(a.registry().state().previous()).isNull();

            // a record written by hand is not taken: no change on record chose it, even a bundle that
            // verifies; and the instances record nothing
            int changes = modelChanges(a);
            Files.writeString(record, "{\"champion\":\"v1\",\"previous\":\"v2\",\"at\":\"2026-11-24T00:30:00Z\"}");
            Thread.sleep(3 * KorrektServer.CHAMPION_RECORD_POLL_MILLIS);
            assertThat(a.registry().state().champion().version()).isEqualTo("v2");
            assertThat(b.registry().state().champion().version()).isEqualTo("v2");
            assertThat(score(b).getString("modelVersion")).isEqualTo("v2");
            assertThat(modelChanges(a)).isEqualTo(changes);

            // nor is one naming a bundle that fails its checksums
            Files.writeString(record, "{\"champion\":\"v3\",\"previous\":\"v2\",\"at\":\"2026-11-24T01:00:00Z\"}");
            Thread.sleep(3 * KorrektServer.CHAMPION_RECORD_POLL_MILLIS);
            assertThat(a.registry().state().champion().version()).isEqualTo("v2");
            assertThat(b.registry().state().champion().version()).isEqualTo("v2");
            assertThat(score(a).getString("modelVersion")).isEqualTo("v2");

            // nor is a record that is not one
            Files.writeString(record, "{\"champion\": 3");
            Thread.sleep(2 * KorrektServer.CHAMPION_RECORD_POLL_MILLIS);
            assertThat(b.registry().state().champion().version()).isEqualTo("v2");

            // the next choice is taken again
            models(a, "POST", "/v1/models/test/v1/activate");
            awaitChampion(b, "v1");
        }
    }

    private static void awaitChampion(KorrektServer server, String version) throws InterruptedException {
        long deadline =
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5 * KorrektServer.CHAMPION_RECORD_POLL_MILLIS);
        while (!server.registry().state().champion().version().equals(version) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.registry().state().champion().version()).isEqualTo(version);
    }

    private static JsonObject score(KorrektServer server) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/score"))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"applicationId\":\"A-follow\","
                                + "\"personPseudonym\":\"p-00000000000000000000000000000001\",\"benefit\":\"tfp\","
                                + "\"channel\":\"paper\",\"submittedOn\":\"2025-04-01\",\"periodStart\":\"2025-02-03\","
                                + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":5000,"
                                + "\"declaredMonthlyIncomeSek\":30000}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /** The status of a POST to {@code path} that is not answered 200. */
    private static int modelsRefused(KorrektServer server, String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isNotEqualTo(200);
        return response.statusCode();
    }

    private static JsonObject models(KorrektServer server, String method, String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /** The rows of the {@code model_change} table of {@code server}'s database. */
    private static int modelChanges(KorrektServer server) throws Exception {
        try (java.sql.Connection c = server.dataSource().getConnection();
                java.sql.Statement q = c.createStatement();
                java.sql.ResultSet rows = q.executeQuery("SELECT count(*) FROM model_change")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** A service with its own work folder on the shared {@code postgres}. */
    private static org.korrekt.scoring.server.ServerConfig onServer(
            Path work, Path models, org.korrekt.scoring.db.EmbeddedPostgres postgres) {
        return TestServers.config(work, models, 50, 0)
                .withDatabase(TestServers.external(postgres.jdbcUrl("postgres"), postgres.password(), work));
    }
}
