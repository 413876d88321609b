package org.korrekt.scoring.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
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
import org.korrekt.scoring.security.JwtIssuer;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The web UI against a queue longer than one page, and an investigator's work that must not be
 * lost: the queue's real totals and "show more"; drafts of notes and outcomes kept per case through
 * a lost token, navigation and refusals; the note's length counted as the service counts it.
 *
 * <p>A real service on port 0 with the embedded PostgreSQL, filled over HTTP as in production
 * ({@code POST /v1/score}), and the system's headless Chromium (see {@link QueueBrowserIT}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkSafetyBrowserIT {

    private static final String VERSION = "20260101T000000Z";
    private static final String POLICY = """
            {
              "thresholds": { "extraQuestions": 0.2, "manualCheck": 0.5, "holdPayment": 0.9 },
              "randomControlShare": 0,
              "minCaseAmountSek": 2000,
              "questions": [ { "code": "GENERAL", "sv": "Stämmer uppgifterna?", "en": "Is everything correct?" } ]
            }
            """;
    private static final String UI = "/ui/";
    private static final String UNIT = "tfp";
    /** More than the queue page's first 50. */
    private static final int CASES = 57;

    private static final int CAPACITY = 10;

    private static final String SELFSERVICE = TestTokens.token("e-service", Set.of(Role.SELFSERVICE), Set.of());
    private static final String ANNA = TestTokens.token("anna", Set.of(Role.INVESTIGATOR), Set.of(UNIT));
    private static final String LISA = TestTokens.token("lisa", Set.of(Role.LEAD), Set.of(UNIT));

    private static KorrektServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver driver;
    private static int person;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.require("WorkSafetyBrowserIT");
        Path work = TestDirectories.fresh("ui-work-safety");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", VERSION, TestModels.lateClaimModel());
        Files.writeString(models.resolve("test").resolve(PolicyFile.FILE_NAME), POLICY);
        server = KorrektServer.start(TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0));
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            JsonObject decision = scoreDecision(80 + i % 30, 2_500 + 100 * i);
            assertThat(decision.getString("action")).isIn("MANUAL_CHECK", "HOLD_PAYMENT");
            opened.add(decision.getString("decisionId"));
        }
        assertThat(send("PUT", "/v1/queues/" + UNIT + "/capacity", LISA, "{\"casesPerDay\":" + CAPACITY + "}")
                        .statusCode())
                .isEqualTo(200);
        server.recorder().flush(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + HeadlessChromium.WAIT.toNanos();
        long open = 0;
        while (System.nanoTime() < deadline && open < CASES) {
            open = queue(500).getJsonArray("cases").size();
            Thread.sleep(100);
        }
        assertThat(open).as("the cases the decisions opened").isEqualTo(CASES);
        chromium = HeadlessChromium.start(work.resolve("chromium-profile"), "chromedriver-work-safety.log", 1400);
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

    @Test
    @Order(1)
    void theQueueSaysHowManyCasesTheUnitHasAndShowsMore() throws Exception {
        JsonObject listing = queue(10);
        assertThat(listing.getInteger("count")).isEqualTo(10);
        JsonObject totals = listing.getJsonObject("totals");
        assertThat(totals.getLong("released")).isEqualTo(CAPACITY);
        assertThat(totals.getLong("backlog")).isEqualTo(CASES - CAPACITY);
        assertThat(totals.getLong("open")).isEqualTo(CASES);
        // an investigator reads the totals too
        assertThat(new JsonObject(send("GET", "/v1/queues/" + UNIT + "?limit=1", ANNA, null)
                                .body())
                        .getJsonObject("totals")
                        .getLong("open"))
                .isEqualTo(CASES);

        login(ANNA);
        driver.get(server.baseUrl() + UI + "#/queue/" + UNIT);
        chromium.awaitView("queue");
        assertThat(attribute(By.id("queue-count"), "data-total")).isEqualTo(String.valueOf(CASES));
        assertThat(text(By.id("queue-count"))).isEqualTo("50 av " + CASES + " öppna ärenden visas");
        assertThat(text(By.cssSelector("#backlog h2")))
                .isEqualTo("Eftersläpning (ej släppta) (" + (CASES - CAPACITY) + ")");
        assertThat(driver.findElements(By.cssSelector("#backlog-table tbody tr")))
                .hasSize(50 - CAPACITY);
        assertThat(text(By.cssSelector("#backlog .shown-of")))
                .isEqualTo((50 - CAPACITY) + " av " + (CASES - CAPACITY) + " visas.");

        click(By.id("show-more"));
        chromium.await(
                "the longer list",
                d -> driver.findElements(By.cssSelector("#backlog-table tbody tr"))
                                .size()
                        == CASES - CAPACITY);
        chromium.awaitView("queue");
        assertThat(text(By.id("queue-count"))).isEqualTo(CASES + " av " + CASES + " öppna ärenden visas");
        assertThat(present(By.id("show-more"))).isFalse();
        assertThat(chromium.script("return document.activeElement.closest('tr').rowIndex"))
                .as("the focus on the first case added")
                .isEqualTo((long) (50 - CAPACITY + 1));
        chromium.assertClean();
    }

    @Test
    @Order(2)
    void draftsSurviveLeavingTheCaseAndALostTokenAndLoginReturnsToTheCase() throws Exception {
        // a token that expires within the warning's ten minutes: the page says so at once
        String shortLived = JwtIssuer.of(TestTokens.AUTH, Clock.systemUTC())
                .issue("anna", Set.of(Role.INVESTIGATOR), Set.of(UNIT), Duration.ofMinutes(5));
        login(shortLived);
        chromium.await("the expiry warning", d -> isShown(By.id("session-warning")));
        assertThat(text(By.id("session-warning"))).startsWith("Din inloggning upphör ");

        long caseId = claim(ANNA);
        driver.get(server.baseUrl() + UI + "#/case/" + caseId);
        chromium.awaitView("case");
        assertThat(isShown(By.id("session-warning"))).isTrue();
        String note = "Ringde arbetsgivaren, väntar på svar om frånvaron.";
        type(By.id("note-body"), note);
        click(By.id("incorrect-true"));
        type(By.id("incorrectAmountSek"), "1 234");
        click(By.id("cause-claimant"));
        click(By.id("action-reduction"));
        // "correct" clears the fields; "incorrect" again brings back what was typed
        click(By.id("incorrect-false"));
        assertThat(driver.findElement(By.id("incorrectAmountSek")).getDomProperty("value"))
                .isEqualTo("0");
        assertThat(driver.findElement(By.id("cause-claimant")).isSelected()).isFalse();
        click(By.id("incorrect-true"));

        // q leaves the case (from outside the fields); the drafts come back when it is opened again
        chromium.script("document.activeElement.blur()");
        new Actions(driver).sendKeys("q").perform();
        chromium.awaitView("queue");
        click(By.cssSelector("a.case-link[data-case-id='" + caseId + "']"));
        chromium.awaitView("case");
        assertDrafts(note);
        assertThat(text(By.id("note-draft"))).isEqualTo("Ditt osparade utkast har återställts.");

        // the token is refused mid-session: logged out, and after logging in again the same case
        // with everything typed
        chromium.script("sessionStorage.setItem('korrekt.token', arguments[0])", shortLived + "x");
        click(By.id("note-submit"));
        chromium.awaitView("login");
        assertThat(chromium.consoleErrors()).singleElement().asString().contains("401");
        type(By.id("token"), ANNA);
        click(By.id("login-submit"));
        chromium.awaitView("case");
        assertThat(chromium.script("return location.hash")).isEqualTo("#/case/" + caseId);
        assertDrafts(note);
        assertThat(isShown(By.id("session-warning")))
                .as("no warning for an hour's token")
                .isFalse();

        // saved: the note's draft is gone, the outcome's stays until it is recorded
        click(By.id("note-submit"));
        chromium.await("the note", d -> present(By.cssSelector("#notes-list li")));
        assertThat(caseDetail(caseId).getJsonArray("notes").getJsonObject(0).getString("body"))
                .isEqualTo(note);
        assertThat(attribute(By.id("note-body"), "value")).isNullOrEmpty();
        assertThat(chromium.script("return sessionStorage.getItem('korrekt.draft.note." + caseId + "')"))
                .isNull();
        assertThat(chromium.script("return sessionStorage.getItem('korrekt.draft.outcome." + caseId + "')"))
                .isNotNull();

        // a case link opened in a new tab (no token there): login, then the case
        chromium.script("sessionStorage.clear()");
        driver.get("about:blank");
        driver.get(server.baseUrl() + UI + "#/case/" + caseId);
        chromium.awaitView("login");
        type(By.id("token"), ANNA);
        click(By.id("login-submit"));
        chromium.awaitView("case");
        assertThat(text(By.id("case-title"))).isEqualTo("Ärende " + caseId);
        chromium.assertClean();
    }

    @Test
    @Order(3)
    void aLostAnswerIsCheckedAgainstTheCaseNotReportedAsAFailure() throws Exception {
        long caseId = claim(ANNA);
        driver.get(server.baseUrl() + UI + "#/case/" + caseId);
        chromium.awaitView("case");

        // the note is saved but its answer lost: the page finds it on the case, and a retry cannot add it twice
        String note = "Kontrollerat mot arbetsgivarens intyg.";
        loseAnswer("/notes");
        type(By.id("note-body"), note);
        click(By.id("note-submit"));
        chromium.await("the note", d -> present(By.cssSelector("#notes-list li")));
        assertThat(text(By.id("status"))).isEqualTo("Anteckningen sparades.");
        assertThat(driver.findElement(By.id("note-body")).getDomProperty("value"))
                .isEmpty();
        assertThat(isShown(By.id("note-error"))).isFalse();
        assertThat(caseDetail(caseId).getJsonArray("notes")).hasSize(1);

        // the outcome is recorded but its answer lost: shown as recorded, never as refused
        loseAnswer("/outcome");
        click(By.id("incorrect-false"));
        click(By.id("outcome-submit"));
        chromium.await("the recorded outcome", d -> present(By.id("outcome")));
        chromium.awaitView("case");
        assertThat(text(By.id("status"))).isEqualTo("Utfallet registrerades och ärendet stängdes.");
        assertThat(present(By.id("outcome-errors"))).isFalse();
        assertThat(caseDetail(caseId).getJsonObject("outcome").getBoolean("incorrect"))
                .isFalse();

        // the release went through but its answer was lost: back in the queue, released
        long other = claim(ANNA);
        driver.get(server.baseUrl() + UI + "#/case/" + other);
        chromium.awaitView("case");
        loseAnswer("/release");
        click(By.id("release"));
        chromium.awaitView("queue");
        assertThat(text(By.id("status"))).isEqualTo("Ärendet lämnades tillbaka till kön.");
        assertThat(caseDetail(other).getJsonObject("case").getString("status")).isEqualTo("OPEN");
        chromium.assertClean();
    }

    @Test
    @Order(4)
    void aLongNoteIsCountedAsTheServiceCountsItAndRefusedNotCut() throws Exception {
        long caseId = claim(ANNA);
        driver.get(server.baseUrl() + UI + "#/case/" + caseId);
        chromium.awaitView("case");
        assertThat(text(By.id("note-count"))).isEqualTo("0 av högst 10 000 tecken");

        // a paste one over the limit (an emoji is two UTF-16 code units, as Java counts): kept whole, refused
        paste("a".repeat(9_999) + "\uD83D\uDE00");
        assertThat(chromium.script("return document.getElementById('note-body').value.length"))
                .as("nothing cut")
                .isEqualTo(10_001L);
        assertThat(text(By.id("note-count"))).isEqualTo("10 001 av högst 10 000 tecken");
        click(By.id("note-submit"));
        chromium.await("the refusal", d -> isShown(By.id("note-error")));
        assertThat(text(By.id("note-error")))
                .startsWith("En anteckning får vara högst 10 000 tecken; den här har 10 001.");
        assertThat(caseDetail(caseId).getJsonArray("notes")).isEmpty();

        // whitespace around the text does not count, as the service strips it
        chromium.script("document.getElementById('note-body').value = ''");
        paste("  " + "b".repeat(10_000) + "\n\n");
        assertThat(text(By.id("note-count"))).isEqualTo("10 000 av högst 10 000 tecken");
        click(By.id("note-submit"));
        chromium.await("the note", d -> present(By.cssSelector("#notes-list li")));
        assertThat(caseDetail(caseId).getJsonArray("notes").getJsonObject(0).getString("body"))
                .hasSize(10_000);
        chromium.assertClean();
    }

    @Test
    @Order(5)
    void errorsAreShownInTheUisLanguageWithTheServicesEnglishMarkedSo() throws Exception {
        long caseId = claim(ANNA);
        driver.get(server.baseUrl() + UI + "#/case/" + caseId);
        chromium.awaitView("case");

        // the identity-number refusal, in Swedish
        type(By.id("note-body"), "Ringde 19800101-0019 i dag.");
        click(By.id("note-submit"));
        chromium.await("the refusal", d -> isShown(By.id("note-error")));
        assertThat(text(By.id("note-error")))
                .isEqualTo("Texten innehåller ett personnummer. Anteckningar sparas för alltid i ärendets logg:"
                        + " hänvisa till personen genom ärendet, inte med personnumret.");
        assertThat(chromium.consoleErrors()).singleElement().asString().contains("400");

        // no answer at all: the UI's own words, not the browser's "Failed to fetch"
        failNext("/notes");
        type(By.id("note-body"), "Inget svar från tjänsten.");
        click(By.id("note-submit"));
        chromium.await("the network error", d -> text(By.id("note-error"))
                .equals("Tjänsten svarar inte. Kontrollera anslutningen och försök igen."));

        // an outcome on a case a lead closed meanwhile: 409 in Swedish, the service's message marked English
        click(By.id("incorrect-false"));
        assertThat(send(
                                "POST",
                                "/v1/cases/" + caseId + "/outcome",
                                TestTokens.ADMIN,
                                "{\"incorrect\":false,\"incorrectAmountSek\":0,\"preventedFutureSek\":0,\"cause\":null,"
                                        + "\"intentionalSuspected\":false,\"actions\":[],\"policeReport\":false}")
                        .statusCode())
                .isEqualTo(200);
        click(By.id("outcome-submit"));
        chromium.await("the case reloaded", d -> present(By.id("outcome")));
        chromium.awaitView("case");
        assertThat(text(By.id("status")))
                .startsWith("Ärendet har ändrats under tiden")
                .contains("Ändringen gick inte igenom.");
        assertThat(text(By.cssSelector("#status q[lang='en']"))).contains("CLOSED");
        assertThat(chromium.consoleErrors()).singleElement().asString().contains("409");

        // the logout reason: Swedish, the service's words marked English
        chromium.script("sessionStorage.setItem('korrekt.token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')");
        driver.navigate().refresh();
        chromium.awaitView("login");
        assertThat(text(By.id("status"))).startsWith("Du har loggats ut: tjänsten godtar inte längre din token.");
        assertThat(present(By.cssSelector("#status q[lang='en']"))).isTrue();
        assertThat(chromium.consoleErrors()).singleElement().asString().contains("401");
        chromium.assertClean();
    }

    @Test
    @Order(6)
    void theCaseReflowsAtNarrowWidthAndEveryControlCanBeReachedAndTurnedOff() throws Exception {
        login(ANNA);
        long closed = claim(ANNA);
        assertThat(send(
                                "POST",
                                "/v1/cases/" + closed + "/outcome",
                                ANNA,
                                "{\"incorrect\":true,\"incorrectAmountSek\":1500,\"preventedFutureSek\":0,"
                                        + "\"cause\":\"CLAIMANT\",\"intentionalSuspected\":true,"
                                        + "\"actions\":[\"REDUCTION\",\"RECOVERY_CLAIM\"],\"policeReport\":true}")
                        .statusCode())
                .isEqualTo(200);

        // (a) at 320 CSS px the recorded outcome's facts reflow instead of running off sideways
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 320, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        try {
            driver.get(server.baseUrl() + UI + "#/case/" + closed);
            chromium.awaitView("case");
            assertThat(chromium.script("const box = document.getElementById('outcome');"
                            + " return Math.max(box.scrollWidth - box.clientWidth,"
                            + " box.getBoundingClientRect().right - document.documentElement.clientWidth)"))
                    .asInstanceOf(InstanceOfAssertFactories.type(Number.class))
                    .satisfies(n ->
                            assertThat(n.doubleValue()).as("sideways overflow").isLessThanOrEqualTo(0.0));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }

        // (b) a green badge (closed) at 4.5:1 or more
        driver.navigate().refresh();
        chromium.awaitView("case");
        String color =
                (String) chromium.script("return getComputedStyle(document.getElementById('case-status')).color");
        String back = (String)
                chromium.script("return getComputedStyle(document.getElementById('case-status')).backgroundColor");
        assertThat(contrast(color, back)).as(color + " on " + back).isGreaterThanOrEqualTo(4.5);

        // (c) every box that scrolls sideways takes the focus and is a named region
        assertScrollBoxesReachable();

        // (d) the error summary's links are targets at least 24 px high
        long open = claim(ANNA);
        driver.get(server.baseUrl() + UI + "#/case/" + open);
        chromium.awaitView("case");
        click(By.id("outcome-submit"));
        chromium.await("the form's objections", d -> isShown(By.id("outcome-errors")));
        List<WebElement> links = driver.findElements(By.cssSelector("#outcome-errors button.link"));
        assertThat(links).isNotEmpty();
        for (WebElement link : links) {
            assertThat(link.getRect().getHeight()).as(link.getText()).isGreaterThanOrEqualTo(24);
        }

        // (e) the single-key shortcuts can be turned off, and stay off
        driver.get(server.baseUrl() + UI + "#/queue/" + UNIT);
        chromium.awaitView("queue");
        assertScrollBoxesReachable();
        setShortcuts(false);
        assertThat(chromium.script("return localStorage.getItem('korrekt.shortcuts')"))
                .isEqualTo("off");
        chromium.script("document.activeElement.blur()");
        new Actions(driver).sendKeys("j").perform();
        assertThat(chromium.script("return document.activeElement.classList.contains('case-link')"))
                .isEqualTo(false);
        driver.navigate().refresh();
        chromium.awaitView("queue");
        chromium.script("document.activeElement.blur()");
        new Actions(driver).sendKeys("j").perform();
        assertThat(chromium.script("return document.activeElement.classList.contains('case-link')"))
                .as("still off after a reload")
                .isEqualTo(false);
        setShortcuts(true);
        chromium.script("document.activeElement.blur()");
        new Actions(driver).sendKeys("j").perform();
        assertThat(chromium.script("return document.activeElement.classList.contains('case-link')"))
                .isEqualTo(true);
        chromium.assertClean();
    }

    @Test
    @Order(7)
    void smallerThingsTheTesterFound() throws Exception {
        login(ANNA);
        driver.get(server.baseUrl() + UI + "#/queue/" + UNIT);
        chromium.awaitView("queue");
        // case links are read as "Ärende N", not "#N"
        for (WebElement link : driver.findElements(By.cssSelector("a.case-link"))) {
            assertThat(link.getDomAttribute("aria-label")).isEqualTo("Ärende " + link.getDomAttribute("data-case-id"));
        }

        // the claim's message does not stay next to a later error
        click(By.id("claim-next"));
        chromium.awaitView("case");
        assertThat(text(By.id("status"))).startsWith("Du har hämtat ärende ");
        click(By.id("note-submit"));
        chromium.await("the note's objection", d -> isShown(By.id("note-error")));
        assertThat(text(By.id("status"))).isEmpty();

        // a score that rounds to 1,00 shows four decimals, cut
        JsonObject high = scoreDecision(215, 5_000);
        double value = high.getDouble("score");
        assertThat(value).isGreaterThanOrEqualTo(0.995).isLessThan(1.0);
        String fine = String.format(Locale.ROOT, "%.4f", Math.floor(value * 10_000) / 10_000)
                .replace('.', ',');
        server.recorder().flush(Duration.ofSeconds(10));
        long highCase = -1;
        long deadline = System.nanoTime() + HeadlessChromium.WAIT.toNanos();
        while (highCase < 0 && System.nanoTime() < deadline) {
            for (Object c : queue(500).getJsonArray("cases")) {
                if (high.getString("decisionId").equals(((JsonObject) c).getString("decisionId"))) {
                    highCase = ((JsonObject) c).getLong("caseId");
                }
            }
            Thread.sleep(100);
        }
        assertThat(highCase).as("the high score's case").isPositive();
        driver.get(server.baseUrl() + UI + "#/case/" + highCase);
        chromium.awaitView("case");
        assertThat(text(By.id("explain-action"))).contains(fine).doesNotContain("1,00");

        // every "Omfördela" button names its case
        login(LISA);
        driver.get(server.baseUrl() + UI + "#/lead/" + UNIT);
        chromium.awaitView("lead");
        List<WebElement> forms = driver.findElements(By.cssSelector("form.reassign"));
        assertThat(forms).isNotEmpty();
        for (WebElement form : forms) {
            String caseId = form.findElement(By.cssSelector("input"))
                    .getDomAttribute("id")
                    .replace("reassign-", "");
            assertThat(form.findElement(By.cssSelector("button[type='submit']")).getDomAttribute("aria-label"))
                    .isEqualTo("Omfördela ärende " + caseId);
        }
        chromium.assertClean();
    }

    private static void setShortcuts(boolean on) {
        click(By.id("help-button"));
        chromium.await("the help", d -> isShown(By.id("shortcuts-enabled")));
        if (driver.findElement(By.id("shortcuts-enabled")).isSelected() != on) {
            click(By.id("shortcuts-enabled"));
        }
        click(By.id("help-close"));
        chromium.await(
                "the help closed",
                d -> Boolean.FALSE.equals(chromium.script("return document.getElementById('help').open")));
    }

    private static void assertScrollBoxesReachable() {
        List<WebElement> boxes = driver.findElements(By.cssSelector(".table-scroll"));
        assertThat(boxes).isNotEmpty();
        for (WebElement box : boxes) {
            assertThat(box.getDomAttribute("tabindex")).isEqualTo("0");
            assertThat(box.getDomAttribute("role")).isEqualTo("region");
            assertThat(box.getDomAttribute("aria-label")).as("a name").isNotBlank();
        }
    }

    /** The WCAG contrast ratio of two CSS colours as getComputedStyle gives them ("rgb(r, g, b)"). */
    private static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String rgb) {
        String[] parts = rgb.replaceAll("[^0-9,.]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Double.parseDouble(parts[i]) / 255;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    /** The page's next POST to a path ending in suffix fails as an unreachable service does. */
    private static void failNext(String suffix) {
        chromium.script("""
                const suffix = arguments[0];
                const real = window.fetch;
                window.fetch = async (url, init) => {
                  if (String(url).endsWith(suffix) && init && init.method === 'POST') {
                    window.fetch = real;
                    throw new TypeError('Failed to fetch');
                  }
                  return real(url, init);
                };
                """, suffix);
    }

    /** Pastes text into the note field as a user's paste does (which a maxlength cuts). */
    private static void paste(String text) {
        chromium.script(
                "const body = document.getElementById('note-body'); body.focus();"
                        + " document.execCommand('insertText', false, arguments[0]);",
                text);
    }

    /** The page's next POST to a path ending in suffix reaches the service, but its answer is lost. */
    private static void loseAnswer(String suffix) {
        chromium.script("""
                const suffix = arguments[0];
                const real = window.fetch;
                window.fetch = async (url, init) => {
                  if (String(url).endsWith(suffix) && init && init.method === 'POST') {
                    window.fetch = real;
                    await real(url, init);
                    throw new TypeError('Failed to fetch');
                  }
                  return real(url, init);
                };
                """, suffix);
    }

    private static void assertDrafts(String note) {
        assertThat(driver.findElement(By.id("note-body")).getDomProperty("value"))
                .isEqualTo(note);
        assertThat(driver.findElement(By.id("incorrect-true")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("incorrectAmountSek")).getDomProperty("value"))
                .isEqualTo("1 234");
        assertThat(driver.findElement(By.id("cause-claimant")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("action-reduction")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("action-stop")).isSelected()).isFalse();
    }

    // ---- helpers

    /** Claims the unit's next case over the API. */
    private static long claim(String token) throws Exception {
        return ok(send("POST", "/v1/queues/" + UNIT + "/claim", token, "{}")).getLong("caseId");
    }

    private static boolean isShown(By by) {
        List<WebElement> found = driver.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    /** Logs in by pasting token on the login page. */
    private static void login(String token) {
        driver.get(server.baseUrl() + UI + "#/login");
        chromium.awaitView("login");
        if (present(By.id("logout"))) {
            click(By.id("logout"));
            chromium.awaitView("login");
        }
        type(By.id("token"), token);
        click(By.id("login-submit"));
        // the units to pick from, or the page the last session was on
        chromium.await(
                "logged in",
                d -> present(By.id("logout")) && "ready".equals(chromium.script("return document.body.dataset.state")));
    }

    private static JsonObject scoreDecision(int lagDays, int amountSek) throws Exception {
        LocalDate end = LocalDate.of(2025, 2, 7);
        String body = String.format(
                Locale.ROOT,
                "{\"applicationId\":\"A-ws-%d\",\"personPseudonym\":\"p-%032x\",\"benefit\":\"tfp\","
                        + "\"channel\":\"e-service\",\"submittedOn\":\"%s\",\"periodStart\":\"2025-02-03\","
                        + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":%d,"
                        + "\"declaredMonthlyIncomeSek\":30000}",
                person,
                person++ + 0x5000,
                end.plusDays(lagDays),
                amountSek);
        HttpResponse<String> response = send("POST", "/v1/score", SELFSERVICE, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static JsonObject queue(int limit) throws Exception {
        return ok(send("GET", "/v1/queues/" + UNIT + "?limit=" + limit, TestTokens.ADMIN, null));
    }

    private static JsonObject caseDetail(long caseId) throws Exception {
        return ok(send("GET", "/v1/cases/" + caseId, TestTokens.ADMIN, null));
    }

    private static JsonObject ok(HttpResponse<String> response) {
        return ServiceCalls.ok(response);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return ServiceCalls.send(server, method, path, token, body);
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

    private static String attribute(By by, String name) {
        return driver.findElement(by).getDomAttribute(name);
    }

    private static String text(By by) {
        return normalize(driver.findElement(by).getText());
    }

    private static String normalize(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ').strip();
    }
}
