package org.korrekt.scoring.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.http.HistoryClient;
import org.korrekt.scoring.model.ChampionRecord;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * The database goes away while the service scores: every request is still answered, the records
 * go to the journal, and once the database is back every acknowledged decision is in it. The
 * outage is real: the service reaches a real PostgreSQL through a TCP relay that the test cuts.
 */
class DatabaseOutageIT {

    private static final String TOKEN = TestTokens.ADMIN;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String BODY = "{\"applicationId\":\"%s\",\"personPseudonym\":\"p-%032d\",\"benefit\":\"tfp\","
            + "\"channel\":\"%s\",\"submittedOn\":\"2025-%s\",\"periodStart\":\"2025-02-03\","
            + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":%d,\"declaredMonthlyIncomeSek\":30000}";

    @Test
    void everyAcknowledgedDecisionIsRecordedAfterAnOutage() throws Exception {
        Path work = TestDirectories.fresh("outage");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                TcpProxy proxy = new TcpProxy(postgres.port())) {
            ServerConfig config = viaProxy(work, models, postgres, proxy, null);
            List<String> acknowledged = new ArrayList<>();
            String cutDecision;
            try (KorrektServer server = KorrektServer.start(config)) {
                acknowledged.addAll(score(server, 0, 150));
                assertThat(server.recorder().flush(Duration.ofSeconds(10))).isTrue();
                assertThat(server.recorder().written()).isEqualTo(150);

                proxy.cut();
                List<String> during = score(server, 150, 300);
                acknowledged.addAll(during);
                cutDecision = during.get(0);
                // the records reach the journal while the database is away
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (server.recorder().journaled() < 300 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(server.recorder().journaled()).isEqualTo(300);
                assertThat(server.recorder().databaseUp()).isFalse();
                JsonObject health = new JsonObject(get(server, "/health").body());
                assertThat(health.getString("database")).isEqualTo("DOWN");
                // an outage does not stop the writer: it journals
                assertThat(health.getJsonObject("recorder").getBoolean("writing"))
                        .isTrue();
                assertThat(get(server, "/metrics").body()).contains("korrekt_decision_writer_up 1\n");
                assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
                // a request named for retries is not decided while decisions wait in the journal:
                // its own could be among them, where neither memory nor the database shows them
                HttpResponse<String> refused = keyed(server, "during-the-outage", 900);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

                proxy.restore();
                acknowledged.addAll(score(server, 450, 50));
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((server.recorder().hasJournal() || server.recorder().pending() > 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(server.recorder().hasJournal()).isFalse();
                // records that arrive while the journal still waits join it, so that order is kept
                assertThat(server.recorder().replayed())
                        .isEqualTo(server.recorder().journaled());
                // once the journal is stored, the keyed request is decided, and its retry answered as recorded
                HttpResponse<String> decided = keyed(server, "during-the-outage", 900);
                assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
                assertThat(keyed(server, "during-the-outage", 900).body()).isEqualTo(decided.body());
                acknowledged.add(new JsonObject(decided.body()).getString("decisionId"));

                HttpResponse<String> record = get(server, "/v1/decisions/" + cutDecision);
                assertThat(record.statusCode()).isEqualTo(200);
                JsonObject kept = new JsonObject(record.body());
                assertThat(kept.getString("modelVersion")).isEqualTo("v1");
                assertThat(kept.getJsonArray("thresholds")).hasSize(5);
                assertThat(kept.getString("policy")).isEqualTo("bundle");
                assertThat(kept.getString("inputDigest")).hasSize(64);
            }
            assertThat(acknowledged).hasSize(501).doesNotHaveDuplicates();
            // read straight from the server, not through the relay
            Set<String> stored = new HashSet<>();
            try (Connection c = DriverManager.getConnection(
                            postgres.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, postgres.password());
                    PreparedStatement q = c.prepareStatement("SELECT decision_id::text FROM decision");
                    ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(work.resolve("journal")).isEmptyDirectory();
            System.out.printf(
                    "outage: %d decisions acknowledged, all %d in PostgreSQL after the journal replay%n",
                    acknowledged.size(), stored.size());
        }
    }

    /**
     * The embedded server's postmaster is killed (as the kernel's out-of-memory killer would): the
     * service answers meanwhile, its watch starts the server again on the same port within seconds,
     * and every decision acknowledged, before and during, is in the database; the work routes answer
     * again. Without the watch the server stayed down until the service was restarted.
     */
    @Test
    void anEmbeddedServerThatDiesIsStartedAgainAndNothingIsLost() throws Exception {
        Path work = TestDirectories.fresh("outage-killed");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        Path pidFile = work.resolve("postgres").resolve("data").resolve("postmaster.pid");
        try (KorrektServer server = KorrektServer.start(TestServers.config(work, models, 100, 0))) {
            List<String> acknowledged = new ArrayList<>(score(server, 0, 20));
            assertThat(server.recorder().flush(Duration.ofSeconds(10))).isTrue();

            long killed = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle postmaster = ProcessHandle.of(killed).orElseThrow();
            assertThat(postmaster.destroyForcibly()).isTrue();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
            acknowledged.addAll(score(server, 20, 20));

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long started = -1;
            while (System.nanoTime() < deadline) {
                started = restartedPostmaster(pidFile, killed);
                if (started > 0
                        && "UP".equals(new JsonObject(get(server, "/health").body()).getString("database"))
                        && !server.recorder().hasJournal()
                        && server.recorder().pending() == 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(started).as("a new postmaster").isPositive();
            assertThat(new JsonObject(get(server, "/health").body()).getString("database"))
                    .isEqualTo("UP");
            acknowledged.addAll(score(server, 40, 5));
            assertThat(server.recorder().flush(Duration.ofSeconds(10))).isTrue();
            assertThat(get(server, "/v1/queues/tfp").statusCode()).isEqualTo(200);

            Set<String> stored = new HashSet<>();
            try (Connection c = server.dataSource().getConnection();
                    PreparedStatement q = c.prepareStatement("SELECT decision_id::text FROM decision");
                    ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
            System.out.printf(
                    "killed postmaster %d, started again as %d; %d decisions acknowledged, all in PostgreSQL%n",
                    killed, started, stored.size());
        }
        assertThat(pidFile).as("stopped with the service").doesNotExist();
    }

    /** The pid of a live postmaster other than {@code killed} that {@code pidFile} names, or -1. */
    private static long restartedPostmaster(Path pidFile, long killed) {
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            return pid != killed
                            && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    ? pid
                    : -1;
        } catch (java.io.IOException | RuntimeException e) {
            return -1; // not written yet
        }
    }

    /**
     * A database that hangs rather than refuses (packets dropped, the server stopped): within seconds
     * {@code /metrics} says it is down and {@code /health} answers within its second; the write
     * waiting on it fails at the socket's time limit, its batch goes to the journal, and once the
     * database is back the next start stores it.
     */
    @Test
    void aDatabaseThatHangsIsSeenDownAndItsDecisionsGoToTheJournal() throws Exception {
        Path work = TestDirectories.fresh("outage-hang");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                TcpProxy proxy = new TcpProxy(postgres.port())) {
            ServerConfig config = viaProxy(work, models, postgres, proxy, null);
            List<String> acknowledged = new ArrayList<>();
            KorrektServer server = KorrektServer.start(config);
            try {
                acknowledged.addAll(score(server, 0, 20));
                assertThat(server.recorder().flush(Duration.ofSeconds(10))).isTrue();
                proxy.freeze();
                acknowledged.addAll(score(server, 20, 30));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (server.recorder().databaseUp() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(get(server, "/metrics").body()).contains("korrekt_database_up 0\n");
                long asked = System.nanoTime();
                JsonObject health = new JsonObject(get(server, "/health").body());
                assertThat(health.getString("database")).isEqualTo("DOWN");
                assertThat(System.nanoTime() - asked)
                        .isLessThan(Duration.ofSeconds(3).toNanos());
                // a keyed request, whose lookup would hang with the database, is told to come back at once
                asked = System.nanoTime();
                HttpResponse<String> keyed = keyed(server, "during-the-hang", 900);
                assertThat(keyed.statusCode()).as(keyed.body()).isEqualTo(503);
                assertThat(System.nanoTime() - asked)
                        .isLessThan(Duration.ofSeconds(3).toNanos());
                // the write waiting on the hung database fails at the socket's limit, and the
                // decisions go to the journal rather than waiting in memory for as long as the hang
                deadline = System.nanoTime()
                        + org.korrekt.scoring.queue.DecisionStore.WRITE_TIMEOUT
                                .plusSeconds(20)
                                .toNanos();
                while (server.recorder().journaled() < 30 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(server.recorder().journaled()).isEqualTo(30);
            } finally {
                server.close();
            }
            proxy.thaw();
            try (KorrektServer again = KorrektServer.start(config)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (again.recorder().hasJournal() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(again.recorder().hasJournal()).isFalse();
            }
            assertThat(storedDecisions(postgres)).containsAll(acknowledged);
        }
    }

    /**
     * A stop while neither the database nor the journal takes decisions (the database down, the
     * journal's disk full or gone): the writer keeps its batch and tries again rather than ending
     * with it, so that once the journal can be written again (here: its folder is back) the stop
     * stores it, and the next start replays it.
     */
    @Test
    void aStopWhileTheJournalCannotBeWrittenKeepsTryingAndLosesNothing() throws Exception {
        Path work = TestDirectories.fresh("outage-journal");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        Path journal = work.resolve("journal");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                TcpProxy proxy = new TcpProxy(postgres.port())) {
            ServerConfig config = viaProxy(work, models, postgres, proxy, null);
            List<String> acknowledged = new ArrayList<>();
            KorrektServer server = KorrektServer.start(config);
            java.util.concurrent.CompletableFuture<Void> stopping;
            try {
                proxy.cut();
                // the journal's folder is gone, a file in its place: no segment can be opened
                java.nio.file.Files.delete(journal);
                java.nio.file.Files.writeString(journal, "not a folder");
                acknowledged.addAll(score(server, 0, 20));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (server.recorder().journalFailures() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(server.recorder().journalFailures()).isPositive();
                assertThat(get(server, "/metrics").body())
                        .doesNotContain("korrekt_decision_journal_failures_total 0\n");
            } finally {
                stopping = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        server.close();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            // the writer fails again after the stop began, and goes on trying rather than ending
            long failures = server.recorder().journalFailures();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (server.recorder().journalFailures() < failures + 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(stopping)
                    .as("the stop waits while the batch cannot be stored")
                    .isNotDone();
            java.nio.file.Files.delete(journal);
            java.nio.file.Files.createDirectory(journal);
            stopping.get(60, TimeUnit.SECONDS);
            proxy.restore();
            try (KorrektServer again = KorrektServer.start(config)) {
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (again.recorder().hasJournal() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(again.recorder().hasJournal()).isFalse();
            }
            assertThat(storedDecisions(postgres)).containsAll(acknowledged).hasSize(20);
        }
    }

    private static Set<String> storedDecisions(EmbeddedPostgres postgres) throws SQLException {
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(
                        postgres.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, postgres.password());
                PreparedStatement q = c.prepareStatement("SELECT decision_id::text FROM decision");
                ResultSet rows = q.executeQuery()) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        return stored;
    }

    /**
     * Writes during an outage: a history feed request (and a case claim) is refused with 503 and
     * nothing of it is recorded or applied; sent again once the database is back, it is recorded
     * once and applied.
     */
    @Test
    void theHistoryFeedRecordsNothingWhileTheDatabaseIsAwayAndAllOfItOnceBack() throws Exception {
        Path work = TestDirectories.fresh("outage-feed");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        Path log = work.resolve("history.krkh");
        List<HistoryEvent> logged = List.of(new HistoryEvent.PaymentMade(
                "p-" + "c".repeat(32), Benefit.TFP, Days.of(LocalDate.of(2025, 1, 2)), 1_000));
        TestServers.historyLog(log, logged, Instant.now());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                TcpProxy proxy = new TcpProxy(postgres.port())) {
            ServerConfig config = viaProxy(work, models, postgres, proxy, log);
            String events = "{\"events\":[{\"eventId\":\"pay-out-1\",\"type\":\"payment\",\"personPseudonym\":\"p-"
                    + "%032d".formatted(7) + "\",\"benefit\":\"tfp\",\"payDay\":\"2025-01-10\",\"amountSek\":2500}]}";
            try (KorrektServer server = KorrektServer.start(config)) {
                proxy.cut();
                // a case claim, a write of the work queues, is refused the same way (503, not 500)
                HttpResponse<String> claim = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/queues/tfp/claim"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(claim.statusCode()).as(claim.body()).isEqualTo(503);
                HttpResponse<String> refused = HistoryClient.postEvents(server, TOKEN, events);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.body()).contains("nothing was recorded");

                proxy.restore();
                // as a feed does: resend until answered (the pool may hand out a connection the cut dropped)
                HttpResponse<String> recorded = HistoryClient.postEvents(server, TOKEN, events);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (recorded.statusCode() == 503 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    recorded = HistoryClient.postEvents(server, TOKEN, events);
                }
                assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
                assertThat(new JsonObject(recorded.body()).getInteger("recorded"))
                        .isEqualTo(1);
                assertThat(server.historyFeed().total().applied()).isEqualTo(1);
            }
            try (Connection c = DriverManager.getConnection(
                            postgres.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, postgres.password());
                    PreparedStatement q = c.prepareStatement("SELECT count(*) FROM history_event");
                    ResultSet rows = q.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    /**
     * Every change of the champion or the shadow through the model routes is a row of {@code
     * model_change}, with who asked and what it left, and the rows cannot be changed. While the
     * database is away a change is refused with 503 and not made, so none goes unrecorded.
     */
    @Test
    void aModelChangeIsRecordedWithWhoAskedAndNotMadeWhileTheDatabaseIsAway() throws Exception {
        Path work = TestDirectories.fresh("outage-model-change");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        Path v2 = TestModels.writeBundle(models, "test", "v2", TestModels.shifted(TestModels.lateClaimModel(), 1.0));
        // v2 failed its fairness gate, and someone recorded why it may be served
        org.korrekt.features.model.BundleManifest manifest;
        try (java.io.InputStream in =
                Files.newInputStream(v2.resolve(org.korrekt.features.model.BundleManifest.FILE_NAME))) {
            manifest = org.korrekt.features.model.BundleManifest.read(in);
        }
        try (java.io.OutputStream out =
                Files.newOutputStream(v2.resolve(org.korrekt.features.model.BundleManifest.FILE_NAME))) {
            manifest.withGate(org.korrekt.features.model.BundleManifest.GATE_FAIL)
                    .write(out);
        }
        org.korrekt.features.model.GateOverride.of(
                        "Reviewed with the DPO", "lead@unit-7", java.time.Instant.parse("2026-11-24T09:00:00Z"), v2)
                .write(v2);
        Path policy = models.resolve("test").resolve(org.korrekt.scoring.PolicyFile.FILE_NAME);
        Files.writeString(policy, "{\"questions\": [{\"code\": \"Q1\", \"sv\": \"Fråga?\", \"en\": \"Question?\"}]}");
        String firstPolicy = org.korrekt.features.model.Checksums.sha256Hex(policy);
        Files.writeString(
                models.resolve("test").resolve(ChampionRecord.FILE_NAME),
                "{\"champion\":\"v1\",\"previous\":null,\"at\":\"2026-11-24T00:00:00Z\"}");
        String dana = TestTokens.token("dana", Set.of(Role.DATASCIENTIST), Set.of());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                TcpProxy proxy = new TcpProxy(postgres.port())) {
            try (KorrektServer server = KorrektServer.start(viaProxy(work, models, postgres, proxy, null))) {
                assertThat(post(server, dana, "POST", "/v1/models/test/v2/activate")
                                .statusCode())
                        .isEqualTo(200);
                assertThat(post(server, dana, "POST", "/v1/models/test/v1/shadow")
                                .statusCode())
                        .isEqualTo(200);
                assertThat(post(server, TOKEN, "DELETE", "/v1/models/test/shadow")
                                .statusCode())
                        .isEqualTo(200);
                assertThat(post(server, dana, "POST", "/v1/models/test/rollback")
                                .statusCode())
                        .isEqualTo(200);
                // refused changes are not changes
                assertThat(post(server, dana, "POST", "/v1/models/test/rollback")
                                .statusCode())
                        .isEqualTo(409);
                assertThat(post(server, dana, "POST", "/v1/models/test/v9/activate")
                                .statusCode())
                        .isEqualTo(404);
                // a policy change that moves no threshold, only adds a question: reloaded, and told apart
                Files.writeString(
                        policy,
                        "{\"questions\": [{\"code\": \"Q1\", \"sv\": \"Fråga?\","
                                + " \"en\": \"Question?\"}, {\"code\": \"Q2\", \"sv\": \"Till?\", \"en\": \"More?\"}]}");
                assertThat(post(server, dana, "POST", "/v1/models/test/v1/activate")
                                .statusCode())
                        .isEqualTo(200);

                proxy.cut();
                HttpResponse<String> refused = post(server, dana, "POST", "/v1/models/test/v2/activate");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code"))
                        .isEqualTo("UNAVAILABLE");
                assertThat(refused.body()).contains("nothing changed");
                assertThat(post(server, dana, "POST", "/v1/models/test/v2/shadow")
                                .statusCode())
                        .isEqualTo(503);
                assertThat(server.registry().state().champion().version()).isEqualTo("v1");
                assertThat(server.registry().state().shadow()).isNull();
                assertThat(ChampionRecord.read(models.resolve("test")).champion())
                        .isEqualTo("v1");
                proxy.restore();
            }
            try (Connection c = DriverManager.getConnection(
                            postgres.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, postgres.password());
                    Statement q = c.createStatement()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet r = q.executeQuery("SELECT action, subject, champion_before, champion, previous,"
                        + " shadow_before, shadow, policy_basis, thresholds->>'manualCheck' IS NOT NULL"
                        + " FROM model_change WHERE profile = 'test' AND action <> 'START' ORDER BY change_id")) {
                    while (r.next()) {
                        rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + "->" + r.getString(4)
                                + " previous " + r.getString(5) + " shadow " + r.getString(6) + "->"
                                + r.getString(7) + " " + r.getString(8) + " " + r.getBoolean(9));
                    }
                }
                assertThat(rows)
                        .containsExactly(
                                "ACTIVATE dana v1->v2 previous v1 shadow null->null bundle true",
                                "SHADOW dana v2->v2 previous v1 shadow null->v1 bundle true",
                                "STOP_SHADOW test-admin v2->v2 previous v1 shadow v1->null bundle true",
                                "ROLLBACK dana v2->v1 previous null shadow null->null bundle true",
                                "ACTIVATE dana v1->v1 previous null shadow null->null bundle true");
                // what made each champion fit to serve: its gate, the override of a failed one, whether
                // signatures were checked, and the policy file's digest and questions
                List<String> provenance = new ArrayList<>();
                try (ResultSet r = q.executeQuery("SELECT action, champion, gate, gate_override->>'by',"
                        + " gate_override->>'reason', signatures_checked, policy_source = '" + policy + "',"
                        + " policy_sha256, array_to_string(questions, ',') FROM model_change WHERE profile = 'test'"
                        + " ORDER BY change_id")) {
                    while (r.next()) {
                        provenance.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " "
                                + r.getString(4) + " " + r.getString(5) + " " + r.getBoolean(6) + " "
                                + r.getBoolean(7) + " " + r.getString(8) + " " + r.getString(9));
                    }
                }
                String second = org.korrekt.features.model.Checksums.sha256Hex(policy);
                assertThat(second).isNotEqualTo(firstPolicy);
                assertThat(provenance)
                        .containsExactly(
                                "START v1 NOT_EVALUATED null null false true " + firstPolicy + " Q1",
                                "ACTIVATE v2 FAIL lead@unit-7 Reviewed with the DPO false true " + firstPolicy + " Q1",
                                "SHADOW v2 FAIL lead@unit-7 Reviewed with the DPO false true " + firstPolicy + " Q1",
                                "STOP_SHADOW v2 FAIL lead@unit-7 Reviewed with the DPO false true " + firstPolicy
                                        + " Q1",
                                "ROLLBACK v1 NOT_EVALUATED null null false true " + firstPolicy + " Q1",
                                "ACTIVATE v1 NOT_EVALUATED null null false true " + second + " Q1,Q2");
                // and each start, whatever chose what it serves (here the champion file)
                try (ResultSet r = q.executeQuery("SELECT subject, champion, previous, policy_basis FROM model_change"
                        + " WHERE action = 'START'")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getString(1))
                            .startsWith("start: korrekt serve (")
                            .contains("pid ");
                    assertThat(r.getString(2)).isEqualTo("v1");
                    assertThat(r.getString(3)).isNull();
                    assertThat(r.getString(4)).isEqualTo("bundle");
                    assertThat(r.next()).isFalse();
                }
                assertThatThrownBy(() -> q.executeUpdate("UPDATE model_change SET subject = 'someone else'"))
                        .hasMessageContaining("a model change record cannot be changed (UPDATE refused)");
                assertThatThrownBy(() -> q.executeUpdate("DELETE FROM model_change"))
                        .hasMessageContaining("(DELETE refused)");
            }
        }
    }

    private static HttpResponse<String> post(KorrektServer server, String token, String method, String path)
            throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A service on {@code postgres} through the relay {@code proxy}, which the test can cut. */
    private static ServerConfig viaProxy(
            Path work, Path models, EmbeddedPostgres postgres, TcpProxy proxy, Path historyLog) {
        DatabaseConfig database = TestServers.external(
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", postgres.password(), work);
        return new ServerConfig(
                "127.0.0.1",
                0,
                models,
                "test",
                database,
                TestTokens.AUTH,
                "a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8),
                0.02,
                ServerConfig.DEFAULT_MAX_BODY_BYTES,
                historyLog,
                work.resolve("journal"),
                ServerConfig.DEFAULT_MAX_BATCH_ITEMS,
                0,
                null,
                null);
    }

    private static List<String> score(KorrektServer server, int from, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String body = BODY.formatted(
                    "A-out-" + i, i, i % 3 == 0 ? "paper" : "e-service", i % 2 == 0 ? "08-01" : "02-10", 1_000 + i);
            HttpResponse<String> response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/score"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            ids.add(new JsonObject(response.body()).getString("decisionId"));
        }
        return ids;
    }

    /** {@code POST /v1/score} of application {@code A-out-i} with {@code Idempotency-Key: key}. */
    private static HttpResponse<String> keyed(KorrektServer server, String key, int i) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/score"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                BODY.formatted("A-out-" + i, i, "paper", "08-01", 1_000 + i)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(KorrektServer server, String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
