package org.korrekt.scoring.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium, headless, driven through its chromedriver, for the UI's browser tests:
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian packages {@code chromium}
 * and {@code chromium-driver}; nothing is downloaded), or the programs the system properties
 * {@code korrekt.chromium} and {@code korrekt.chromedriver} name. Swedish locale, the browser's
 * console kept for the tests to read; and what every UI test asks of a page: to wait for a view,
 * and that no script or console error happened.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of(System.getProperty("korrekt.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("korrekt.chromium", "/usr/bin/chromium"));
    /** Screenshots and the driver's logs. */
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    /** How long a page may take to show what a test waits for. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Held so that its level sticks: Selenium warns that it has no DevTools classes for this Chromium. */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /**
     * Skips the calling test when either program is missing, or fails it when the environment
     * variable {@code KORREKT_REQUIRE_BROWSER=1} (as CI sets it).
     */
    static void require(String test) {
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
            System.out.println(test + " skipped: " + why);
            assumeTrue(false, why);
        }
    }

    /**
     * Starts Chromium with its profile in {@code profile} and a window {@code width} pixels wide;
     * the driver logs to {@code logName} under {@link #SCREENSHOTS}.
     */
    static HeadlessChromium start(Path profile, String logName, int width) throws IOException {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
        // Selenium Manager is not consulted when the driver is given; should anything still start
        // it, it must neither download nor report usage.
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("SE_OFFLINE", "true");
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(SCREENSHOTS.resolve(logName).toFile())
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
                "--lang=sv-SE",
                "--window-size=" + width + ",1000",
                "--user-data-dir=" + Files.createDirectories(profile));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Runs a script in the page and returns its result. */
    Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(code, arguments);
    }

    /** Waits until the page has rendered view (its data arrived). */
    void awaitView(String view) {
        await(
                "the " + view + " page",
                d -> view.equals(script("return document.body.dataset.view"))
                        && "ready".equals(script("return document.body.dataset.state")));
    }

    /**
     * Waits up to {@link #WAIT} for condition, or fails with what the page shows: its route, view
     * and state, the status line (or the start of the main area), and its script and console errors.
     */
    void await(String what, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, WAIT).until(condition::apply);
        } catch (TimeoutException e) {
            fail("no " + what + " within " + WAIT + "; page: " + script("return location.hash") + " "
                    + script("return document.body.dataset.view") + "/"
                    + script("return document.body.dataset.state") + ", status: '" + textOf("status")
                    + "', main: '" + abbreviated(textOf("main")) + "', errors: "
                    + script("return window.__korrekt && window.__korrekt.errors") + ", console: "
                    + consoleErrors());
        }
    }

    /** No script error and no console error (which includes Content-Security-Policy violations). */
    void assertClean() {
        assertThat(script("return window.__korrekt.errors"))
                .as("script errors")
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .isEmpty();
        assertThat(consoleErrors()).as("console errors").isEmpty();
    }

    /** The console's errors since the last call. */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    private String textOf(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
