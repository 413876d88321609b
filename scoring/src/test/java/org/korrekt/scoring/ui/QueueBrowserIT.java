package org.korrekt.scoring.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.korrekt.scoring.PolicyFile;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The control units' web UI at {@code /ui/} in a real headless Chromium, against the real service
 * on port 0 with the embedded PostgreSQL: an investigator logs in by pasting a token, works the
 * queue with the keyboard, claims the top case, reads why it was selected, adds a note and records
 * an outcome; a lead then sees the figures, changes the unit's capacity and reassigns a case.
 *
 * <p>The queue is filled over HTTP as in production: applications are scored with {@code POST
 * /v1/score} under a self-service token, and those the policy sends to a manual check or a held
 * payment open cases (the test model's scores are those of {@code DecisionPolicyIT}); one low-score
 * application drawn by the random control sample opens a case marked so.
 *
 * <p>Every page must run without a script error, a console error or a Content-Security-Policy
 * violation; the steps that provoke an error response on purpose say which console entry they
 * expect. Full-page screenshots go to {@code target/ui-screenshots/}.
 *
 * <p>Uses the system's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian
 * packages {@code chromium} and {@code chromium-driver}; nothing is downloaded). Skipped when they
 * are missing, unless the environment variable {@code KORREKT_REQUIRE_BROWSER=1}, when it fails
 * instead. Elsewhere, point the system properties {@code korrekt.chromedriver} and {@code
 * korrekt.chromium} at the two programs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueBrowserIT {

    private static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;
    private static final int WIDTH = 1400;
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
                  "reasons": ["LATE_APPLICATION"] }
              ]
            }
            """;
    /** The model's reason for a late application, as {@code features} words it (a rule's reason may precede it). */
    private static final String LATE_SV = "Ansökan lämnades in långt efter perioden";

    private static final String LATE_EN = "Application submitted long after the period";

    /** Where the UI is: {@code /ui/} serves its index page, {@code /ui} redirects there. */
    private static final String UI = "/ui/";

    private static final String UNIT = "tfp";
    /** The unit's cases a day: fewer than the six cases the test opens, so that two wait in the backlog. */
    private static final int CAPACITY = 4;

    private static final String SELFSERVICE = TestTokens.token("e-service", Set.of(Role.SELFSERVICE), Set.of());
    private static final String ANNA = TestTokens.token("anna", Set.of(Role.INVESTIGATOR), Set.of(UNIT));
    private static final String BERTIL = TestTokens.token("bertil", Set.of(Role.INVESTIGATOR), Set.of(UNIT));
    private static final String LISA = TestTokens.token("lisa", Set.of(Role.LEAD), Set.of(UNIT));

    private static KorrektServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver driver;
    private static int person;
    /** The case the random control sample drew. */
    private static long randomCaseId;
    /** The case the investigator claims and closes, for the lead's figures. */
    private static long closedCaseId;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.require("QueueBrowserIT");
        Path work = TestDirectories.fresh("ui");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", VERSION, TestModels.lateClaimModel());
        Path profileDir = models.resolve("test");
        Files.writeString(profileDir.resolve(PolicyFile.FILE_NAME), POLICY.formatted("0"));
        server = KorrektServer.start(TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0));
        fillQueue(profileDir);
        chromium = HeadlessChromium.start(work.resolve("chromium-profile"), "chromedriver.log", WIDTH);
        driver = chromium.driver();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Five cases chosen by the model (two held payments, three manual checks) and one drawn by the
     * random control sample, each for a new person.
     */
    private static void fillQueue(Path profileDir) throws Exception {
        List<String> opened = new ArrayList<>();
        opened.add(score(130, 6_000, "HOLD_PAYMENT"));
        opened.add(score(125, 4_000, "HOLD_PAYMENT"));
        opened.add(score(80, 5_000, "MANUAL_CHECK"));
        opened.add(score(90, 3_000, "MANUAL_CHECK"));
        opened.add(score(100, 2_500, "MANUAL_CHECK"));

        // The random control sample: activated with a share of one half, a low score is drawn
        // within 60 tries but for a chance of about 1e-18.
        Files.writeString(profileDir.resolve(PolicyFile.FILE_NAME), POLICY.formatted("0.5"));
        assertThat(send("POST", "/v1/models/test/" + VERSION + "/activate", TestTokens.ADMIN, "")
                        .statusCode())
                .isEqualTo(200);
        JsonObject drawn = null;
        for (int tries = 0; tries < 60 && drawn == null; tries++) {
            JsonObject decision = scoreDecision(0, 4_000);
            if (decision.getBoolean("randomControl")) {
                drawn = decision;
            }
        }
        assertThat(drawn).as("a random control draw").isNotNull();
        opened.add(drawn.getString("decisionId"));

        // four a day, so that two cases wait in the backlog; set before the day's release, which
        // the first listing of the queue makes
        assertThat(send("PUT", "/v1/queues/" + UNIT + "/capacity", LISA, "{\"casesPerDay\":" + CAPACITY + "}")
                        .statusCode())
                .isEqualTo(200);
        server.recorder().flush(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + HeadlessChromium.WAIT.toNanos();
        List<String> queued = List.of();
        while (System.nanoTime() < deadline) {
            queued = queue().getJsonArray("cases").stream()
                    .map(c -> ((JsonObject) c).getString("decisionId"))
                    .toList();
            if (queued.containsAll(opened)) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(queued).as("the cases the decisions opened").containsExactlyInAnyOrderElementsOf(opened);
    }

    @Test
    @Order(1)
    void servesTheUiUnderAStrictContentSecurityPolicy() throws Exception {
        for (String file : List.of("index.html", "app.js", "app.css", "i18n.js", "icon.svg")) {
            HttpResponse<String> response = CLIENT.send(
                    HttpRequest.newBuilder(uri(UI + file)).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(file).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(file)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'", "style-src 'self'"));
        }
        HttpResponse<String> bare =
                CLIENT.send(HttpRequest.newBuilder(uri("/ui")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValue("/ui/");
        HttpResponse<String> page =
                CLIENT.send(HttpRequest.newBuilder(uri(UI)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    }

    @Test
    @Order(2)
    void anInvestigatorClaimsTheTopCaseReadsWhyAndRecordsTheOutcome() throws Exception {
        driver.get(server.baseUrl() + UI);
        chromium.awaitView("login");
        screenshot("login");

        // a token the service refuses: the service's reason is shown, and the 401 is the only console error
        type(By.id("token"), "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        click(By.id("login-submit"));
        chromium.await("the refusal", d -> isShown(By.id("login-error")));
        assertThat(text(By.id("login-error"))).startsWith("Tjänsten godtog inte token. Tjänstens svar: ");
        assertThat(attribute(By.cssSelector("#login-error q"), "lang"))
                .as("the service's English")
                .isEqualTo("en");
        assertThat(chromium.consoleErrors()).singleElement().asString().contains("401");
        assertThat(chromium.script("return sessionStorage.getItem('korrekt.token')"))
                .isNull();

        type(By.id("token"), ANNA);
        click(By.id("login-submit"));
        chromium.await("who I am", d -> present(By.id("units")));
        assertThat(text(By.cssSelector("main h1"))).isEqualTo("Du är inloggad som anna.");
        assertThat(text(By.id("who"))).isEqualTo("Inloggad som anna");
        chromium.assertClean();

        click(By.cssSelector("a.unit-link[data-unit='tfp']"));
        chromium.awaitView("queue");
        JsonObject before = queue();
        JsonArray cases = before.getJsonArray("cases");
        int count = before.getInteger("count");
        assertThat(count).isEqualTo(6);
        assertThat(attribute(By.id("queue-count"), "data-count")).isEqualTo("6");
        assertThat(text(By.id("queue-count"))).isEqualTo("6 av 6 öppna ärenden visas");
        List<String> rows = caseIdsInLists();
        assertThat(rows)
                .as("the queue's cases in the API's order")
                .containsExactlyElementsOf(cases.stream()
                        .map(c -> String.valueOf(((JsonObject) c).getLong("caseId")))
                        .toList());
        JsonObject top = cases.getJsonObject(0);
        String topId = String.valueOf(top.getLong("caseId"));
        assertThat(top.getDouble("amountSek")).isEqualTo(6_000.0);
        assertThat(cell(topId, 4)).isEqualTo("6 000 kr");
        assertThat(cell(topId, 6)).contains(LATE_SV);
        JsonObject random = cases.stream()
                .map(JsonObject.class::cast)
                .filter(c -> c.getBoolean("randomControl"))
                .findFirst()
                .orElseThrow();
        randomCaseId = random.getLong("caseId");
        assertThat(text(By.cssSelector("tr[data-case-id='" + randomCaseId + "'] .badge.random")))
                .isEqualTo("Slumpmässig kontroll");
        assertThat(driver.findElements(By.cssSelector(".badge.random"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#released-table tbody tr")))
                .hasSize(CAPACITY);
        assertThat(driver.findElements(By.cssSelector("#backlog-table tbody tr")))
                .hasSize(count - CAPACITY);
        assertThat(text(By.cssSelector("#released h2"))).isEqualTo("Släppta för idag (" + CAPACITY + ")");
        chromium.assertClean();
        screenshot("queue");

        // ? shows the keyboard help, Escape closes it
        keys("?");
        chromium.await(
                "the keyboard help",
                d -> Boolean.TRUE.equals(chromium.script("return document.getElementById('help').open")));
        assertThat(text(By.id("help"))).contains("Hämta nästa ärende (i kön)", "Nästa ärende i listan");
        keys(Keys.ESCAPE);
        chromium.await(
                "the help closed",
                d -> Boolean.FALSE.equals(chromium.script("return document.getElementById('help').open")));

        // j and k move through the list, Enter opens the selected case, q returns to the queue
        keys("j");
        assertThat(chromium.script("return document.activeElement.dataset.caseId"))
                .isEqualTo(rows.get(0));
        keys("j");
        assertThat(chromium.script("return document.activeElement.dataset.caseId"))
                .isEqualTo(rows.get(1));
        keys("k");
        assertThat(chromium.script("return document.activeElement.dataset.caseId"))
                .isEqualTo(rows.get(0));
        keys(Keys.ENTER);
        chromium.awaitView("case");
        assertThat(text(By.id("case-title"))).isEqualTo("Ärende " + topId);
        assertThat(text(By.id("case-status"))).isEqualTo("Öppet");
        assertThat(present(By.id("outcome-form")))
                .as("an outcome form on an unclaimed case")
                .isFalse();
        keys("q");
        chromium.awaitView("queue");

        // c claims the next case: the top of today's released cases
        keys("c");
        chromium.awaitView("case");
        assertThat(text(By.id("case-title"))).isEqualTo("Ärende " + topId);
        assertThat(text(By.id("status"))).isEqualTo("Du har hämtat ärende " + topId + ".");
        JsonObject claimed = caseDetail(topId).getJsonObject("case");
        assertThat(claimed.getString("status")).isEqualTo("CLAIMED");
        assertThat(claimed.getString("assignee")).isEqualTo("anna");
        assertThat(text(By.id("case-status"))).isEqualTo("Hämtat");

        // why: the decision's reasons, in the words of the decision record
        JsonObject decision = caseDetail(topId).getJsonObject("decision");
        List<String> reasonTexts = decision.getJsonArray("reasons").stream()
                .map(r -> ((JsonObject) r).getString("textSv"))
                .toList();
        assertThat(reasonTexts).contains(LATE_SV);
        assertThat(texts(By.cssSelector("#reasons-table tbody .reason-text")))
                .as("the reasons shown, strongest first")
                .containsExactlyElementsOf(reasonTexts);
        // a rule that hit is shown as a rule, not as a contribution of 0,00
        List<String> contributions = texts(By.cssSelector("#reasons-table tbody td:nth-child(4)"));
        for (int i = 0; i < reasonTexts.size(); i++) {
            boolean rule = decision.getJsonArray("reasons").getJsonObject(i).getDouble("contribution") == 0.0;
            assertThat(contributions.get(i)).as(reasonTexts.get(i)).matches(rule ? "regel" : "[+−-]\\d+,\\d{2}");
        }
        assertThat(contributions).contains("regel");
        // a reason on a feature kept as ln(1 + SEK) shows its SEK, not the logarithm (this case has none,
        // so the page's own function is asked, in the page)
        @SuppressWarnings("unchecked")
        List<Object> shown = (List<Object>) chromium.script("return import(new URL('case.js', document.baseURI).href)"
                + ".then(m => [m.reasonValue({feature: 'amount_sek_log', value: Math.log1p(6000)}),"
                + " m.reasonValue({feature: 'paid_sek_365d_log', value: Math.log1p(125400.4)}),"
                + " m.reasonValue({feature: 'declared_income_sek_log', value: null}),"
                + " m.reasonValue({feature: 'claimed_share_of_period', value: 0.8})])");
        assertThat(shown).hasSize(4);
        assertThat(shown.get(0).toString()).endsWith("kr").matches("6\\D?000\\Dkr");
        assertThat(shown.get(1).toString()).endsWith("kr").matches("125\\D?400\\Dkr");
        assertThat(shown.get(2).toString()).isEqualTo("–");
        assertThat(shown.get(3).toString()).isEqualTo("0,8");
        assertThat(text(By.id("explain-action")))
                .contains("6 000 kr", "håll inne betalningen", "mycket hög", decision.getString("applicationId"));
        assertThat(text(By.id("model-version"))).isEqualTo(VERSION);
        assertThat(present(By.id("random-control"))).isFalse();
        // what was claimed, and which application the outcome labels
        assertThat(text(By.id("summary")))
                .contains("Ansökan inkom\n2025-06-17", "Perioden börjar\n2025-02-03", "Begärda dagar\n5");
        assertThat(texts(By.cssSelector("#signals-table tbody td:nth-child(2)")))
                .containsExactly(decision.getString("applicationId") + " märks av utfallet");
        assertThat(text(By.id("outcome-labels")))
                .isEqualTo("Utfallet gäller ansökan " + decision.getString("applicationId")
                        + " (6 000 kr) och blir dess etikett när modellen tränas om.");
        chromium.assertClean();
        screenshot("case");

        // the language toggle: English reasons, remembered
        click(By.id("language-toggle"));
        chromium.await("English", d -> "Case ".concat(topId).equals(textOrNull(By.id("case-title"))));
        assertThat(texts(By.cssSelector("#reasons-table tbody .reason-text")))
                .contains(LATE_EN)
                .containsExactlyElementsOf(decision.getJsonArray("reasons").stream()
                        .map(r -> ((JsonObject) r).getString("textEn"))
                        .toList());
        assertThat(chromium.script("return localStorage.getItem('korrekt.language')"))
                .isEqualTo("en");
        click(By.id("language-toggle"));
        chromium.await("Swedish", d -> ("Ärende " + topId).equals(textOrNull(By.id("case-title"))));

        // a note is shown as text, whatever it holds
        String note = "Ringde sökanden <img src=x onerror=\"window.__injected=1\">, inget svar.";
        type(By.id("note-body"), note);
        click(By.id("note-submit"));
        chromium.await("the note", d -> present(By.cssSelector("#notes-list li")));
        assertThat(text(By.cssSelector("#notes-list li .note-body"))).isEqualTo(note);
        assertThat(chromium.script(
                        "return window.__injected === undefined && document.querySelectorAll('main img').length"))
                .isEqualTo(0L);
        assertThat(driver.findElements(By.cssSelector("#audit-table [data-action='NOTE_ADDED']")))
                .hasSize(1);
        assertThat(caseDetail(topId).getJsonArray("notes").getJsonObject(0).getString("body"))
                .isEqualTo(note);

        // the form checks the service's rules before sending: an incorrect payment needs a cause
        click(By.id("incorrect-true"));
        type(By.id("incorrectAmountSek"), "6 000");
        click(By.id("action-recovery_claim"));
        click(By.id("outcome-submit"));
        chromium.await("the form's objection", d -> isShown(By.id("outcome-errors")));
        assertThat(text(By.id("cause-error"))).isEqualTo("Välj en orsak när utbetalningen var felaktig.");
        assertThat(attribute(By.id("cause"), "aria-invalid")).isEqualTo("true");
        assertThat(caseDetail(topId).getValue("outcome")).as("nothing sent").isNull();

        // the service refuses: the case was reassigned meanwhile. The page reloads the case and shows
        // it as it is now (claimed by bertil: no form), with the reason; what was typed is kept
        assertThat(send("POST", "/v1/cases/" + topId + "/reassign", TestTokens.ADMIN, "{\"assignee\":\"bertil\"}")
                        .statusCode())
                .isEqualTo(200);
        click(By.id("cause-claimant"));
        click(By.id("outcome-submit"));
        chromium.await("the case reloaded", d -> !present(By.id("outcome-form")));
        chromium.awaitView("case");
        assertThat(text(By.id("work"))).contains("Ärendet är hämtat av bertil.");
        String outcome = "{\"incorrect\":true,\"incorrectAmountSek\":6000,\"preventedFutureSek\":0,"
                + "\"cause\":\"CLAIMANT\",\"intentionalSuspected\":false,\"actions\":[\"RECOVERY_CLAIM\"],"
                + "\"policeReport\":false}";
        HttpResponse<String> refusal = send("POST", "/v1/cases/" + topId + "/outcome", ANNA, outcome);
        assertThat(refusal.statusCode()).isBetween(400, 499);
        String refusalMessage =
                new JsonObject(refusal.body()).getJsonObject("error").getString("message");
        assertThat(text(By.id("status"))).contains("Ändringen gick inte igenom.");
        assertThat(text(By.cssSelector("#status q[lang='en']"))).isEqualTo(refusalMessage);
        assertThat(chromium.consoleErrors()).singleElement().asString().contains(String.valueOf(refusal.statusCode()));
        assertThat(send("POST", "/v1/cases/" + topId + "/reassign", TestTokens.ADMIN, "{\"assignee\":\"anna\"}")
                        .statusCode())
                .isEqualTo(200);
        driver.navigate().refresh();
        chromium.awaitView("case");
        assertThat(driver.findElement(By.id("cause-claimant")).isSelected())
                .as("the draft")
                .isTrue();
        assertThat(driver.findElement(By.id("action-recovery_claim")).isSelected())
                .isTrue();
        assertThat(driver.findElement(By.id("incorrectAmountSek")).getDomProperty("value"))
                .isEqualTo("6 000");

        click(By.id("outcome-submit"));
        chromium.await("the recorded outcome", d -> present(By.id("outcome")));
        assertThat(text(By.id("case-status"))).isEqualTo("Stängt");
        assertThat(text(By.id("status"))).isEqualTo("Utfallet registrerades och ärendet stängdes.");
        assertThat(text(By.id("outcome"))).contains("Ja, felaktig", "6 000 kr", "Sökanden", "Återkrav");
        JsonObject recorded = caseDetail(topId).getJsonObject("outcome");
        assertThat(recorded.getBoolean("incorrect")).isTrue();
        assertThat(recorded.getDouble("incorrectAmountSek")).isEqualTo(6_000.0);
        assertThat(recorded.getString("cause")).isEqualTo("CLAIMANT");
        assertThat(recorded.getJsonArray("actions")).containsExactly("RECOVERY_CLAIM");
        assertThat(recorded.getBoolean("policeReport")).isFalse();
        assertThat(recorded.getString("recordedBy")).isEqualTo("anna");
        assertThat(driver.findElements(By.cssSelector("#audit-table [data-action='OUTCOME_RECORDED']")))
                .hasSize(1);
        assertThat(present(By.id("correction")))
                .as("an investigator corrects no outcome")
                .isFalse();
        chromium.assertClean();
        screenshot("case-after-outcome");
        closedCaseId = Long.parseLong(topId);

        // back in the queue: the case is gone and the count is down by one
        click(By.id("back-to-queue"));
        chromium.awaitView("queue");
        assertThat(attribute(By.id("queue-count"), "data-count")).isEqualTo(String.valueOf(count - 1));
        assertThat(caseIdsInLists()).hasSize(count - 1).doesNotContain(topId);
        assertThat(text(By.cssSelector("#mine h2"))).isEqualTo("Mina ärenden (0)");
        assertThat(queue().getInteger("count")).isEqualTo(count - 1);
        chromium.assertClean();

        // the unit's figures count the investigation; an investigator sees no lead's controls
        click(By.cssSelector("#nav a[href='#/lead/tfp']"));
        chromium.awaitView("lead");
        assertThat(weekTotal("modelSelected", "investigations")).isEqualTo("1");
        assertThat(weekTotal("modelSelected", "hitRate")).isEqualTo("100 %");
        assertThat(present(By.id("capacity")))
                .as("a capacity field for an investigator")
                .isFalse();
        assertThat(present(By.cssSelector("form.reassign")))
                .as("a reassign control for an investigator")
                .isFalse();
        assertThat(text(By.id("capacity-current"))).isEqualTo(CAPACITY + " ärenden per dag");
        JsonObject total = figures().getJsonObject("total").getJsonObject("modelSelected");
        assertThat(total.getInteger("investigations")).isEqualTo(1);
        assertThat(total.getDouble("hitRate")).isEqualTo(1.0);
        chromium.assertClean();
        screenshot("figures-investigator");
    }

    @Test
    @Order(3)
    void aLeadSeesTheFiguresChangesTheCapacityAndReassignsACase() throws Exception {
        assertThat(closedCaseId).as("the investigator's case, closed first").isPositive();
        HttpResponse<String> claim = send("POST", "/v1/queues/tfp/claim", BERTIL, "{}");
        assertThat(claim.statusCode()).as(claim.body()).isEqualTo(200);
        String bertilsCase = String.valueOf(new JsonObject(claim.body()).getLong("caseId"));
        int capacity = figures().getInteger("casesPerDay");
        assertThat(capacity).isEqualTo(CAPACITY);

        click(By.id("logout"));
        chromium.awaitView("login");
        assertThat(text(By.id("status"))).isEqualTo("Du är utloggad.");
        assertThat(chromium.script("return sessionStorage.getItem('korrekt.token')"))
                .isNull();
        type(By.id("token"), LISA);
        click(By.id("login-submit"));
        chromium.await("who I am", d -> present(By.id("units")));
        click(By.cssSelector("a.lead-link[href='#/lead/tfp']"));
        chromium.awaitView("lead");

        assertThat(text(By.cssSelector("main h1"))).isEqualTo("Uppföljning: tfp – Tillfällig föräldrapenning (VAB)");
        assertThat(weekTotal("modelSelected", "investigations")).isEqualTo("1");
        assertThat(weekTotal("modelSelected", "incorrect")).isEqualTo("1");
        assertThat(weekTotal("modelSelected", "hitRate")).isEqualTo("100 %");
        assertThat(weekTotal("modelSelected", "sekPerInvestigation")).isEqualTo("6 000 kr");
        assertThat(weekTotal("randomControl", "investigations")).isEqualTo("0");
        assertThat(weekTotal("randomControl", "hitRate")).isEqualTo("–");
        assertThat(text(By.cssSelector("#today-counts [data-key='closed'] dd"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#open-counts [data-key='claimed'] dd"))).isEqualTo("1");
        assertThat(attribute(By.id("capacity"), "value")).isEqualTo(String.valueOf(capacity));
        assertThat(text(By.cssSelector("#claimed-table tr[data-case-id='" + bertilsCase + "'] .assignee")))
                .isEqualTo("bertil");
        chromium.assertClean();
        screenshot("lead");
        assertWeeksFitAt1280WithLargeAmounts();

        int newCapacity = capacity + 7;
        WebElement input = driver.findElement(By.id("capacity"));
        input.clear();
        input.sendKeys(String.valueOf(newCapacity));
        click(By.id("capacity-save"));
        chromium.await("the new capacity", d -> ("Kapaciteten är nu " + newCapacity
                        + " ärenden per dag. Den gäller från i morgon, och i dag när alla släppta"
                        + " ärenden är hämtade.")
                .equals(textOrNull(By.id("status"))));
        chromium.awaitView("lead");
        assertThat(text(By.id("capacity-current"))).isEqualTo(newCapacity + " ärenden per dag");
        assertThat(figures().getInteger("casesPerDay")).isEqualTo(newCapacity);

        type(By.id("reassign-" + bertilsCase), "anna");
        driver.findElement(By.id("reassign-" + bertilsCase)).sendKeys(Keys.ENTER);
        chromium.await("the reassignment", d -> ("Ärende " + bertilsCase + " är nu hos anna.")
                .equals(textOrNull(By.id("status"))));
        chromium.awaitView("lead");
        assertThat(text(By.cssSelector("#claimed-table tr[data-case-id='" + bertilsCase + "'] .assignee")))
                .isEqualTo("anna");
        JsonObject reassigned = caseDetail(bertilsCase);
        assertThat(reassigned.getJsonObject("case").getString("assignee")).isEqualTo("anna");
        assertThat(reassigned.getJsonArray("audit").stream()
                        .map(a -> ((JsonObject) a).getString("action"))
                        .toList())
                .contains("REASSIGNED");
        chromium.assertClean();
        screenshot("lead-after-changes");

        // the lead corrects the investigator's outcome (an appeal) on the case page: the form holds the
        // outcome as recorded and asks why; the page then shows the corrected outcome, who and why
        chromium.script("location.hash = arguments[0]", "#/case/" + closedCaseId);
        chromium.await("the closed case", d -> ("Ärende " + closedCaseId).equals(textOrNull(By.id("case-title"))));
        chromium.awaitView("case");
        click(By.cssSelector("#correction > summary"));
        assertThat(driver.findElement(By.id("incorrect-true")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("incorrectAmountSek")).getDomProperty("value"))
                .isEqualTo("6000");
        assertThat(driver.findElement(By.id("cause-claimant")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("action-recovery_claim")).isSelected())
                .isTrue();
        click(By.id("incorrect-false"));
        click(By.id("outcome-submit"));
        chromium.await("the form's objection", d -> isShown(By.id("outcome-errors")));
        assertThat(text(By.id("reason-error"))).isEqualTo("Ange varför utfallet rättas (1 till 2 000 tecken).");
        screenshot("case-correction-form");
        assertThat(caseDetail(String.valueOf(closedCaseId))
                        .getJsonObject("outcome")
                        .getValue("correction"))
                .as("nothing sent")
                .isNull();
        // the service's refusal (a reason naming a person by number) is shown at the field it names
        type(By.id("reason"), "Ringde 19850412-1230.");
        click(By.id("outcome-submit"));
        chromium.await("the service's refusal", d -> String.valueOf(textOrNull(By.id("outcome-errors")))
                .startsWith("Tjänsten tog inte emot utfallet:"));
        assertThat(attribute(By.id("reason"), "aria-invalid")).isEqualTo("true");
        assertThat(caseDetail(String.valueOf(closedCaseId))
                        .getJsonObject("outcome")
                        .getValue("correction"))
                .as("refused")
                .isNull();
        assertThat(chromium.consoleErrors()).singleElement().asString().contains("400");
        driver.findElement(By.id("reason")).clear();
        type(By.id("reason"), "Överklagat: rätt till ersättningen.");
        click(By.id("outcome-submit"));
        chromium.await("the correction saved", d -> "Utfallet rättades.".equals(textOrNull(By.id("status"))));
        chromium.awaitView("case");
        JsonObject correctedOutcome = caseDetail(String.valueOf(closedCaseId)).getJsonObject("outcome");
        assertThat(correctedOutcome.getBoolean("incorrect")).isFalse();
        assertThat(correctedOutcome.getDouble("incorrectAmountSek")).isZero();
        assertThat(correctedOutcome.getValue("cause")).isNull();
        assertThat(correctedOutcome.getJsonArray("actions")).isEmpty();
        assertThat(correctedOutcome.getString("recordedBy")).isEqualTo("anna");
        assertThat(text(By.id("outcome"))).contains("Nej, korrekt");
        assertThat(text(By.id("outcome-correction")))
                .startsWith("Rättat av lisa ")
                .contains("Överklagat: rätt till ersättningen.")
                .endsWith("Utfallet ovan är det rättade; det registrerade står i händelseloggen.");
        assertThat(text(By.id("audit"))).contains("Utfall rättat");
        chromium.assertClean();
        screenshot("case-corrected");

        // the lead's page lists the closed case with its outcome as it counts now, corrected
        click(By.cssSelector("#nav a[href='#/lead/tfp']"));
        chromium.awaitView("lead");
        String closedRow = "#closed-table tr[data-case-id='" + closedCaseId + "']";
        assertThat(text(By.cssSelector(closedRow + " td:nth-child(3)"))).isEqualTo("anna");
        assertThat(text(By.cssSelector(closedRow + " .finding"))).isEqualTo("Korrekt (rättat av lisa)");
        assertThat(text(By.cssSelector(closedRow + " td.num"))).isEqualTo("–");
        assertThat(driver.findElements(By.cssSelector("#closed-table tbody tr")))
                .hasSize(1);
        assertThat(driver.findElement(By.id("closed-more")).isDisplayed())
                .as("one page holds every closed case")
                .isFalse();
        chromium.assertClean();
        screenshot("lead-closed");

        // a case of the random control sample says so, and what it is for
        click(By.cssSelector("#nav a[href='#/queue/tfp']"));
        chromium.awaitView("queue");
        click(By.cssSelector("a.case-link[data-case-id='" + randomCaseId + "']"));
        chromium.awaitView("case");
        assertThat(text(By.id("random-control")))
                .startsWith("Slumpmässig kontroll. Ärendet valdes ut slumpmässigt, oberoende av poängen.");
        assertThat(text(By.cssSelector(".case-head .badge.random"))).isEqualTo("Slumpmässig kontroll");
        chromium.assertClean();
        screenshot("case-random-control");

        // a 401 anywhere (here: a token the service no longer accepts) returns to the login page
        chromium.script(
                "sessionStorage.setItem('korrekt.token', arguments[0])", LISA.substring(0, LISA.length() - 4) + "AAAA");
        click(By.cssSelector("#nav a[href='#/queue/tfp']"));
        chromium.awaitView("login");
        assertThat(text(By.id("status"))).startsWith("Du har loggats ut: tjänsten godtar inte längre din token. ");
        assertThat(attribute(By.cssSelector("#status q"), "lang"))
                .as("the service's English")
                .isEqualTo("en");
        assertThat(present(By.id("token"))).isTrue();
        assertThat(chromium.script("return sessionStorage.getItem('korrekt.token')"))
                .isNull();
        assertThat(chromium.consoleErrors()).isNotEmpty().allSatisfy(e -> assertThat(e)
                .contains("401"));
    }

    @Test
    @Order(4)
    void aLeadPagesThroughTheClosedCasesTwentyAtATime() throws Exception {
        // 21 more cases, released at a capacity that takes them all, claimed and closed by anna
        for (int i = 0; i < 21; i++) {
            score(90, 3_000 + 10 * i, "MANUAL_CHECK");
        }
        server.recorder().flush(Duration.ofSeconds(10));
        assertThat(send("PUT", "/v1/queues/" + UNIT + "/capacity", LISA, "{\"casesPerDay\":100}")
                        .statusCode())
                .isEqualTo(200);
        List<Long> closedNow = new ArrayList<>();
        long deadline = System.nanoTime() + HeadlessChromium.WAIT.toNanos();
        while (closedNow.size() < 21 && System.nanoTime() < deadline) {
            HttpResponse<String> claim = send("POST", "/v1/queues/" + UNIT + "/claim", ANNA, "{}");
            if (claim.statusCode() != 200) {
                Thread.sleep(100); // the recorder has not opened every case yet
                continue;
            }
            long caseId = new JsonObject(claim.body()).getLong("caseId");
            HttpResponse<String> outcome =
                    send("POST", "/v1/cases/" + caseId + "/outcome", ANNA, "{\"incorrect\": false}");
            assertThat(outcome.statusCode()).as(outcome.body()).isEqualTo(200);
            closedNow.add(caseId);
        }
        assertThat(closedNow).hasSize(21);
        List<String> all =
                ok(send("GET", "/v1/queues/" + UNIT + "/closed?limit=500", LISA, null)).getJsonArray("cases").stream()
                        .map(c -> String.valueOf(((JsonObject) c).getLong("caseId")))
                        .toList();
        assertThat(all).hasSizeGreaterThan(21).startsWith(String.valueOf(closedNow.get(20)));

        // the earlier test ended logged out, on the queue, where logging in again returns
        type(By.id("token"), LISA);
        click(By.id("login-submit"));
        chromium.awaitView("queue");
        click(By.cssSelector("#nav a[href='#/lead/tfp']"));
        chromium.awaitView("lead");
        assertThat(closedRowIds()).as("the first page, newest first").isEqualTo(all.subList(0, 20));
        assertThat(driver.findElement(By.id("closed-more")).isDisplayed()).isTrue();
        click(By.id("closed-more"));
        chromium.await("the next page", d -> closedRowIds().size() > 20);
        assertThat(closedRowIds()).as("every closed case, once, in order").isEqualTo(all);
        assertThat(driver.findElement(By.id("closed-more")).isDisplayed())
                .as("no page after the last")
                .isFalse();
        chromium.assertClean();
        screenshot("lead-closed-more");
    }

    @Test
    @Order(5)
    void anAuditorReadsTheQueueAndACaseWithoutTheControlsForChanges() throws Exception {
        // a case an investigator holds, for the auditor to read
        String opened = score(95, 3_500, "MANUAL_CHECK");
        server.recorder().flush(Duration.ofSeconds(10));
        String held = null;
        long deadline = System.nanoTime() + HeadlessChromium.WAIT.toNanos();
        while (held == null && System.nanoTime() < deadline) {
            HttpResponse<String> claim = send("POST", "/v1/queues/" + UNIT + "/claim", BERTIL, "{}");
            if (claim.statusCode() == 200) {
                held = String.valueOf(new JsonObject(claim.body()).getLong("caseId"));
            } else {
                Thread.sleep(100); // the recorder has not opened the case yet
            }
        }
        assertThat(held).as("a case for bertil, opened by " + opened).isNotNull();
        int claimedBefore = ok(send("GET", "/v1/queues/" + UNIT + "/claimed", TestTokens.ADMIN, null))
                .getInteger("total");

        String auditor = TestTokens.token("revisor", Set.of(Role.AUDITOR), Set.of());
        click(By.id("logout"));
        chromium.awaitView("login");
        type(By.id("token"), auditor);
        click(By.id("login-submit"));
        chromium.await("a signed-in page", d -> present(By.id("logout")));
        chromium.script("location.hash = '#/queue/tfp'");
        chromium.awaitView("queue");

        // the queue: read, not worked (the service answers an auditor's claim 403)
        assertThat(present(By.id("claim-next"))).as("a claim button").isFalse();
        assertThat(present(By.id("mine")))
                .as("a list of the auditor's own cases")
                .isFalse();
        assertThat(text(By.id("read-only")))
                .isEqualTo("Du läser kön utan att arbeta i den: ärenden hämtas av enhetens utredare.");
        assertThat(text(By.cssSelector(".keys-hint"))).doesNotContain("hämta");
        assertThat(caseIdsInLists()).isNotEmpty();
        keys("c");
        Thread.sleep(1_000); // what a claim would take, to show that none was made
        assertThat(ok(send("GET", "/v1/queues/" + UNIT + "/claimed", TestTokens.ADMIN, null))
                        .getInteger("total"))
                .as("no claim made by the shortcut")
                .isEqualTo(claimedBefore);
        chromium.assertClean();
        screenshot("queue-auditor");

        // a case: its decision, notes and audit trail, and no form to change it
        chromium.script("location.hash = arguments[0]", "#/case/" + held);
        chromium.awaitView("case");
        assertThat(present(By.id("case-title"))).isTrue();
        assertThat(present(By.id("note-body"))).as("a note form").isFalse();
        assertThat(present(By.id("release"))).as("a release button").isFalse();
        assertThat(text(By.id("read-only")))
                .isEqualTo("Du läser ärendet utan att kunna ändra det: anteckningar och utfall skrivs av"
                        + " enhetens utredare.");
        chromium.assertClean();
        screenshot("case-auditor");
    }

    private static List<String> closedRowIds() {
        return driver.findElements(By.cssSelector("#closed-table tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-case-id"))
                .toList();
    }

    // ---- the service

    /** Scores an online five-day VAB application, lagDays after its period, for a new person; its decision's id. */
    private static String score(int lagDays, int amountSek, String expectedAction) throws Exception {
        JsonObject decision = scoreDecision(lagDays, amountSek);
        assertThat(decision.getString("action")).as(decision.encode()).isEqualTo(expectedAction);
        return decision.getString("decisionId");
    }

    private static JsonObject scoreDecision(int lagDays, int amountSek) throws Exception {
        LocalDate end = LocalDate.of(2025, 2, 7);
        String body = String.format(
                Locale.ROOT,
                "{\"applicationId\":\"A-ui-%d\",\"personPseudonym\":\"p-%032x\",\"benefit\":\"tfp\","
                        + "\"channel\":\"e-service\",\"submittedOn\":\"%s\",\"periodStart\":\"2025-02-03\","
                        + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":%d,"
                        + "\"declaredMonthlyIncomeSek\":30000}",
                person,
                person++,
                end.plusDays(lagDays),
                amountSek);
        HttpResponse<String> response = send("POST", "/v1/score", SELFSERVICE, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static JsonObject queue() throws Exception {
        return ok(send("GET", "/v1/queues/" + UNIT + "?limit=50", TestTokens.ADMIN, null));
    }

    private static JsonObject figures() throws Exception {
        return ok(send("GET", "/v1/queues/" + UNIT + "/figures?weeks=8", TestTokens.ADMIN, null));
    }

    private static JsonObject caseDetail(String caseId) throws Exception {
        return ok(send("GET", "/v1/cases/" + caseId, TestTokens.ADMIN, null));
    }

    private static JsonObject ok(HttpResponse<String> response) {
        return ServiceCalls.ok(response);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return ServiceCalls.send(server, method, path, token, body);
    }

    private static URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    // ---- the browser

    private static List<String> caseIdsInLists() {
        List<String> ids = new ArrayList<>();
        for (WebElement row :
                driver.findElements(By.cssSelector("#released-table tbody tr, #backlog-table tbody tr"))) {
            ids.add(row.getDomAttribute("data-case-id"));
        }
        return ids;
    }

    /** The text of a queue row's cell, 1-based, with the non-breaking spaces of sv-SE numbers as spaces. */
    private static String cell(String caseId, int column) {
        return text(By.cssSelector("tr[data-case-id='" + caseId + "'] td:nth-child(" + column + ")"));
    }

    private static String weekTotal(String group, String key) {
        return text(By.cssSelector("#weeks-total td[data-group='" + group + "'][data-key='" + key + "']"));
    }

    private static void keys(CharSequence keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    private static void click(By by) {
        driver.findElement(by).click();
    }

    private static void type(By by, String text) {
        WebElement element = driver.findElement(by);
        element.clear();
        element.sendKeys(text);
    }

    private static boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    private static boolean isShown(By by) {
        List<WebElement> found = driver.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    private static String attribute(By by, String name) {
        return driver.findElement(by).getDomAttribute(name);
    }

    /** An element's visible text, with sv-SE's non-breaking spaces as plain spaces. */
    private static String text(By by) {
        return normalize(driver.findElement(by).getText());
    }

    private static List<String> texts(By by) {
        List<String> texts = new ArrayList<>();
        for (WebElement element : driver.findElements(by)) {
            texts.add(normalize(element.getText()));
        }
        return texts;
    }

    private static String textOrNull(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : normalize(found.get(0).getText());
    }

    private static String normalize(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ').strip();
    }

    /**
     * A lead's laptop, 1280 pixels wide: the weekly table fits without scrolling sideways, even with
     * eight-digit figures in every cell (written into this page's copy, which the next change renders
     * anew; an investigator lead found the random control's columns cut off). The window is then as
     * before.
     */
    private static void assertWeeksFitAt1280WithLargeAmounts() throws IOException {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, before.getHeight()));
        try {
            chromium.script(
                    "for (const v of document.querySelectorAll('#weeks-table [data-key=hitRate] .value')) {"
                            + " v.textContent = '100 %'; }"
                            + " for (const v of document.querySelectorAll("
                            + "'#weeks-table [data-key=sekPerInvestigation] .value')) { v.textContent = '12 345 678 kr'; }"
                            + " for (const n of document.querySelectorAll('#weeks-table td.num')) { n.textContent = '12 345'; }");
            Object overflow = chromium.script("const box = document.getElementById('weeks-table').parentElement;"
                    + " return box.scrollWidth - box.clientWidth;");
            screenshot("lead-1280");
            assertThat(((Number) overflow).intValue())
                    .as("pixels of the weekly table beyond a 1280-pixel window")
                    .isLessThanOrEqualTo(0);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** The whole page, beyond the window's height, through the DevTools protocol. */
    private static void screenshot(String name) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = ((Number) size.get("height")).doubleValue();
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        File file = SCREENSHOTS.resolve(name + ".png").toFile();
        Files.write(file.toPath(), Base64.getDecoder().decode((String) shot.get("data")));
        System.out.println("QueueBrowserIT: screenshot " + file.getAbsolutePath() + " (" + (int) width + " x "
                + (int) height + " CSS px)");
    }
}
