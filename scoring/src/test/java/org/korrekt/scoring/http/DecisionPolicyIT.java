package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.features.model.Checksums;
import org.korrekt.scoring.PolicyFile;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * Each action, the extra control questions, the amount limit and the random control sample, over
 * HTTP on the real service with the embedded PostgreSQL, under the profile's policy file.
 *
 * <p>The test model's log-odds for an online five-day VAB application of 30,000 SEK declared income
 * is about -2.60 + 0.04 per day of lag: PASS at 0 days (score 0.07), EXTRA_QUESTIONS at 35 (0.23),
 * MANUAL_CHECK at 80 (0.65), HOLD_PAYMENT at 130 (0.93) under thresholds 0.2, 0.5 and 0.9.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecisionPolicyIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String VERSION = "20260101T000000Z";
    private static final String POLICY = """
            {
              "thresholds": { "extraQuestions": 0.2, "manualCheck": 0.5, "holdPayment": 0.9 },
              "randomControlShare": %s,
              "minCaseAmountSek": 2000,
              "questions": [
                { "code": "GENERAL", "sv": "Stämmer uppgifterna?", "en": "Is everything correct?" },
                { "code": "PERIOD_CONFIRMED", "sv": "Stämmer perioden?", "en": "Is the period correct?",
                  "reasons": ["LATE_APPLICATION"] },
                { "code": "INCOME_CONFIRMED", "sv": "Stämmer inkomsten?", "en": "Is the income correct?",
                  "reasons": ["DECLARED_INCOME"] }
              ]
            }
            """;

    private static KorrektServer server;
    private static Path profileDir;
    private static int person;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("policy");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", VERSION, TestModels.lateClaimModel());
        profileDir = models.resolve("test");
        Files.writeString(profileDir.resolve(PolicyFile.FILE_NAME), POLICY.formatted("0"));
        ServerConfig config = TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0);
        server = KorrektServer.start(config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void eachActionFollowsThePolicysThresholds() throws Exception {
        assertThat(score(0, 4_000).getString("action")).isEqualTo("PASS");
        assertThat(score(80, 4_000).getString("action")).isEqualTo("MANUAL_CHECK");
        JsonObject hold = score(130, 4_000);
        assertThat(hold.getString("action")).isEqualTo("HOLD_PAYMENT");
        assertThat(hold.getString("band")).isEqualTo("VERY_HIGH");
        // no questions on actions other than EXTRA_QUESTIONS
        assertThat(hold.containsKey("questions")).isFalse();
    }

    @Test
    @Order(2)
    void extraQuestionsNameTheQuestionsFollowingTheReasonsFirst() throws Exception {
        JsonObject d = score(35, 4_000);

        assertThat(d.getString("action")).isEqualTo("EXTRA_QUESTIONS");
        assertThat(d.getString("band")).isEqualTo("ELEVATED");
        assertThat(d.getJsonArray("reasons").getJsonObject(0).getString("code")).isEqualTo("LATE_APPLICATION");
        JsonArray questions = d.getJsonArray("questions");
        assertThat(questions.stream().map(q -> ((JsonObject) q).getString("code")))
                .containsExactly("PERIOD_CONFIRMED", "GENERAL");
        assertThat(questions.getJsonObject(0).getString("textSv")).isEqualTo("Stämmer perioden?");
        assertThat(questions.getJsonObject(0).getString("textEn")).isEqualTo("Is the period correct?");

        JsonObject record = record(d.getString("decisionId"));
        assertThat(record.getJsonArray("questions")).containsExactly("PERIOD_CONFIRMED", "GENERAL");
        assertThat(record.getString("policy")).isEqualTo("explicit");
        assertThat(record.getJsonArray("thresholds")).containsExactly(0.2, 0.5, 0.9, 0.0, 2000.0);
    }

    @Test
    @Order(3)
    void belowTheAmountLimitAManualCheckBecomesExtraQuestions() throws Exception {
        JsonObject d = score(80, 1_500);

        assertThat(d.getString("action")).isEqualTo("EXTRA_QUESTIONS");
        assertThat(d.getString("band")).isEqualTo("HIGH");
        assertThat(d.getBoolean("belowAmountLimit")).isTrue();
        assertThat(d.getJsonArray("questions")).isNotEmpty();
        // and no case is queued for it
        server.recorder().flush(Duration.ofSeconds(10));
        JsonArray cases = new JsonObject(get("/v1/queues/tfp?limit=500").body()).getJsonArray("cases");
        assertThat(cases.stream().map(c -> ((JsonObject) c).getString("decisionId")))
                .doesNotContain(d.getString("decisionId"));
    }

    @Test
    @Order(3)
    void aRetryWithItsIdempotencyKeyGetsTheQuestionsAndTheAmountLimitAsFirstAnswered() throws Exception {
        String body = "{\"items\":["
                + String.join(",", item("A-policy-retry-1", 35, 4_000), item("A-policy-retry-2", 80, 1_500)) + "]}";
        HttpResponse<String> first = keyed(body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonArray results = new JsonObject(first.body()).getJsonArray("results");
        assertThat(results.getJsonObject(0).getJsonArray("questions")).isNotEmpty();
        assertThat(results.getJsonObject(1).getBoolean("belowAmountLimit")).isTrue();
        // from the database: every field of the answer is in the record
        assertThat(server.recorder().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(keyed(body).body()).isEqualTo(first.body());
    }

    private static String item(String applicationId, int lagDays, int amountSek) {
        return String.format(
                Locale.ROOT,
                "{\"applicationId\":\"%s\",\"personPseudonym\":\"p-%032x\",\"benefit\":\"tfp\","
                        + "\"channel\":\"e-service\",\"submittedOn\":\"%s\",\"periodStart\":\"2025-02-03\","
                        + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":%d,"
                        + "\"declaredMonthlyIncomeSek\":30000}",
                applicationId,
                person++,
                java.time.LocalDate.of(2025, 2, 7).plusDays(lagDays),
                amountSek);
    }

    private static HttpResponse<String> keyed(String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/score/batch"))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "policy-retry")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(4)
    void aChangedPolicyTakesEffectWhenTheVersionIsActivatedAgainAndMarksTheRandomControlSample() throws Exception {
        Files.writeString(profileDir.resolve(PolicyFile.FILE_NAME), POLICY.formatted("0.5"));
        assertThat(post("/v1/models/test/" + VERSION + "/activate", "").statusCode())
                .isEqualTo(200);
        JsonObject models = new JsonObject(get("/v1/models").body());
        assertThat(models.getJsonObject("champion").getJsonObject("thresholds").getDouble("randomControlShare"))
                .isEqualTo(0.5);
        assertThat(models.getJsonObject("champion").getJsonObject("policy").getString("basis"))
                .isEqualTo("explicit");

        List<JsonObject> drawn = new ArrayList<>();
        int passed = 0;
        for (int i = 0; i < 200; i++) {
            JsonObject d = score(0, 4_000);
            if (d.getBoolean("randomControl")) {
                // drawn regardless of its low score, marked so, and checked by hand
                assertThat(d.getString("action")).isEqualTo("MANUAL_CHECK");
                assertThat(d.getString("band")).isEqualTo("LOW");
                drawn.add(d);
            } else {
                assertThat(d.getString("action")).isEqualTo("PASS");
                passed++;
            }
        }
        // the service's draws are not seeded: half of 200 expected, and outside 60 to 140 has a
        // probability of about 2e-8
        assertThat(drawn.size()).isBetween(60, 140);
        assertThat(passed).isEqualTo(200 - drawn.size());
        // the random sample is kept below the amount limit: it measures, it does not recover
        JsonObject small = score(0, 500);
        for (int tries = 1; tries < 60 && !small.getBoolean("randomControl"); tries++) {
            small = score(0, 500); // 60 misses in a row: about 1e-18
        }
        assertThat(small.getBoolean("randomControl")).isTrue();
        assertThat(small.getString("action")).isEqualTo("MANUAL_CHECK");
        assertThat(small.containsKey("belowAmountLimit")).isFalse();

        server.recorder().flush(Duration.ofSeconds(10));
        String id = drawn.get(0).getString("decisionId");
        assertThat(record(id).getBoolean("randomControl")).isTrue();
        JsonArray cases = new JsonObject(get("/v1/queues/tfp?limit=500").body()).getJsonArray("cases");
        JsonObject queued = cases.stream()
                .map(JsonObject.class::cast)
                .filter(c -> c.getString("decisionId").equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(queued.getBoolean("randomControl")).isTrue();
    }

    @Test
    @Order(5)
    void aBrokenPolicyFileIsRefusedAndTheChampionKeepsServing() throws Exception {
        Files.writeString(profileDir.resolve(PolicyFile.FILE_NAME), "{\"randomControlShare\": 0.9}");

        HttpResponse<String> refused = post("/v1/models/test/" + VERSION + "/activate", "");
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("BUNDLE_REFUSED");
        assertThat(error.getString("message")).contains("policy.json", "'randomControlShare' must be in");
        assertThat(new JsonObject(get("/v1/models").body())
                        .getJsonObject("champion")
                        .getJsonObject("thresholds")
                        .getDouble("randomControlShare"))
                .isEqualTo(0.5);
        assertThat(score(130, 4_000).getString("action")).isEqualTo("HOLD_PAYMENT");
    }

    /**
     * The record keeps a keyed digest of the request, not its SHA-256: the record's other fields
     * and a plain hash would give back the identity number the request carried, by trying those of
     * a birth year (about 365,000; a second).
     */
    @Test
    @Order(6)
    void theRecordKeepsAKeyedDigestOfTheRequestNotOneThatGivesBackTheIdentityNumber() throws Exception {
        String body = tfpApplication("A-digest-1");
        HttpResponse<String> response = post("/v1/score", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject record = record(new JsonObject(response.body()).getString("decisionId"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Pseudonymizer key = new Pseudonymizer("a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(record.getString("inputDigest"))
                .isEqualTo(key.inputDigest(bytes))
                .isNotEqualTo(Checksums.sha256Hex(bytes))
                .hasSize(64);
        assertThat(record.encode()).doesNotContain(PERSON).doesNotContain("850412");
        // an auditor reads the record with the names of its figures
        assertThat(record.getJsonArray("thresholdNames"))
                .containsExactly(
                        "extraQuestions", "manualCheck", "holdPayment", "randomControlShare", "minCaseAmountSek");
        assertThat(record.getJsonArray("featureNames").size())
                .isEqualTo(record.getJsonArray("features").size())
                .isPositive();
        assertThat(record.getJsonArray("featureNames").encode()).contains("\"submission_lag_days\"");
        // from the application to its decisions: a worker of its unit sees it, one of another unit not
        String decisionId = new JsonObject(response.body()).getString("decisionId");
        JsonArray found =
                new JsonObject(get("/v1/decisions?applicationId=A-digest-1").body()).getJsonArray("decisions");
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.getJsonObject(0).getString("decisionId")).isEqualTo(decisionId);
        String elsewhere = TestTokens.token("olle", java.util.Set.of(Role.INVESTIGATOR), java.util.Set.of("nowhere"));
        HttpResponse<String> notTheirs = CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/decisions?applicationId=A-digest-1"))
                        .header("Authorization", "Bearer " + elsewhere)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(notTheirs.body()).getJsonArray("decisions")).isEmpty();
        assertThat(new JsonObject(get("/v1/decisions?applicationId=A-digest-1").body()).getBoolean("truncated"))
                .isFalse();
        HttpResponse<String> aNumber = get("/v1/decisions?applicationId=" + PERSON);
        assertThat(aNumber.statusCode()).isEqualTo(400);
        assertThat(aNumber.body()).doesNotContain(PERSON);
        // and the model routes name the served bundle's fairness gate
        JsonObject models = new JsonObject(get("/v1/models").body());
        assertThat(models.getJsonObject("champion").getMap())
                .containsKey("gate")
                .containsKey("gateOverride");
        // another key, another digest: without the key nothing can be checked against it
        assertThat(new Pseudonymizer("another pseudonymisation key, 32 b".getBytes(StandardCharsets.UTF_8))
                        .inputDigest(bytes))
                .isNotEqualTo(record.getString("inputDigest"));
    }

    /**
     * An amount sent with fractions of an öre is decided on the amount the record keeps, to the öre:
     * the record's amount and the features it keeps are those of 4,000.13 SEK, not of 4,000.126.
     */
    @Test
    @Order(7)
    void anAmountWithFractionsOfAnOreIsDecidedOnTheAmountTheRecordKeeps() throws Exception {
        String body = "{\"applicationId\":\"A-ore-1\",\"personPseudonym\":\"p-" + "0e".repeat(16) + "\","
                + "\"benefit\":\"tfp\",\"channel\":\"e-service\",\"submittedOn\":\"2025-02-10\","
                + "\"periodStart\":\"2025-02-03\",\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,"
                + "\"amountSek\":4000.126,\"declaredMonthlyIncomeSek\":30000.004}";
        HttpResponse<String> response = post("/v1/score", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject record = record(new JsonObject(response.body()).getString("decisionId"));

        assertThat(record.getDouble("amountSek")).isEqualTo(4000.13);
        List<String> names = new ArrayList<>();
        record.getJsonArray("featureNames").forEach(name -> names.add((String) name));
        JsonArray features = record.getJsonArray("features");
        assertThat(features.getDouble(names.indexOf("amount_sek_log"))).isEqualTo(Math.log1p(4000.13));
        assertThat(features.getDouble(names.indexOf("declared_income_sek_log"))).isEqualTo(Math.log1p(30000.0));
    }

    /** Scores an online five-day VAB application submitted {@code lagDays} after its period, for a new person. */
    private static JsonObject score(int lagDays, int amountSek) throws Exception {
        java.time.LocalDate end = java.time.LocalDate.of(2025, 2, 7);
        String body = String.format(
                Locale.ROOT,
                "{\"applicationId\":\"A-policy-%d\",\"personPseudonym\":\"p-%032x\",\"benefit\":\"tfp\","
                        + "\"channel\":\"e-service\",\"submittedOn\":\"%s\",\"periodStart\":\"2025-02-03\","
                        + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":%d,"
                        + "\"declaredMonthlyIncomeSek\":30000}",
                person,
                person++,
                end.plusDays(lagDays),
                amountSek);
        HttpResponse<String> response = post("/v1/score", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static JsonObject record(String decisionId) throws Exception {
        server.recorder().flush(Duration.ofSeconds(10));
        HttpResponse<String> response = get("/v1/decisions/" + decisionId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /**
     * An application decided more than 100 times (retries, a payment run after the self-service
     * check) is listed 100 decisions to a page, oldest first: {@code after} the last one listed gives
     * the next page, with none left out and none twice.
     */
    @Test
    @Order(8)
    void anApplicationsDecisionsAreListedAPageAtATime() throws Exception {
        String body = tfpApplication("A-many");
        HttpResponse<String> another = post("/v1/score", tfpApplication("A-another"));
        assertThat(another.statusCode()).as(another.body()).isEqualTo(200);
        String decisionId = new JsonObject(another.body()).getString("decisionId");
        String elsewhere = TestTokens.token("olle", java.util.Set.of(Role.INVESTIGATOR), java.util.Set.of("nowhere"));
        // more than 100: the oldest 100, and the answer says there are more
        for (int i = 0; i < DecisionStore.MAX_DECISIONS_OF_APPLICATION + 1; i++) {
            assertThat(post("/v1/score", body).statusCode()).isEqualTo(200);
        }
        server.recorder().flush(Duration.ofSeconds(10));
        JsonObject listed =
                new JsonObject(get("/v1/decisions?applicationId=A-many").body());
        assertThat(listed.getJsonArray("decisions")).hasSize(DecisionStore.MAX_DECISIONS_OF_APPLICATION);
        assertThat(listed.getBoolean("truncated")).isTrue();
        // the next page starts after the last one listed: the one left, and none twice
        JsonArray firstPage = listed.getJsonArray("decisions");
        String last = firstPage.getJsonObject(firstPage.size() - 1).getString("decisionId");
        assertThat(listed.getString("next")).isEqualTo(last);
        JsonObject next = new JsonObject(
                get("/v1/decisions?applicationId=A-many&after=" + last).body());
        assertThat(next.getJsonArray("decisions")).hasSize(1);
        assertThat(next.getBoolean("truncated")).isFalse();
        assertThat(next.getValue("next")).isNull();
        assertThat(next.containsKey("next")).isTrue();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonArray page : List.of(firstPage, next.getJsonArray("decisions"))) {
            for (int i = 0; i < page.size(); i++) {
                seen.add(page.getJsonObject(i).getString("decisionId"));
            }
        }
        assertThat(seen).hasSize(DecisionStore.MAX_DECISIONS_OF_APPLICATION + 1);
        assertThat(java.time.Instant.parse(
                        next.getJsonArray("decisions").getJsonObject(0).getString("decidedAt")))
                .isAfterOrEqualTo(java.time.Instant.parse(
                        firstPage.getJsonObject(firstPage.size() - 1).getString("decidedAt")));
        // after the last of all, an empty page
        String lastOfAll = next.getJsonArray("decisions").getJsonObject(0).getString("decisionId");
        assertThat(new JsonObject(get("/v1/decisions?applicationId=A-many&after=" + lastOfAll)
                                .body())
                        .getJsonArray("decisions"))
                .isEmpty();
        // a decision of another application, of a unit the caller may not read, or not a UUID: 400
        HttpResponse<String> anotherApplications = get("/v1/decisions?applicationId=A-many&after=" + decisionId);
        assertThat(anotherApplications.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(anotherApplications.body())
                        .getJsonObject("error")
                        .getString("field"))
                .isEqualTo("after");
        HttpResponse<String> notReadable = CLIENT.send(
                HttpRequest.newBuilder(uri("/v1/decisions?applicationId=A-many&after=" + last))
                        .header("Authorization", "Bearer " + elsewhere)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notReadable.statusCode()).isEqualTo(400);
        HttpResponse<String> notAnId = get("/v1/decisions?applicationId=A-many&after=" + PERSON);
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(notAnId.body()).contains("\"field\":\"after\"").doesNotContain(PERSON);
    }

    /** The identity number of the person whose applications the record and paging tests send. */
    private static final String PERSON = "198504121230";

    /** A temporary parental benefit application of {@link #PERSON}'s with {@code applicationId}. */
    private static String tfpApplication(String applicationId) {
        return "{\"applicationId\":\"" + applicationId + "\",\"personalIdentityNumber\":\"" + PERSON + "\","
                + "\"benefit\":\"tfp\",\"channel\":\"e-service\",\"submittedOn\":\"2025-02-10\","
                + "\"periodStart\":\"2025-02-03\",\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,"
                + "\"amountSek\":4000,\"declaredMonthlyIncomeSek\":30000}";
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
