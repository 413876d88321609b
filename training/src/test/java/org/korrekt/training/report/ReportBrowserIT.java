package org.korrekt.training.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.training.cli.TrainingCli;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens rendered reports in a real headless Chromium (the system's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, Debian packages {@code chromium} and {@code chromium-driver};
 * nothing is downloaded) from {@code file://} URLs, waits for the renderer, and checks that it ran
 * without a script error or console error and that every chart exists as a drawn Chart.js chart.
 * Full-page screenshots go to {@code target/report-screenshots/}.
 *
 * <p>Skipped when chromedriver or Chromium is missing, unless the environment variable {@code
 * KORREKT_REQUIRE_BROWSER=1} (set by {@code .ci/run}), when it fails instead. Elsewhere than
 * Debian, point the system properties {@code korrekt.chromedriver} and {@code korrekt.chromium}
 * at the two programs ({@code mvn verify -Dkorrekt.chromium=...}).
 */
class ReportBrowserIT {

    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("korrekt.chromedriver", "/usr/bin/chromedriver"));
    private static final Path CHROMIUM = Path.of(System.getProperty("korrekt.chromium", "/usr/bin/chromium"));
    /**
     * Held so that its level sticks: Selenium warns that it has no DevTools classes for this
     * Chromium version; the test uses none (executeCdpCommand goes through chromedriver).
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private static final int WIDTH = 1400;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static ChromeDriverService service;
    private static ChromeDriver driver;

    @BeforeAll
    static void startChromium() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path program : List.of(CHROMEDRIVER, CHROMIUM)) {
            if (!Files.isExecutable(program)) {
                missing.add(program.toString());
            }
        }
        if (!missing.isEmpty()) {
            String why = "no executable " + String.join(" or ", missing)
                    + " (Debian: apt-get install chromium chromium-driver)";
            if ("1".equals(System.getenv("KORREKT_REQUIRE_BROWSER"))) {
                fail("KORREKT_REQUIRE_BROWSER=1 but there is " + why);
            }
            System.out.println("ReportBrowserIT skipped: " + why);
            assumeTrue(false, why);
        }
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
        // Selenium Manager is not consulted when the driver is given (below); should anything still
        // start it, it must neither download nor report usage.
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("SE_OFFLINE", "true");

        Files.createDirectories(SCREENSHOTS);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=" + WIDTH + ",1000",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void drawsEveryChartOfTheSampleEvaluation() throws IOException {
        open("sample", ReportHtml.render(ReportHtmlTest.sample()));

        List<String> charts = new ArrayList<>(ReportHtmlTest.FIXED_CHART_IDS);
        charts.addAll(List.of(
                "chart-fairness-sex", "chart-fairness-age-band", "chart-historical-sex", "chart-historical-age-band"));
        assertThat(chartsNotDrawn(charts))
                .as("canvases without a Chart.js chart")
                .isEmpty();
        assertThat(script("return document.querySelectorAll('canvas').length")).isEqualTo((long) charts.size());
        assertThat(script("return document.querySelectorAll('[data-skipped]').length"))
                .isEqualTo(0L);
        assertThat(script("return document.querySelector('#gate-verdict .verdict').textContent"))
                .isEqualTo("FAIL");
        assertThat(script("return document.querySelector('.override').textContent"))
                .asString()
                .startsWith("Gate overridden: Pilot in one office");
        assertThat(script("return document.querySelectorAll('#metrics table')[0].tBodies[0].rows.length"))
                .isEqualTo(5L);
        assertThat(script("return [...document.querySelectorAll('#metrics table')[1].tBodies[0].rows]"
                        + ".map(r => [...r.cells].map(c => c.textContent).join(' | '))"))
                .as("the combined profile's lead over each scorer")
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly(
                        "logistic | +88,535 SEK | +31,208 SEK to +151,930 SEK | 99.6 % | ahead",
                        "trees | +34,875 SEK | -12,310 SEK to +80,145 SEK | 92.1 % | within noise",
                        "forest | +254,345 SEK | +190,220 SEK to +320,480 SEK | 100.0 % | ahead",
                        "rules | +189,595 SEK | +120,775 SEK to +262,040 SEK | 100.0 % | ahead");
        assertThat(script("return Chart.getChart('chart-roc').data.datasets.length"))
                .as("five scorers and the diagonal")
                .isEqualTo(6L);
        assertThat(script("return Chart.getChart('chart-calibration').data.datasets.length"))
                .as("three probability scorers and the diagonal")
                .isEqualTo(4L);
        assertThat(script("return Chart.getChart('chart-importance').data.labels.length"))
                .as("top 20 of 22 features")
                .isEqualTo(20L);
        assertThat(script("return [...document.querySelectorAll('#fairness td.fail-cell')].map(c => c.textContent)"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("1.371 (0.968–1.942)");
        screenshot("sample");
    }

    /**
     * The report of a real bundle: a small generated history (1:300 of 2023 volumes, seeded) is
     * written as Parquet and the built-in vab profile trained from it with {@code korrekt train}.
     */
    @Test
    void drawsEveryChartOfABundleTrainedFromGeneratedHistory() throws Exception {
        Path data = work.resolve("history");
        new HistoryWriter(new Configuration())
                .write(
                        new HistoryGenerator(HistoryConfig.defaults(0.003, 42)).generate((s, d, t) -> {}),
                        data.toUri(),
                        (t, w, n) -> {});
        Path models = work.resolve("models");
        int status = TrainingCli.commandLine()
                .execute("train", "--profile", "vab", "--data", data.toString(), "--out", models.toString());
        assertThat(status).isZero();
        Path report;
        try (java.util.stream.Stream<Path> bundles = Files.list(models.resolve("vab"))) {
            report = bundles.filter(b -> !b.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow()
                    .resolve(ReportHtml.FILE_NAME);
        }
        assertThat(report).isRegularFile();
        open("trained-vab", Files.readString(report, StandardCharsets.UTF_8));

        @SuppressWarnings("unchecked")
        List<String> canvases =
                (List<String>) script("return Array.from(document.querySelectorAll('canvas')).map(c => c.id)");
        assertThat(canvases)
                .containsAll(ReportHtmlTest.FIXED_CHART_IDS)
                .anySatisfy(id -> assertThat(id).startsWith("chart-fairness-"))
                .anySatisfy(id -> assertThat(id).startsWith("chart-historical-"));
        assertThat(chartsNotDrawn(canvases))
                .as("canvases without a Chart.js chart")
                .isEmpty();
        assertThat(script("return document.querySelectorAll('[data-skipped]').length"))
                .isEqualTo(0L);
        assertThat(script("return document.querySelector('#gate-verdict .verdict').textContent"))
                .isIn("PASS", "FAIL", "NOT_EVALUATED");
        assertThat(script("return [...document.querySelectorAll('#metrics table')[1].tBodies[0].rows]"
                        + ".map(r => r.cells[0].textContent)"))
                .as("the combined profile's lead over each scorer of the bundle")
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("logistic", "trees", "forest", "rules");
        // the historical selection is judged by the true positive rate ratio: that is what its charts show
        assertThat(script("return [...document.querySelectorAll('canvas[id^=chart-historical-]')]"
                        + ".map(c => Chart.getChart(c).data.datasets.map(d => d.label).join())"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .isNotEmpty()
                .containsOnly("true positive rate ratio");
        assertThat(script("return document.querySelector('#historical').textContent"))
                .asString()
                .doesNotContain("The gate has no bounds");
        screenshot("trained-vab");
    }

    @Test
    void explainsEveryChartASparseEvaluationCannotDraw() throws IOException {
        open("minimal", ReportHtml.render(ReportHtmlTest.fixture("minimal-evaluation.json")));

        for (String id : List.of(
                "chart-roc",
                "chart-pr",
                "chart-gain",
                "chart-lift",
                "chart-calibration",
                "chart-mechanism",
                "chart-importance")) {
            assertThat(script("return document.querySelector('[data-chart=\"" + id + "\"]').textContent"))
                    .as(id)
                    .asString()
                    .contains("Not shown: ");
        }
        assertThat(script("return document.querySelector('[data-chart=\"chart-benefit\"]')"))
                .isNull();
        assertThat(chartsNotDrawn(List.of("chart-fairness-region-county"))).isEmpty();
        assertThat(script("return document.querySelector('#gate-verdict .verdict').textContent"))
                .isEqualTo("NOT_EVALUATED");
        assertThat(script("return document.getElementById('historical')")).isNull();
        screenshot("minimal");
    }

    @Test
    void showsAHostileStringAsText() throws IOException {
        String hostile = "</script><script>window.__escaped = true</script><!--<script> <img src=x onerror=alert(1)>";
        String json = ReportHtmlTest.sample()
                .replaceFirst(
                        "\"description\": \"[^\"]*\"",
                        Matcher.quoteReplacement("\"description\": \"" + hostile.replace("/", "\\/") + "\""));

        open("hostile", ReportHtml.render(json));

        assertThat(script("return window.__escaped === undefined")).isEqualTo(true);
        assertThat(script("return document.querySelector('.subtitle').textContent"))
                .isEqualTo(hostile);
        assertThat(script("return document.querySelectorAll('img').length")).isEqualTo(0L);
    }

    /** Writes the page, opens it, waits for the renderer and checks that nothing went wrong. */
    private static void open(String name, String html) throws IOException {
        Path page = work.resolve(name + "-report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        driver.manage().logs().get(LogType.BROWSER); // drop what an earlier page logged
        driver.get(page.toUri().toString());
        try {
            new WebDriverWait(driver, READY_TIMEOUT)
                    .until(d ->
                            Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.__reportReady")));
        } catch (TimeoutException e) {
            fail("the report " + name + " did not finish rendering in " + READY_TIMEOUT + "; errors: "
                    + script("return window.__reportErrors") + "; console: " + consoleErrors());
        }
        assertThat(script("return window.__reportErrors"))
                .as("window.__reportErrors")
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .isEmpty();
        assertThat(consoleErrors()).as("console errors").isEmpty();
    }

    private static List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    private static List<?> chartsNotDrawn(List<String> ids) {
        return (List<?>) script(
                "return arguments[0].filter(id => {"
                        + " const canvas = document.getElementById(id);"
                        + " return !(canvas instanceof HTMLCanvasElement) || Chart.getChart(canvas) === undefined; })",
                ids);
    }

    private static Object script(String code, Object... arguments) {
        return driver.executeScript(code, arguments);
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
        System.out.println("ReportBrowserIT: screenshot " + file.getAbsolutePath() + " (" + (int) width + " x "
                + (int) height + " CSS px)");
    }
}
