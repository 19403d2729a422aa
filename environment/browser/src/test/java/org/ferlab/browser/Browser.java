package org.ferlab.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, with the few helpers the UI tests share: scripts,
 * waits, screenshots into {@code environment/browser/target/browser/}. Without chromium and a chromedriver of
 * the same major version a test is skipped, except under {@code CI=true}, where it fails: CI must not pass by
 * silently not testing the UI.
 */
final class Browser implements AutoCloseable {
    static final Path OUT = Path.of(System.getProperty("fer.browser.out", "target/browser")).toAbsolutePath();
    private static final String CHROMIUM = System.getProperty("fer.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("fer.chromedriver", "/usr/bin/chromedriver");

    final WebDriver driver;

    /** A window of {@code width} x {@code height} CSS pixels (what a screenshot shows). */
    Browser(String logName, int width, int height) throws Exception {
        requireBrowser();
        Files.createDirectories(OUT);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM); // Debian's; Selenium Manager must not try to download one
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("fer-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .withLogFile(OUT.resolve(logName).toFile())
                .build();
        driver = new ChromeDriver(service, options);
    }

    /** chromium and a chromedriver of the same major version, or skip (fail under CI=true). */
    static void requireBrowser() throws Exception {
        String problem = null;
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            problem = "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)";
        } else {
            String browser = major(CHROMIUM);
            String drv = major(CHROMEDRIVER);
            if (browser == null || !browser.equals(drv)) {
                problem = "chromium major version " + browser + " but chromedriver " + drv + ": install matching ones";
            }
        }
        if (problem != null) requireOrSkip(problem);
    }

    /** Fails under CI=true, skips the test otherwise: for a missing tool. */
    static void requireOrSkip(String problem) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("browser test cannot run under CI: " + problem);
        Assumptions.abort("browser test skipped: " + problem);
    }

    private static String major(String exe) throws Exception {
        Process p = new ProcessBuilder(exe, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("(\\d+)\\.\\d+\\.\\d+").matcher(out);
        return m.find() ? m.group(1) : null;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(driver, d, Duration.ofMillis(500));
    }

    /** Saves what the window shows as {@code OUT/name}. */
    Path screenshot(String name) throws IOException {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path to = OUT.resolve(name);
        Files.copy(png, to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
