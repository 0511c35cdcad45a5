package dev.eventstore.examples.shop.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium ({@code apt-get install chromium chromium-driver}), headless, driven by Selenium
 * through Debian's chromedriver. Both are named by path ({@code EVENTSTORE_CHROMIUM} and
 * {@code EVENTSTORE_CHROMEDRIVER} name others), so Selenium Manager never runs and nothing is
 * downloaded. Without them the page's browser tests are skipped, loudly; with
 * {@code EVENTSTORE_BROWSER_REQUIRED=true} (CI sets it) they fail instead.
 */
final class Browser {

    static final Path CHROMIUM = path("EVENTSTORE_CHROMIUM", "/usr/bin/chromium");
    static final Path CHROMEDRIVER = path("EVENTSTORE_CHROMEDRIVER", "/usr/bin/chromedriver");

    /** Selenium looks for DevTools classes of the browser's exact version, which the tests do not use. */
    private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

    private Browser() {
    }

    /** Debian's path, unless the environment names another (a browser installed elsewhere). */
    private static Path path(String variable, String debian) {
        String path = System.getenv(variable);
        return Path.of(path == null || path.isBlank() ? debian : path);
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("EVENTSTORE_BROWSER_REQUIRED"));
    }

    /**
     * Starts a headless Chromium, or says why there is none.
     *
     * @param directory where its profile and chromedriver's log go
     * @return the driver; null if there is no browser, after saying so loudly on stderr
     * @throws AssertionError if there is none and {@link #required()}
     */
    static ChromeDriver open(Path directory) throws IOException {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " is missing"
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER + " is missing" : null;
        if (missing == null) {
            try {
                return start(directory);
            } catch (RuntimeException e) {
                missing = "Chromium did not start: " + e.getMessage().lines().findFirst().orElse("");
            }
        }
        String message = "The web page's browser tests need Debian's chromium and chromium-driver: " + missing;
        System.err.println();
        System.err.println("*** " + message);
        System.err.println(required()
                ? "*** EVENTSTORE_BROWSER_REQUIRED=true: the browser tests FAIL"
                : "*** The browser tests are SKIPPED. apt-get install chromium chromium-driver, or set "
                        + "EVENTSTORE_BROWSER_REQUIRED=true to fail.");
        System.err.println();
        if (required()) {
            throw new AssertionError(message + " (EVENTSTORE_BROWSER_REQUIRED=true, so this fails the build)");
        }
        return null;
    }

    /** Skips the calling test, with the reason, when there is no browser. */
    static void assume(ChromeDriver browser) {
        Assumptions.assumeTrue(browser != null, "SKIPPED: no Chromium at " + CHROMIUM + " with chromedriver at "
                + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
    }

    private static ChromeDriver start(Path directory) throws IOException {
        DEVTOOLS.setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(directory.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root in a container has no sandbox to offer; /dev/shm is small there.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--window-size=1440,1500",
                "--user-data-dir=" + Files.createDirectories(directory.resolve("chromium-profile")).toAbsolutePath());
        return new ChromeDriver(service, options);
    }
}
