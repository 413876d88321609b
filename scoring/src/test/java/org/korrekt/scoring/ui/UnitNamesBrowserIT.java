package org.korrekt.scoring.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.korrekt.scoring.queue.QueueSettings;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A service started with {@code --queues} settings whose unit names hold a digit and a hyphen
 * ({@code tfp} and {@code fp} to {@code family-1}, {@code sp} to {@code health2}): {@code GET
 * /v1/queues} lists exactly its units, and the web UI offers an admin exactly those, opens the queue
 * and the figures of {@code family-1} and {@code health2}, and offers an investigator only the units
 * of the token that the service has.
 *
 * <p>The API checks run without a browser; the browser checks use the system's Chromium as {@link
 * QueueBrowserIT} does, and are skipped when it is missing (unless {@code KORREKT_REQUIRE_BROWSER=1}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnitNamesBrowserIT {

    private static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;

    private static final String VERSION = "20260101T000000Z";
    private static final String POLICY = """
            {
              "thresholds": { "extraQuestions": 0.2, "manualCheck": 0.5, "holdPayment": 0.9 },
              "randomControlShare": 0,
              "minCaseAmountSek": 2000
            }
            """;
    private static final String QUEUES = """
            {"unitByBenefit": {"tfp": "family-1", "fp": "family-1", "sp": "health2"}}
            """;
    /** The service's units, sorted: the three benefits routed elsewhere have no unit of their own. */
    private static final List<String> UNITS =
            List.of("ae", "as", "ass", "bb", "bob", "family-1", "health2", "ob", "se", "uhs");

    private static final String INVESTIGATOR =
            TestTokens.token("ines", Set.of(Role.INVESTIGATOR), Set.of("family-1", "tfp"));
    private static final String LEAD = TestTokens.token("hans", Set.of(Role.LEAD), Set.of("health2"));

    private static KorrektServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver driver;
    /** The case that a late VAB application opened in family-1. */
    private static long caseId;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("ui-units");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", VERSION, TestModels.lateClaimModel());
        Files.writeString(models.resolve("test").resolve(PolicyFile.FILE_NAME), POLICY);
        Path queues = Files.writeString(work.resolve("queues.json"), QUEUES);
        ServerConfig c = TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0);
        server = KorrektServer.start(new ServerConfig(
                c.host(),
                c.port(),
                c.modelsDir(),
                c.profile(),
                c.database(),
                c.auth(),
                c.pseudonymKey(),
                c.randomControlShare(),
                c.maxBodyBytes(),
                c.historyLog(),
                c.journalDir(),
                c.maxBatchItems(),
                c.rateLimitPerSecond(),
                c.tls(),
                QueueSettings.read(queues)));

        // a VAB application 80 days late is a manual check (DecisionPolicyIT's scores): a case in family-1
        String body = "{\"applicationId\":\"A-units-1\",\"personPseudonym\":\"p-0123456789abcdef0123456789abcdef\","
                + "\"benefit\":\"tfp\",\"channel\":\"e-service\",\"submittedOn\":\"2025-04-28\","
                + "\"periodStart\":\"2025-02-03\",\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,"
                + "\"amountSek\":5000,\"declaredMonthlyIncomeSek\":30000}";
        String selfservice = TestTokens.token("e-service", Set.of(Role.SELFSERVICE), Set.of());
        JsonObject decision = ok(send("POST", "/v1/score", selfservice, body));
        assertThat(decision.getString("action")).as(decision.encode()).isEqualTo("MANUAL_CHECK");
        server.recorder().flush(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + HeadlessChromium.WAIT.toNanos();
        JsonArray cases = new JsonArray();
        while (cases.isEmpty() && System.nanoTime() < deadline) {
            cases = ok(send("GET", "/v1/queues/family-1", TestTokens.ADMIN, null))
                    .getJsonArray("cases");
            Thread.sleep(cases.isEmpty() ? 100 : 0);
        }
        assertThat(cases).as("the case the decision opened in family-1").hasSize(1);
        caseId = cases.getJsonObject(0).getLong("caseId");
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
    void theUnitListIsTheServicesUnitsSortedForEveryWorkRole() throws Exception {
        for (String token : List.of(TestTokens.ADMIN, INVESTIGATOR, LEAD)) {
            HttpResponse<String> response = send("GET", "/v1/queues", token, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonObject json = new JsonObject(response.body());
            assertThat(json.fieldNames()).containsExactly("units");
            List<Object> units = json.getJsonArray("units").stream().toList();
            assertThat(units).containsExactlyElementsOf(UNITS);
        }
        // each of them is a queue (the default units routed elsewhere are not)
        for (String unit : UNITS) {
            assertThat(send("GET", "/v1/queues/" + unit, TestTokens.ADMIN, null).statusCode())
                    .as(unit)
                    .isEqualTo(200);
        }
        assertThat(send("GET", "/v1/queues/tfp", TestTokens.ADMIN, null).statusCode())
                .isEqualTo(404);

        HttpResponse<String> anonymous = send("GET", "/v1/queues", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(anonymous.body()).getJsonObject("error").getString("code"))
                .isEqualTo("UNAUTHENTICATED");
        for (Role role : List.of(Role.SELFSERVICE, Role.DATASCIENTIST, Role.FEED)) {
            HttpResponse<String> refused =
                    send("GET", "/v1/queues", TestTokens.token("x", Set.of(role), Set.of()), null);
            assertThat(refused.statusCode()).as(role.claim()).isEqualTo(403);
            JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("FORBIDDEN");
            assertThat(error.getString("message"))
                    .as("learns nothing of the units")
                    .doesNotContain("family-1");
        }
    }

    @Test
    @Order(2)
    void anAdminIsOfferedExactlyTheServicesUnitsAndOpensOnesWithADigitAndAHyphen() throws Exception {
        requireBrowser();
        logIn(TestTokens.ADMIN);
        assertThat(offeredUnits()).containsExactlyElementsOf(UNITS);
        assertThat(text(By.cssSelector("a.unit-link[data-unit='family-1']"))).isEqualTo("family-1");
        chromium.assertClean();
        screenshot("units-admin");

        click(By.cssSelector("a.unit-link[data-unit='family-1']"));
        chromium.awaitView("queue");
        assertThat(chromium.script("return location.hash")).isEqualTo("#/queue/family-1");
        assertThat(text(By.cssSelector("main h1"))).isEqualTo("Kö: family-1");
        assertThat(driver.findElements(By.cssSelector("tr[data-case-id='" + caseId + "']")))
                .hasSize(1);
        chromium.assertClean();
        screenshot("units-queue-family-1");

        click(By.cssSelector("#nav a[href='#/lead/family-1']"));
        chromium.awaitView("lead");
        assertThat(text(By.cssSelector("main h1"))).isEqualTo("Uppföljning: family-1");
        chromium.assertClean();

        // straight to a route with a digit
        chromium.script("location.hash = '#/queue/health2'");
        chromium.awaitView("queue");
        assertThat(chromium.script("return location.hash")).isEqualTo("#/queue/health2");
        assertThat(text(By.cssSelector("main h1"))).isEqualTo("Kö: health2");
        chromium.assertClean();
        click(By.id("logout"));
        chromium.awaitView("login");
    }

    @Test
    @Order(3)
    void anInvestigatorIsOfferedOnlyTheTokensUnitsThatTheServiceHas() throws Exception {
        requireBrowser();
        logIn(INVESTIGATOR);
        // the token also names tfp, which this service routes to family-1: it has no such queue
        assertThat(offeredUnits()).containsExactly("family-1");
        click(By.cssSelector("a.unit-link[data-unit='family-1']"));
        chromium.awaitView("queue");
        assertThat(chromium.script("return location.hash")).isEqualTo("#/queue/family-1");
        assertThat(driver.findElements(By.cssSelector("tr[data-case-id='" + caseId + "']")))
                .hasSize(1);
        chromium.assertClean();
        click(By.id("logout"));
        chromium.awaitView("login");
    }

    @Test
    @Order(4)
    void aTokenWithoutAWorkRoleIsOfferedNoUnitAndDoesNotAskForThem() throws Exception {
        requireBrowser();
        driver.get(server.baseUrl() + "/ui/#/login");
        chromium.script("sessionStorage.clear()");
        driver.navigate().refresh();
        chromium.awaitView("login");
        chromium.consoleErrors();
        WebElement field = driver.findElement(By.id("token"));
        field.sendKeys(TestTokens.token("dana", Set.of(Role.DATASCIENTIST), Set.of()));
        click(By.id("login-submit"));
        chromium.await("who I am", d -> !d.findElements(By.id("me")).isEmpty());
        chromium.awaitView("login");
        assertThat(driver.findElements(By.id("units"))).isEmpty();
        assertThat(text(By.cssSelector("#me .message.info")))
                .isEqualTo("Din token ger inte tillgång till någon kontrollenhet.");
        chromium.assertClean(); // no 403 from GET /v1/queues
    }

    // ---- the service

    private static JsonObject ok(HttpResponse<String> response) {
        return ServiceCalls.ok(response);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return ServiceCalls.send(server, method, path, token, body);
    }

    // ---- the browser

    /** Skips the test without Chromium (fails with KORREKT_REQUIRE_BROWSER=1); starts it the first time. */
    private static void requireBrowser() throws IOException {
        HeadlessChromium.require("UnitNamesBrowserIT");
        if (chromium == null) {
            chromium = HeadlessChromium.start(
                    TestDirectories.fresh("ui-units-chromium").resolve("profile"), "chromedriver-units.log", 1400);
            driver = chromium.driver();
        }
    }

    /** Opens the UI signed out (whatever an earlier test left) and logs in with token. */
    private static void logIn(String token) {
        driver.get(server.baseUrl() + "/ui/#/login");
        chromium.script("sessionStorage.clear()");
        driver.navigate().refresh();
        chromium.awaitView("login");
        chromium.consoleErrors(); // only this test's
        WebElement field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        click(By.id("login-submit"));
        chromium.await(
                "the units to pick from", d -> !d.findElements(By.id("units")).isEmpty());
        chromium.awaitView("login");
    }

    /** The units the signed-in page offers, in its order. */
    private static List<String> offeredUnits() {
        List<String> units = new ArrayList<>();
        for (WebElement link : driver.findElements(By.cssSelector("#units a.unit-link"))) {
            units.add(link.getDomAttribute("data-unit"));
        }
        return units;
    }

    private static void click(By by) {
        driver.findElement(by).click();
    }

    private static String text(By by) {
        return driver.findElement(by).getText().replace('\u00a0', ' ').strip();
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
