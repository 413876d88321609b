package org.korrekt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.Claim;
import org.korrekt.paymentrun.labels.LabelExporter;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.security.AuthConfig;
import org.korrekt.scoring.security.JwtIssuer;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;
import org.korrekt.training.cli.HistoryCommand;
import org.korrekt.training.cli.OverrideGateCommand;
import org.korrekt.training.cli.TrainCommand;
import org.korrekt.training.data.ApplicationJsonWriter;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import picocli.CommandLine;

/**
 * The feedback loop in one process: a profile trained by {@code korrekt train} is served; the
 * latest applications of a generated history are scored over HTTP; the flagged ones become cases;
 * investigators claim every case and record what they find (the generator's ground truth) over
 * HTTP; {@code korrekt export-labels} writes the outcomes with their decision records; {@code
 * korrekt train --profile labels --name all-benefits} retrains from that file alone; and the running
 * service activates the new bundle and serves it.
 */
class FeedbackLoopIT {

    private static final long SEED = 2027;
    private static final AuthConfig AUTH =
            AuthConfig.hs256("feedback-loop secret of at least 32 bytes".getBytes(StandardCharsets.UTF_8));
    private static final Set<String> UNITS = units();
    private static final String SCORER = token("self-service", Set.of(Role.SELFSERVICE));
    private static final String SCIENTIST = token("data-scientist", Set.of(Role.DATASCIENTIST));
    private static final String LEAD = token("lead", Set.of(Role.LEAD));
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Set<String> units() {
        Set<String> units = new TreeSet<>();
        for (Benefit b : Benefit.values()) {
            units.add(b.code());
        }
        return units;
    }

    private static String token(String subject, Set<Role> roles) {
        return JwtIssuer.of(AUTH, Clock.systemUTC()).issue(subject, roles, UNITS, Duration.ofHours(1));
    }

