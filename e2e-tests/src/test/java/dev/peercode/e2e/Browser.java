package dev.peercode.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.peercode.launcher.TemporaryStack;

/**
 * A real headless browser for the web UI's tests: Debian's {@code chromium} driven through Debian's
 * {@code chromedriver} (both named explicitly, so Selenium Manager never looks for or downloads a
 * browser or a driver), a fresh profile per browser, every background network feature off.
 * {@code .ci/run} installs both packages when they are missing.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the main pages' screenshots are kept as test artefacts. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    final ChromeDriver driver;
    private final Path profile;
    /** Where files the browser downloads arrive (inside the profile, removed with it). */
    final Path downloads;

    private Browser(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static Browser start() {
        try {
            Path profile = Files.createTempDirectory("peercode-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--window-size=1440,1000",
                    "--user-data-dir=" + profile.toAbsolutePath());
            Path downloads = Files.createDirectories(profile.resolve("downloads")).toAbsolutePath();
            options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            // Headless Chromium saves downloads only when told where (the preference alone is not always honoured).
            driver.executeCdpCommand("Browser.setDownloadBehavior",
                    java.util.Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            return new Browser(driver, profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(By by) {
        return until(d -> d.findElement(by));
    }

    /**
     * Waits (polling, up to 20 s) until {@code condition} answers something other than null or false.
     * Live regions are replaced whenever the project moves on, so an element found a moment ago may be
     * gone: the condition is simply asked again.
     */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    try {
                        return condition.apply(d);
                    } catch (WebDriverException e) {
                        // Chromedriver's other word for a stale element: the node was replaced between finding it
                        // and reading it ("unknown error: ... Node with given id does not belong to the document").
                        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                            return null;
                        }
                        throw e;
                    }
                });
    }

    /** The text of what {@code by} finds now. */
    String textOf(By by) {
        return until(d -> d.findElement(by).getText());
    }

    void click(By by) {
        until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    void fill(String id, String text) {
        fill(By.id(id), text);
    }

    void fill(By by, String text) {
        until(d -> {
            WebElement field = d.findElement(by);
            field.clear();
            field.sendKeys(text);
            return true;
        });
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves what the browser shows as {@code target/screenshots/name.png}; returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        TemporaryStack.deleteTree(profile);
    }
}
