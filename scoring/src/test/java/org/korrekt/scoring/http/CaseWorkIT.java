package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * The work API over HTTP against the real service: claim, notes, release, reassign, outcomes (and
 * the refusals of each), the case page's record, history and audit trail, and the unit's figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaseWorkIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String ANNA = TestTokens.token("anna", Set.of(Role.INVESTIGATOR), Set.of("tfp"));
    private static final String BERTIL = TestTokens.token("bertil", Set.of(Role.INVESTIGATOR), Set.of("tfp"));
    private static final String OTHER_UNIT = TestTokens.token("cecilia", Set.of(Role.INVESTIGATOR), Set.of("fp"));
    private static final String LEAD = TestTokens.token("lead", Set.of(Role.LEAD), Set.of("tfp"));
    private static final String SELF = TestTokens.token("web", Set.of(Role.SELFSERVICE), Set.of());
    private static final String ADMIN = TestTokens.token("root", Set.of(Role.ADMIN), Set.of());
    private static final String AUDITOR = TestTokens.token("revisor", Set.of(Role.AUDITOR), Set.of());

    private static KorrektServer server;
    private static int person;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("case-work");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        ServerConfig config = TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0);
        server = KorrektServer.start(config);
        // 12 flagged VAB applications of distinct persons; one person applies twice (one case, two signals)
        for (int i = 0; i < 12; i++) {
            score(person++, 80 + 10 * i, 4_000 + 500 * i);
        }
        score(0, 200, 6_000);
        server.recorder().flush(Duration.ofSeconds(10));
        assertThat(send("PUT", "/v1/queues/tfp/capacity", LEAD, "{\"casesPerDay\": 8}", 200)
                        .getInteger("casesPerDay"))
                .isEqualTo(8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(2)
    void anInvestigatorClaimsNotesAndRecordsAnOutcomeAndTheFiguresCount() throws Exception {
        JsonObject queue = send("GET", "/v1/queues/tfp?limit=50", ANNA, null, 200);
        JsonArray cases = queue.getJsonArray("cases");
        assertThat(cases.size()).isEqualTo(12);
        assertThat(cases.stream().filter(c -> ((JsonObject) c).getString("releasedOn") != null))
                .hasSize(8);
        JsonObject first = cases.getJsonObject(0);
        assertThat(first.getJsonArray("topReasons").getJsonObject(0).getString("textSv"))
                .isNotBlank();

        JsonObject claimed = send("POST", "/v1/queues/tfp/claim", ANNA, "{}", 200);
        assertThat(claimed.getLong("caseId")).isEqualTo(first.getLong("caseId"));
        assertThat(claimed.getString("status")).isEqualTo("CLAIMED");
        assertThat(claimed.getString("assignee")).isEqualTo("anna");
        long id = claimed.getLong("caseId");

        // the case page: the decision record explained, with feature names aligned to its values
        JsonObject page = send("GET", "/v1/cases/" + id, ANNA, null, 200);
        JsonObject decision = page.getJsonObject("decision");
        assertThat(decision.getString("decisionId")).isEqualTo(claimed.getString("decisionId"));
        assertThat(page.getJsonArray("featureNames").size())
                .isEqualTo(decision.getJsonArray("features").size());
        assertThat(page.getJsonArray("audit").stream().map(a -> ((JsonObject) a).getString("action")))
                .containsSubsequence("OPENED", "QUEUED_FOR_DAY", "CLAIMED");

        // nobody else may record its outcome or release it; another unit does not even see it
        send("POST", "/v1/cases/" + id + "/outcome", BERTIL, "{\"incorrect\": false}", 403);
        send("POST", "/v1/cases/" + id + "/release", BERTIL, "{}", 403);
        send("GET", "/v1/cases/" + id, OTHER_UNIT, null, 404);
        send("GET", "/v1/cases/" + id, SELF, null, 403);
        // a token without the role learns nothing of the units, not even which exist
        assertThat(send("GET", "/v1/queues/nope", SELF, null, 403)
                        .getJsonObject("error")
                        .getString("message"))
                .doesNotContain("tfp");
        send("GET", "/v1/queues/nope", ANNA, null, 404);
        // a unit's name in any case is the unit, as benefit codes are elsewhere
        assertThat(send("GET", "/v1/queues/TFP/claimed", ANNA, null, 200).getString("unit"))
                .isEqualTo("tfp");

        JsonObject note = send("POST", "/v1/cases/" + id + "/notes", ANNA, "{\"body\": \"Ringt arbetsgivaren.\"}", 201);
        assertThat(note.getString("author")).isEqualTo("anna");
        // sent again (its answer lost): the note it added, not a second one
        assertThat(send("POST", "/v1/cases/" + id + "/notes", ANNA, "{\"body\": \"Ringt arbetsgivaren.\"}", 201))
                .isEqualTo(note);
        assertThat(send("GET", "/v1/cases/" + id, ANNA, null, 200).getJsonArray("notes"))
                .hasSize(1);
        // PostgreSQL's text holds no NUL: refused, not a 500
        assertThat(send("POST", "/v1/cases/" + id + "/notes", ANNA, "{\"body\": \"a\\u0000b\"}", 400)
                        .getJsonObject("error")
                        .getString("code"))
                .isEqualTo("INVALID_FIELD");
        // a direction override shows a reader other text than was written; a lone surrogate is no character
        for (String bad : List.of("Betalt \\u202Eeb ej\\u202C till", "Ringde \\u2067x\\u2069", "x\\uD800y")) {
            assertThat(send("POST", "/v1/cases/" + id + "/notes", ANNA, "{\"body\": \"" + bad + "\"}", 400)
                            .getJsonObject("error")
                            .getString("code"))
                    .as(bad)
                    .isEqualTo("INVALID_FIELD");
        }
        // Swedish letters and an emoji joined by zero-width joiners are a note's own
        assertThat(send(
                                "POST",
                                "/v1/cases/" + id + "/notes",
                                ANNA,
                                "{\"body\": \"Åsa ringde \\uD83D\\uDC68\\u200D\\uD83D\\uDC67\"}",
                                201)
                        .getString("body"))
                .isEqualTo("Åsa ringde \uD83D\uDC68\u200D\uD83D\uDC67");
        // a note is kept for good in the audit trail: no identity number, in either form, and none echoed back
        for (String number : List.of("19850412-1230", "850412-1230", "8504121230")) {
            JsonObject refused = send(
                            "POST", "/v1/cases/" + id + "/notes", ANNA, "{\"body\": \"Ringde " + number + ".\"}", 400)
                    .getJsonObject("error");
            assertThat(refused.getString("code")).isEqualTo("INVALID_FIELD");
            assertThat(refused.getString("message")).contains("holds a personal identity number");
            assertThat(refused.encode()).doesNotContain("1230");
        }
        JsonObject unknown = send("POST", "/v1/cases/" + id + "/notes", ANNA, "{\"198504121230\": 1}", 400)
                .getJsonObject("error");
        assertThat(unknown.getString("code")).isEqualTo("UNKNOWN_FIELD");
        assertThat(unknown.encode()).doesNotContain("198504121230");
        // 10,000 characters, each sent escaped (60,000 bytes): within the note's limit
        String escaped = "\\u00e4".repeat(10_000);
        assertThat(send("POST", "/v1/cases/" + id + "/notes", ANNA, "{\"body\": \"" + escaped + "\"}", 201)
                        .getString("body"))
                .hasSize(10_000);
        send("POST", "/v1/cases/" + id + "/notes", ANNA, "{\"body\": \"" + escaped + "x\"}", 400);

        // amounts the case cannot hold are refused, and nothing is recorded: an outcome cannot be changed
        JsonObject tooMuch = send(
                        "POST",
                        "/v1/cases/" + id + "/outcome",
                        ANNA,
                        "{\"incorrect\": true, \"incorrectAmountSek\": 9999999, \"cause\": \"CLAIMANT\"}",
                        400)
                .getJsonObject("error");
        assertThat(tooMuch.getString("field")).isEqualTo("incorrectAmountSek");
        assertThat(tooMuch.getString("message"))
                .startsWith("the incorrect amount 9999999.00 SEK is more than the case's 1 application(s) claimed (");
        JsonObject prevented = send(
                        "POST",
                        "/v1/cases/" + id + "/outcome",
                        ANNA,
                        "{\"incorrect\": true, \"incorrectAmountSek\": 100, \"preventedFutureSek\": 50000,"
                                + " \"cause\": \"CLAIMANT\"}",
                        400)
                .getJsonObject("error");
        assertThat(prevented.getString("field")).isEqualTo("preventedFutureSek");
        assertThat(prevented.getString("message")).startsWith("benefit tfp has no recurring payment");
        JsonObject still = send("GET", "/v1/cases/" + id, ANNA, null, 200);
        assertThat(still.getJsonObject("case").getString("status")).isEqualTo("CLAIMED");
        assertThat(still.getValue("outcome")).isNull();

        JsonObject closed = send(
                "POST",
                "/v1/cases/" + id + "/outcome",
                ANNA,
                // codes regardless of case
                "{\"incorrect\": true, \"incorrectAmountSek\": 3200, \"preventedFutureSek\": 0, \"cause\": \"claimant\","
                        + " \"intentionalSuspected\": false, \"actions\": [\"recovery_claim\"], \"policeReport\": false}",
                200);
        assertThat(closed.getString("status")).isEqualTo("CLOSED");
        // the same outcome sent again by whoever recorded it (its answer lost): the same answer, recorded once
        JsonObject again = send(
                "POST",
                "/v1/cases/" + id + "/outcome",
                ANNA,
                "{\"incorrect\": true, \"incorrectAmountSek\": 3200.0, \"cause\": \"CLAIMANT\","
                        + " \"actions\": [\"RECOVERY_CLAIM\"]}",
                200);
        assertThat(again).isEqualTo(closed);
        // another outcome, or the same from someone else, is refused: the case is closed
        send("POST", "/v1/cases/" + id + "/outcome", ANNA, "{\"incorrect\": false}", 409);
        send(
                "POST",
                "/v1/cases/" + id + "/outcome",
                LEAD,
                "{\"incorrect\": true, \"incorrectAmountSek\": 3200, \"cause\": \"CLAIMANT\","
                        + " \"actions\": [\"RECOVERY_CLAIM\"]}",
                409);

        JsonObject after = send("GET", "/v1/cases/" + id, ANNA, null, 200);
        assertThat(after.getJsonObject("outcome").getDouble("incorrectAmountSek"))
                .isEqualTo(3200.0);
        assertThat(after.getJsonObject("outcome").getString("cause")).isEqualTo("CLAIMANT");
        assertThat(after.getJsonObject("outcome").getJsonArray("actions")).containsExactly("RECOVERY_CLAIM");
        assertThat(after.getJsonArray("notes").getJsonObject(0).getString("body"))
                .isEqualTo("Ringt arbetsgivaren.");
        List<String> trail = after.getJsonArray("audit").stream()
                .map(a -> ((JsonObject) a).getString("action") + ":" + ((JsonObject) a).getString("actor"))
                .toList();
        assertThat(trail)
                .containsSubsequence("CLAIMED:anna", "NOTE_ADDED:anna", "OUTCOME_RECORDED:anna", "CLOSED:anna");
        assertThat(trail).filteredOn(a -> a.startsWith("OUTCOME_RECORDED")).hasSize(1);

        JsonObject figures = send("GET", "/v1/queues/tfp/figures?weeks=4", LEAD, null, 200);
        assertThat(figures.getInteger("casesPerDay")).isEqualTo(8);
        assertThat(figures.getJsonArray("weeks")).hasSize(4);
        JsonObject model = figures.getJsonObject("total").getJsonObject("modelSelected");
        assertThat(model.getLong("investigations")).isGreaterThanOrEqualTo(1);
        assertThat(model.getDouble("incorrectSek")).isGreaterThanOrEqualTo(3200.0);
        JsonObject week = figures.getJsonArray("weeks").getJsonObject(3);
        assertThat(week.getJsonObject("modelSelected").getLong("investigations"))
                .isPositive();
    }

    @Test
    @Order(3)
    void aLeadReassignsAndReleasesAndOnlyALeadSetsCapacity() throws Exception {
        JsonObject claimed = send("POST", "/v1/queues/tfp/claim", BERTIL, "{}", 200);
        long id = claimed.getLong("caseId");
        send("POST", "/v1/cases/" + id + "/reassign", BERTIL, "{\"assignee\": \"anna\"}", 403);
        send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"198504124564\"}", 400);
        // a zero-width space would make a second "anna" who reads the same
        assertThat(send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"an\\u200Bna\"}", 400)
                        .getJsonObject("error")
                        .getString("message"))
                .contains("invisible formatting characters (U+200B at 3)");
        // no token's subject holds a tab or a line break: a case assigned to one would be stranded
        for (String stranded : List.of("bo\\tb", "an\\nna")) {
            assertThat(send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"" + stranded + "\"}", 400)
                            .getJsonObject("error")
                            .getString("message"))
                    .as(stranded)
                    .startsWith("assignee must not hold control characters");
        }
        // so would a Cyrillic 'а' (U+0430) for the Latin 'a'
        assertThat(send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"\u0430nna\"}", 400)
                        .getJsonObject("error")
                        .getString("message"))
                .contains("assignee mixes the letters of Latin and Cyrillic");
        // "Anna" is not anna: her token would no longer hold the case, so a name that differs only in case from
        // someone who has held the unit's cases is refused
        JsonObject capital = send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"Anna\"}", 400)
                .getJsonObject("error");
        assertThat(capital.getString("field")).isEqualTo("assignee");
        assertThat(capital.getString("message"))
                .isEqualTo("no one named 'Anna' has held a case of unit 'tfp', but 'anna' has; a name must be"
                        + " written exactly as the person's token subject");
        JsonObject moved = send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"anna\"}", 200);
        assertThat(moved.getString("assignee")).isEqualTo("anna");
        JsonObject back = send("POST", "/v1/cases/" + id + "/release", ANNA, "{}", 200);
        assertThat(back.getString("status")).isEqualTo("OPEN");
        assertThat(back.getString("assignee")).isNull();
        // a released case keeps its place: the next claim gets it again
        assertThat(send("POST", "/v1/queues/tfp/claim", BERTIL, "{}", 200).getLong("caseId"))
                .isEqualTo(id);
        // a lead hands an open case to an investigator: assigned by the lead, not claimed by them
        // (a release needs no body, nor a Content-Type)
        send("POST", "/v1/cases/" + id + "/release", BERTIL, null, 200);
        send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"bertil\"}", 200);
        send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"bertil\"}", 200);
        List<String> trail = send("GET", "/v1/cases/" + id, LEAD, null, 200).getJsonArray("audit").stream()
                .map(a -> (JsonObject) a)
                .map(a -> a.getString("action") + ":" + a.getString("actor") + ":"
                        + a.getJsonObject("detail").encode())
                .toList();
        assertThat(trail.get(trail.size() - 1))
                .as("the second, to the one who holds it, wrote nothing")
                .isEqualTo("ASSIGNED:lead:{\"to\":\"bertil\"}");
        assertThat(trail).noneMatch(a -> a.startsWith("UPDATED"));
        send("PUT", "/v1/queues/tfp/capacity", ANNA, "{\"casesPerDay\": 100}", 403);
        send("PUT", "/v1/queues/tfp/capacity", LEAD, "{\"casesPerDay\": -1}", 400);
        assertThat(send("PUT", "/v1/queues/tfp/capacity", LEAD, "{\"casesPerDay\": 99999999999999999999}", 400)
                        .getJsonObject("error")
                        .getString("code"))
                .isEqualTo("OUT_OF_RANGE");
        send("GET", "/v1/queues/nonsense", LEAD, null, 404);
        // a long name is not repeated whole
        assertThat(send("GET", "/v1/queues/" + "x".repeat(3_000), LEAD, null, 404)
                        .getJsonObject("error")
                        .getString("message"))
                .hasSizeLessThan(300);
        // a long s (U+017F) upper-cases to S, but "ſp" is not sp's unit, nor "ſp" the benefit sp
        send("GET", "/v1/queues/%C5%BFp", LEAD, null, 404);
        // the units a token names are units in any case, as in the path
        String upper = TestTokens.token("lena", Set.of(Role.LEAD), Set.of("TFP"));
        assertThat(send("GET", "/v1/me", upper, null, 200).getJsonArray("units"))
                .containsExactly("tfp");
        assertThat(send("GET", "/v1/queues/tfp/claimed", upper, null, 200).getString("unit"))
                .isEqualTo("tfp");
        JsonObject claimedList = send("GET", "/v1/queues/TFP/claimed", upper, null, 200);
        assertThat(claimedList.getLong("total"))
                .isEqualTo(claimedList.getInteger("count").longValue());
        assertThat(claimedList.getBoolean("truncated")).isFalse();
    }

    @Test
    @Order(1)
    void aPersonsSecondApplicationAttachesToItsCase() throws Exception {
        JsonArray cases =
                send("GET", "/v1/queues/tfp?limit=50", LEAD, null, 200).getJsonArray("cases");
        JsonObject twice = cases.stream()
                .map(c -> (JsonObject) c)
                .filter(c -> c.getInteger("signals") == 2)
                .findFirst()
                .orElseThrow();
        // a third, later application of the same person, worth less than the first two
        String third = score(0, 150, 3_000).getString("decisionId");
        server.recorder().flush(Duration.ofSeconds(10));
        JsonObject page = send("GET", "/v1/cases/" + twice.getLong("caseId"), LEAD, null, 200);
        assertThat(page.getJsonArray("signals")).hasSize(3);
        // the summary is one signal whole, the one worth the most: its application, amount and score
        // are those of the decision the page shows
        JsonObject shown = page.getJsonObject("decision");
        JsonObject summary = page.getJsonObject("case");
        assertThat(shown.getString("applicationId"))
                .isEqualTo(summary.getString("applicationId"))
                .isNotEqualTo("A-work-0-150");
        assertThat(summary.getDouble("amountSek")).isEqualTo(shown.getDouble("amountSek"));
        assertThat(summary.getDouble("score")).isEqualTo(shown.getDouble("score"));
        double[] values = page.getJsonArray("signals").stream()
                .map(g -> ((JsonObject) g))
                .mapToDouble(g -> g.getDouble("score") * g.getDouble("amountSek"))
                .toArray();
        assertThat(shown.getDouble("score") * shown.getDouble("amountSek"))
                .isEqualTo(
                        java.util.Arrays.stream(values).max().orElseThrow(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(page.getJsonObject("history").getJsonArray("decisions")).hasSize(3);
        assertThat(page.getJsonArray("audit").stream().map(a -> ((JsonObject) a).getString("action")))
                .contains("SIGNAL_ATTACHED");
        // the trail names the decision each signal attached, though the case goes on showing another
        JsonObject attached = page.getJsonArray("audit").stream()
                .map(a -> (JsonObject) a)
                .filter(a -> a.getString("action").equals("SIGNAL_ATTACHED"))
                .reduce((a, b) -> b)
                .orElseThrow()
                .getJsonObject("detail");
        assertThat(attached.getString("decisionId")).isEqualTo(third);
        assertThat(attached.getString("shownDecisionId")).isEqualTo(shown.getString("decisionId"));
        assertThat(attached.getInteger("signals")).isEqualTo(3);
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "correct with an amount |{\"incorrect\": false, \"incorrectAmountSek\": 5}|incorrectAmountSek",
                "incorrect without cause|{\"incorrect\": true, \"incorrectAmountSek\": 5}|cause",
                "police without intent  |{\"incorrect\": true, \"cause\": \"CLAIMANT\", \"policeReport\": true}|policeReport",
                "unknown action         |{\"incorrect\": true, \"cause\": \"OTHER\", \"actions\": [\"JAIL\"]}|actions",
                "negative amount        |{\"incorrect\": true, \"cause\": \"OTHER\", \"incorrectAmountSek\": -1}|incorrectAmountSek",
                "missing incorrect      |{}|incorrect",
                "null incorrect         |{\"incorrect\": null}|incorrect",
                "incorrect twice        |{\"incorrect\": false, \"incorrect\": true, \"cause\": \"OTHER\"}|incorrect",
                "unknown field          |{\"incorrect\": false, \"verdict\": 1}|verdict",
            })
    void aBadOutcomeIsRefusedNamingTheField(String name, String body, String field) throws Exception {
        JsonObject error = send("POST", "/v1/cases/1/outcome", LEAD, body, 400).getJsonObject("error");
        assertThat(error.getString("field")).isEqualTo(field);
    }

    @Test
    @Order(5)
    void aLeadCorrectsARecordedOutcomeWithAReasonAndTheCorrectionCountsWhileTheRecordStays() throws Exception {
        JsonObject open = send("GET", "/v1/queues/tfp?limit=50", LEAD, null, 200).getJsonArray("cases").stream()
                .map(c -> (JsonObject) c)
                .filter(c -> "OPEN".equals(c.getString("status")))
                .findFirst()
                .orElseThrow();
        String correction = "{\"incorrect\": false, \"reason\": \"Överklagat: rätt till ersättningen.\"}";
        // only a closed case's outcome can be corrected
        assertThat(send("POST", "/v1/cases/" + open.getLong("caseId") + "/corrections", LEAD, correction, 409)
                        .getJsonObject("error")
                        .getString("message"))
                .contains("has no outcome to correct");

        long id = send("POST", "/v1/queues/tfp/claim", ANNA, "{}", 200).getLong("caseId");
        send(
                "POST",
                "/v1/cases/" + id + "/outcome",
                ANNA,
                "{\"incorrect\": true, \"incorrectAmountSek\": 1500, \"cause\": \"CLAIMANT\","
                        + " \"actions\": [\"RECOVERY_CLAIM\"]}",
                200);
        JsonObject before = totals(send("GET", "/v1/queues/tfp/figures?weeks=4", LEAD, null, 200));

        // an investigator may not, even the one who recorded it; a lead must say why, and within the case's amounts
        send("POST", "/v1/cases/" + id + "/corrections", ANNA, correction, 403);
        assertThat(send("POST", "/v1/cases/" + id + "/corrections", LEAD, "{\"incorrect\": false}", 400)
                        .getJsonObject("error")
                        .getString("field"))
                .isEqualTo("reason");
        assertThat(send(
                                "POST",
                                "/v1/cases/" + id + "/corrections",
                                LEAD,
                                "{\"incorrect\": true, \"incorrectAmountSek\": 9999999, \"cause\": \"CLAIMANT\","
                                        + " \"reason\": \"Skrivfel.\"}",
                                400)
                        .getJsonObject("error")
                        .getString("field"))
                .isEqualTo("incorrectAmountSek");
        assertThat(send(
                                "POST",
                                "/v1/cases/" + id + "/corrections",
                                LEAD,
                                "{\"incorrect\": false, \"reason\": \"Ringde 19850412-1230.\"}",
                                400)
                        .getJsonObject("error")
                        .getString("message"))
                .contains("holds a personal identity number");

        // first a typo in the amount, then the finding overturned on appeal: the newest counts
        send(
                "POST",
                "/v1/cases/" + id + "/corrections",
                LEAD,
                "{\"incorrect\": true, \"incorrectAmountSek\": 1200, \"cause\": \"CLAIMANT\","
                        + " \"actions\": [\"RECOVERY_CLAIM\"], \"reason\": \"Skrivfel i beloppet.\"}",
                201);
        JsonObject corrected = send("POST", "/v1/cases/" + id + "/corrections", LEAD, correction, 201);
        assertThat(corrected.getString("status")).isEqualTo("CLOSED");
        // sent again, as after a lost answer: the same answer, and recorded once (the trail below)
        assertThat(send("POST", "/v1/cases/" + id + "/corrections", LEAD, correction, 201))
                .isEqualTo(corrected);

        JsonObject page = send("GET", "/v1/cases/" + id, ANNA, null, 200);
        JsonObject outcome = page.getJsonObject("outcome");
        assertThat(outcome.getBoolean("incorrect")).isFalse();
        assertThat(outcome.getDouble("incorrectAmountSek")).isZero();
        assertThat(outcome.getString("recordedBy")).isEqualTo("anna");
        assertThat(outcome.getJsonObject("correction").getString("correctedBy")).isEqualTo("lead");
        assertThat(outcome.getJsonObject("correction").getString("reason"))
                .isEqualTo("Överklagat: rätt till ersättningen.");
        List<String> trail = page.getJsonArray("audit").stream()
                .map(a -> (JsonObject) a)
                .filter(a -> a.getString("action").startsWith("OUTCOME"))
                .map(a -> a.getString("action") + ":" + a.getString("actor") + ":"
                        + a.getJsonObject("detail").getValue("incorrectAmountSek"))
                .toList();
        assertThat(trail)
                .containsExactly(
                        "OUTCOME_RECORDED:anna:1500.0", "OUTCOME_CORRECTED:lead:1200.0", "OUTCOME_CORRECTED:lead:0.0");

        // the figures count the case as corrected: one incorrect case and 1,500 SEK fewer, the investigation still one
        JsonObject after = totals(send("GET", "/v1/queues/tfp/figures?weeks=4", LEAD, null, 200));
        assertThat(after.getLong("investigations")).isEqualTo(before.getLong("investigations"));
        assertThat(after.getLong("incorrect")).isEqualTo(before.getLong("incorrect") - 1);
        assertThat(after.getDouble("incorrectSek")).isEqualTo(before.getDouble("incorrectSek") - 1_500.0);

        // the outcome and its corrections are kept for good
        try (java.sql.Connection c = server.dataSource().getConnection();
                java.sql.Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "UPDATE case_outcome_correction SET reason = 'x'",
                    "DELETE FROM case_outcome_correction",
                    "TRUNCATE case_outcome_correction",
                    "UPDATE case_outcome SET incorrect = false")) {
                java.sql.SQLException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                        java.sql.SQLException.class, () -> s.executeUpdate(sql));
                assertThat((Throwable) refused).as(sql).hasMessageContaining("audit trail cannot be changed");
            }
        }
    }

    @Test
    @Order(6)
    void aLeadPagesThroughTheClosedCasesNewestFirstWithTheirOutcomesAsTheyCountNow() throws Exception {
        JsonObject all = send("GET", "/v1/queues/tfp/closed?limit=500", LEAD, null, 200);
        List<JsonObject> closed =
                all.getJsonArray("cases").stream().map(c -> (JsonObject) c).toList();
        // every investigation the figures count, and nothing else: the earlier tests closed at least two
        assertThat(closed).hasSizeGreaterThanOrEqualTo(2);
        assertThat((long) closed.size())
                .isEqualTo(totals(send("GET", "/v1/queues/tfp/figures?weeks=104", LEAD, null, 200))
                        .getLong("investigations"));
        assertThat(all.getValue("next")).isNull();
        assertThat(closed).allSatisfy(c -> {
            assertThat(c.getString("status")).isEqualTo("CLOSED");
            assertThat(c.getJsonObject("outcome").getString("recordedBy")).isNotBlank();
        });
        assertThat(closed.stream()
                        .map(c -> java.time.Instant.parse(c.getString("closedAt")))
                        .toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        // the corrected case is listed with its finding as it counts now, and who corrected it
        JsonObject corrected = closed.stream()
                .filter(c -> c.getJsonObject("outcome").getValue("correction") != null)
                .findFirst()
                .orElseThrow();
        assertThat(corrected.getJsonObject("outcome").getBoolean("incorrect")).isFalse();
        assertThat(corrected
                        .getJsonObject("outcome")
                        .getJsonObject("correction")
                        .getString("correctedBy"))
                .isEqualTo("lead");

        // one case a page: the pages, in turn, are the whole list, and the last says so
        List<Long> paged = new java.util.ArrayList<>();
        String path = "/v1/queues/TFP/closed?limit=1";
        while (true) {
            JsonObject page = send("GET", path, ANNA, null, 200);
            page.getJsonArray("cases").forEach(c -> paged.add(((JsonObject) c).getLong("caseId")));
            if (page.getValue("next") == null) {
                assertThat(page.getInteger("count")).isZero();
                break;
            }
            assertThat(page.getInteger("count")).isOne();
            path = "/v1/queues/tfp/closed?limit=1&before=" + page.getLong("next");
        }
        assertThat(paged)
                .containsExactlyElementsOf(
                        closed.stream().map(c -> c.getLong("caseId")).toList());

        // before names a closed case of the unit; others are refused, and the unit's rules hold
        long open = send("GET", "/v1/queues/tfp?limit=1", LEAD, null, 200)
                .getJsonArray("cases")
                .getJsonObject(0)
                .getLong("caseId");
        for (String before : List.of(Long.toString(open), "0", "abc", "198001010019")) {
            JsonObject error = send("GET", "/v1/queues/tfp/closed?before=" + before, LEAD, null, 400)
                    .getJsonObject("error");
            assertThat(error.getString("field")).as(before).isEqualTo("before");
            assertThat(error.getString("message")).doesNotContain("198001010019");
        }
        send("GET", "/v1/queues/tfp/closed?limit=0", LEAD, null, 400);
        send("GET", "/v1/queues/tfp/closed", OTHER_UNIT, null, 403);
        send("GET", "/v1/queues/tfp/closed", SELF, null, 403);
    }

    /** The unit's figures summed over both groups (model-selected and random control). */
    private static JsonObject totals(JsonObject figures) {
        JsonObject total = figures.getJsonObject("total");
        JsonObject model = total.getJsonObject("modelSelected");
        JsonObject random = total.getJsonObject("randomControl");
        return new JsonObject()
                .put("investigations", model.getLong("investigations") + random.getLong("investigations"))
                .put("incorrect", model.getLong("incorrect") + random.getLong("incorrect"))
                .put("incorrectSek", model.getDouble("incorrectSek") + random.getDouble("incorrectSek"));
    }

    @Test
    @Order(9)
    void aCasePageShowsOfThePersonsHistoryOnlyWhatTheCallersUnitsMayRead() throws Exception {
        JsonObject twice = send("GET", "/v1/queues/tfp?limit=50", LEAD, null, 200).getJsonArray("cases").stream()
                .map(c -> (JsonObject) c)
                .filter(c -> c.getString("personPseudonym").equals(String.format(Locale.ROOT, "p-%032x", 0)))
                .findFirst()
                .orElseThrow();
        // the same person's parental-benefit application, which the fp unit controls
        String body = String.format(
                Locale.ROOT,
                "{\"applicationId\":\"A-work-fp\",\"personPseudonym\":\"%s\",\"benefit\":\"fp\","
                        + "\"channel\":\"e-service\",\"submittedOn\":\"2025-03-20\",\"periodStart\":\"2025-02-03\","
                        + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":5000,"
                        + "\"declaredMonthlyIncomeSek\":30000}",
                twice.getString("personPseudonym"));
        String fpDecision = send("POST", "/v1/score", SELF, body, 200).getString("decisionId");
        server.recorder().flush(Duration.ofSeconds(10));
        send("GET", "/v1/decisions/" + fpDecision, LEAD, null, 404);

        JsonObject lead = send("GET", "/v1/cases/" + twice.getLong("caseId"), LEAD, null, 200);
        assertThat(lead.getJsonObject("history").getJsonArray("decisions").stream()
                        .map(d -> ((JsonObject) d).getString("decisionId")))
                .hasSize(3)
                .doesNotContain(fpDecision);
        assertThat(lead.getJsonObject("history").getJsonArray("cases")).isEmpty();
        JsonObject admin = send("GET", "/v1/cases/" + twice.getLong("caseId"), ADMIN, null, 200);
        assertThat(admin.getJsonObject("history").getJsonArray("decisions").stream()
                        .map(d -> ((JsonObject) d).getString("decisionId")))
                .hasSize(4)
                .contains(fpDecision);
        assertThat(admin.getJsonObject("history").getJsonArray("cases").size())
                .isEqualTo(send("GET", "/v1/queues/fp?limit=50", ADMIN, null, 200).getJsonArray("cases").stream()
                        .map(c -> (JsonObject) c)
                        .filter(c -> c.getString("personPseudonym").equals(twice.getString("personPseudonym")))
                        .count());
    }

    /**
     * An application sent three times without a key is three signals of its case, but it claimed
     * its amount once: the incorrect amount an outcome may record is that amount, not three times it.
     */
    @Test
    @Order(10)
    void anApplicationSentAgainCountsOnceTowardsTheIncorrectAmountItsCaseMayRecord() throws Exception {
        int who = 900;
        for (int i = 0; i < 3; i++) {
            score(who, 200, 6_000);
        }
        server.recorder().flush(Duration.ofSeconds(10));
        String person = String.format(Locale.ROOT, "p-%032x", who);
        long id = send("GET", "/v1/queues/tfp?limit=500", LEAD, null, 200).getJsonArray("cases").stream()
                .map(c -> (JsonObject) c)
                .filter(c -> c.getString("personPseudonym").equals(person))
                .findFirst()
                .orElseThrow()
                .getLong("caseId");
        assertThat(send("GET", "/v1/cases/" + id, LEAD, null, 200).getJsonArray("signals"))
                .hasSize(3);
        send("POST", "/v1/cases/" + id + "/reassign", LEAD, "{\"assignee\": \"anna\"}", 200);

        JsonObject tooMuch = send(
                        "POST",
                        "/v1/cases/" + id + "/outcome",
                        ANNA,
                        "{\"incorrect\": true, \"incorrectAmountSek\": 6000.01, \"cause\": \"CLAIMANT\"}",
                        400)
                .getJsonObject("error");
        assertThat(tooMuch.getString("message"))
                .startsWith("the incorrect amount 6000.01 SEK is more than the case's 1 application(s) claimed"
                        + " (6000.00 SEK)");
        send(
                "POST",
                "/v1/cases/" + id + "/outcome",
                ANNA,
                "{\"incorrect\": true, \"incorrectAmountSek\": 6000, \"cause\": \"CLAIMANT\"}",
                200);
    }

    /**
     * An auditor reads every unit's queues, cases (with their audit trails) and decisions, as an
     * admin does, and changes nothing: every change is 403 and leaves the case as it was.
     */
    @Test
    @Order(11)
    void anAuditorReadsEveryUnitAndChangesNothing() throws Exception {
        JsonObject queue = send("GET", "/v1/queues/tfp?limit=500", AUDITOR, null, 200);
        send("GET", "/v1/queues/fp", AUDITOR, null, 200);
        send("GET", "/v1/queues/tfp/claimed", AUDITOR, null, 200);
        send("GET", "/v1/queues/tfp/figures", AUDITOR, null, 200);
        JsonArray closed =
                send("GET", "/v1/queues/tfp/closed", AUDITOR, null, 200).getJsonArray("cases");
        long id = closed.getJsonObject(0).getLong("caseId");
        JsonObject page = send("GET", "/v1/cases/" + id, AUDITOR, null, 200);
        JsonObject asAdmin = send("GET", "/v1/cases/" + id, ADMIN, null, 200);
        assertThat(page.getJsonArray("audit")).isEqualTo(asAdmin.getJsonArray("audit"));
        assertThat(page.getJsonObject("history")).isEqualTo(asAdmin.getJsonObject("history"));
        String decision = page.getJsonObject("decision").getString("decisionId");
        send("GET", "/v1/decisions/" + decision, AUDITOR, null, 200);
        assertThat(send(
                                "GET",
                                "/v1/decisions?applicationId="
                                        + page.getJsonObject("case").getString("applicationId"),
                                AUDITOR,
                                null,
                                200)
                        .getJsonArray("decisions"))
                .isNotEmpty();

        long open = queue.getJsonArray("cases").getJsonObject(0).getLong("caseId");
        send("POST", "/v1/queues/tfp/claim", AUDITOR, "{}", 403);
        send("PUT", "/v1/queues/tfp/capacity", AUDITOR, "{\"casesPerDay\": 1}", 403);
        send("POST", "/v1/cases/" + open + "/notes", AUDITOR, "{\"body\": \"Granskat.\"}", 403);
        send("POST", "/v1/cases/" + open + "/reassign", AUDITOR, "{\"assignee\": \"anna\"}", 403);
        send("POST", "/v1/cases/" + open + "/release", AUDITOR, "{}", 403);
        send("POST", "/v1/cases/" + open + "/outcome", AUDITOR, "{\"incorrect\": false}", 403);
        send(
                "POST",
                "/v1/cases/" + id + "/corrections",
                AUDITOR,
                "{\"reason\": \"x\", \"outcome\": {\"incorrect\": false}}",
                403);
        assertThat(send("GET", "/v1/cases/" + id, ADMIN, null, 200).getJsonArray("audit"))
                .isEqualTo(asAdmin.getJsonArray("audit"));
        assertThat(send("GET", "/v1/cases/" + open, ADMIN, null, 200).getJsonArray("notes").stream()
                        .map(n -> ((JsonObject) n).getString("author")))
                .doesNotContain("revisor");
    }

    private static JsonObject score(int who, int lagDays, int amountSek) throws Exception {
        java.time.LocalDate end = java.time.LocalDate.of(2025, 2, 7);
        String body = String.format(
                Locale.ROOT,
                "{\"applicationId\":\"A-work-%d-%d\",\"personPseudonym\":\"p-%032x\",\"benefit\":\"tfp\","
                        + "\"channel\":\"e-service\",\"submittedOn\":\"%s\",\"periodStart\":\"2025-02-03\","
                        + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":%d,"
                        + "\"declaredMonthlyIncomeSek\":30000}",
                who,
                lagDays,
                who,
                end.plusDays(lagDays),
                amountSek);
        JsonObject d = send("POST", "/v1/score", SELF, body, 200);
        assertThat(d.getString("action")).isIn("MANUAL_CHECK", "HOLD_PAYMENT");
        return d;
    }

    private static JsonObject send(String method, String path, String token, String body, int status) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(status);
        return new JsonObject(response.body());
    }
}