    @Test
    void scoreQueueOutcomeExportRetrainAndServe() throws Exception {
        Path work = WorkFolders.fresh("feedback");
        System.out.println("FeedbackLoopIT seed " + SEED + ", work " + work);

        // 1. A generated history as Parquet, and the person history the service keeps.
        GeneratedHistory history = new HistoryGenerator(new HistoryConfig(0.001, 2, 2023, SEED, Map.of(), false, 0))
                .generate((stage, done, total) -> {});
        URI folder = work.resolve("data").toUri();
        new HistoryWriter(new Configuration()).write(history, folder, (table, written, total) -> {});
        Path historyLog = work.resolve("history.krkh");
        assertThat(new CommandLine(new HistoryCommand())
                        .execute("--data", folder.toString(), "--out", historyLog.toString()))
                .isZero();

        // 2. The champion: korrekt train's all-benefits profile. A failed fairness gate on this small
        // synthetic sample is overridden on the record, as the demo does.
        Path models = work.resolve("models");
        assertThat(new CommandLine(new TrainCommand())
                        .execute("--profile", "all-benefits", "--data", folder.toString(), "--out", models.toString()))
                .isZero();
        Path champion = onlyVersion(models.resolve("all-benefits"), Set.of());
        if (Files.readString(champion.resolve("bundle.json")).contains("\"gate\" : \"FAIL\"")) {
            assertThat(new CommandLine(new OverrideGateCommand())
                            .execute(
                                    champion.toString(),
                                    "--by",
                                    "FeedbackLoopIT",
                                    "--reason",
                                    "synthetic test data; the loop, not the profile, is under test"))
                    .isZero();
        }
        // Low thresholds, so that a small run gives investigators enough cases to label.
        Files.writeString(models.resolve("all-benefits").resolve("policy.json"), """
                {"thresholds": {"extraQuestions": 0.005, "manualCheck": 0.01, "holdPayment": 0.9},
                 "randomControlShare": 0.05, "minCaseAmountSek": 0}
                """);

        ServerConfig config = new ServerConfig(
                "127.0.0.1",
                0,
                models,
                "all-benefits",
                DatabaseConfig.embedded(work),
                AUTH,
                "feedback-loop pseudonymisation key, 32+ bytes".getBytes(StandardCharsets.UTF_8),
                0.05,
                ServerConfig.DEFAULT_MAX_BODY_BYTES,
                historyLog,
                work.resolve("journal"),
                ServerConfig.DEFAULT_MAX_BATCH_ITEMS,
                0,
                null,
                null);
        try (KorrektServer server = KorrektServer.start(config)) {
            String base = server.baseUrl();
            String firstVersion = server.bundle().version();

            // 3. Score the history's latest 1,500 applications; remember the truth of each decision.
            List<Claim> latest = history.applications().stream()
                    .sorted(Comparator.comparing((Claim k) -> k.application().submittedOn())
                            .reversed())
                    .limit(1_500)
                    .toList();
            Map<String, Claim> truthByDecision = new HashMap<>();
            for (Claim claim : latest) {
                StringWriter json = new StringWriter();
                try (ApplicationJsonWriter writer = new ApplicationJsonWriter(json)) {
                    writer.write(claim.application());
                }
                JsonObject decision = send("POST", base + "/v1/score", SCORER, json.toString(), 200);
                truthByDecision.put(decision.getString("decisionId"), claim);
            }
            server.recorder().flush(Duration.ofSeconds(30));

            // 4. Investigators work every queue: release all open cases, claim each, record the truth.
            int closed = 0;
            int incorrect = 0;
            long overturned = -1;
            for (String unit : UNITS) {
                send("PUT", base + "/v1/queues/" + unit + "/capacity", LEAD, "{\"casesPerDay\": 10000}", 200);
                HttpResponse<String> claimed;
                while ((claimed = raw("POST", base + "/v1/queues/" + unit + "/claim", LEAD, "{}")).statusCode()
                        == 200) {
                    long caseId = new JsonObject(claimed.body()).getLong("caseId");
                    JsonObject detail = send("GET", base + "/v1/cases/" + caseId, LEAD, null, 200);
                    String opening =
                            detail.getJsonArray("signals").getJsonObject(0).getString("decisionId");
                    Claim truth = truthByDecision.get(opening);
                    assertThat(truth)
                            .as("case %d's decision was scored here", caseId)
                            .isNotNull();
                    JsonObject outcome = truth.incorrect()
                            ? new JsonObject()
                                    .put("incorrect", true)
                                    .put("incorrectAmountSek", Math.max(1, Math.round(truth.incorrectAmountSek())))
                                    .put("cause", "CLAIMANT")
                                    .put("actions", new JsonArray().add("RECOVERY_CLAIM"))
                            : new JsonObject().put("incorrect", false);
                    JsonObject done =
                            send("POST", base + "/v1/cases/" + caseId + "/outcome", LEAD, outcome.encode(), 200);
                    assertThat(done.getString("status")).isEqualTo("CLOSED");
                    closed++;
                    incorrect += truth.incorrect() ? 1 : 0;
                    if (truth.incorrect() && overturned < 0) {
                        overturned = caseId;
                    }
                }
                assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(404);
            }
            System.out.printf("FeedbackLoopIT: %d cases closed, %d found incorrect%n", closed, incorrect);
            assertThat(closed).isGreaterThan(100);
            assertThat(incorrect).isPositive();
            // a lead corrects one finding (overturned on appeal): the labels carry the correction
            send(
                    "POST",
                    base + "/v1/cases/" + overturned + "/corrections",
                    LEAD,
                    "{\"incorrect\": false, \"reason\": \"Överklagat och ändrat.\"}",
                    201);
            incorrect--;

            // 5. korrekt export-labels.
            Path labels = work.resolve("labels.parquet");
            LabelExporter.Summary summary = LabelExporter.export(
                    server.dataSource(),
                    LocalDate.now().minusDays(1),
                    java.time.ZoneId.of("Europe/Stockholm"),
                    org.korrekt.features.ClaimFeatures.SCHEMA,
                    labels,
                    rows -> {});
            assertThat(summary.rows()).isEqualTo(closed);
            assertThat(summary.incorrect()).isEqualTo(incorrect);
            assertThat(summary.modelVersions()).containsExactly(firstVersion);

            // 6. Retrain from the labels alone. Every label here was decided today, so this copy of the
            // built-in labels profile splits at random instead of by time.
            JsonObject profile;
            try (InputStream in =
                    TrainCommand.class.getResourceAsStream("/org/korrekt/training/profile/labels.profile.json")) {
                assertThat(in).as("the built-in labels profile").isNotNull();
                profile = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            profile.getJsonObject("split").put("by", "random");
            Path profileFile = work.resolve("labels-random.profile.json");
            Files.writeString(profileFile, profile.encodePrettily());
            Set<Path> before = versions(models.resolve("all-benefits"));
            assertThat(new CommandLine(new TrainCommand())
                            .execute(
                                    "--profile",
                                    profileFile.toString(),
                                    "--name",
                                    "all-benefits",
                                    "--data",
                                    labels.toString(),
                                    "--out",
                                    models.toString()))
                    .isZero();
            Path retrained = onlyVersion(models.resolve("all-benefits"), before);
            String newVersion = retrained.getFileName().toString();

            // 7. The running service activates the retrained bundle and serves it.
            JsonObject activated =
                    send("POST", base + "/v1/models/all-benefits/" + newVersion + "/activate", SCIENTIST, "{}", 200);
            assertThat(activated.getJsonObject("champion").getString("version")).isEqualTo(newVersion);
            assertThat(activated.getJsonObject("previous").getString("version")).isEqualTo(firstVersion);
            StringWriter json = new StringWriter();
            try (ApplicationJsonWriter writer = new ApplicationJsonWriter(json)) {
                writer.write(latest.get(0).application());
            }
            JsonObject rescored = send(
                    "POST",
                    base + "/v1/score",
                    SCORER,
                    json.toString().replace(latest.get(0).application().applicationId(), "after-retraining"),
                    200);
            assertThat(rescored.getString("modelVersion")).isEqualTo(newVersion);
            System.out.printf(
                    "FeedbackLoopIT: %s retrained from %d labels as %s, activated and serving%n",
                    firstVersion, summary.rows(), newVersion);
        }
    }

    private static Set<Path> versions(Path profile) throws Exception {
        try (Stream<Path> list = Files.list(profile)) {
            return new TreeSet<>(list.filter(Files::isDirectory).toList());
        }
    }

    private static Path onlyVersion(Path profile, Set<Path> before) throws Exception {
        List<Path> added = new ArrayList<>(versions(profile));
        added.removeAll(before);
        assertThat(added).hasSize(1);
        return added.get(0);
    }

    private static HttpResponse<String> raw(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject send(String method, String url, String token, String body, int status) throws Exception {
        HttpResponse<String> response = raw(method, url, token, body);
        assertThat(response.statusCode())
                .as(method + " " + url + ": " + response.body())
                .isEqualTo(status);
        return new JsonObject(response.body());
    }
}
