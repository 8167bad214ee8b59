package dailyfeed.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium windows for one test, from Debian's {@code chromium} and {@code chromium-driver} (paths
 * overridable with {@code -De2e.chromium=} / {@code -De2e.chromedriver=}). Nothing is downloaded: the driver path
 * is given, so Selenium Manager stays idle.
 *
 * <p>Without a browser the tests are skipped with a message saying how to install it, unless {@code CI=true}:
 * there a missing browser fails the build. After a failed test every open window is saved as a screenshot under
 * {@code target/screenshots/}, before the windows are closed.
 */
final class Browsers implements AfterTestExecutionCallback, AfterEachCallback {

    static final Path CHROMIUM = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("e2e.screenshots", "target/screenshots"));

    private final Map<String, WebDriver> open = new LinkedHashMap<>();
    private final List<Path> profiles = new ArrayList<>();

    /**
     * Skips (or, with {@code CI=true}, fails) a test class when Chromium or its driver is not installed. Register it
     * before anything expensive, so a machine without a browser does not start the system for nothing.
     */
    static final class Installed implements ExecutionCondition, BeforeAllCallback {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> missing = missingBrowser();
            if (missing.isEmpty() || onCi()) {
                return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed (or CI must fail)");
            }
            String message = "Skipping the browser tests: " + advice(missing.get());
            System.err.println(message);
            return ConditionEvaluationResult.disabled(message);
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            missingBrowser()
                    .ifPresent(missing ->
                            Assertions.fail("CI=true, so the browser tests must run, but " + advice(missing)));
        }

        private static boolean onCi() {
            return "true".equalsIgnoreCase(System.getenv("CI"));
        }

        private static String advice(String missing) {
            return missing + ". They need Chromium and its WebDriver: apt-get install -y chromium chromium-driver"
                    + " (or point -De2e.chromium= and -De2e.chromedriver= at them).";
        }
    }

    static Optional<String> missingBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            return Optional.of("no Chromium at " + CHROMIUM);
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("no chromedriver at " + CHROMEDRIVER);
        }
        return Optional.empty();
    }

    /** A new window with its own fresh profile (no shared cookies or storage), laptop-sized. */
    WebDriver open(String name) {
        try {
            Path profile = Files.createTempDirectory("dailyfeed-e2e-chromium-");
            profiles.add(profile);
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
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--lang=en-US",
                    "--user-data-dir=" + profile,
                    "--window-size=1280,900");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(1280, 900));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
            open.put(name, driver);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what a window shows as {@code target/screenshots/<name>.png}. */
    static Path screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        String test = context.getRequiredTestClass().getSimpleName() + "."
                + context.getRequiredTestMethod().getName();
        open.forEach((name, driver) -> {
            try {
                Path shot = screenshot(driver, test + "-" + name + "-failed");
                System.out.println("Screenshot of " + name + "'s window (" + driver.getCurrentUrl() + "): " + shot);
            } catch (RuntimeException e) {
                System.out.println("No screenshot of " + name + "'s window: " + e);
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (WebDriver driver : open.values()) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                // the window is gone already
            }
        }
        open.clear();
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
        profiles.clear();
    }
}
