package ru.myservice.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven by its chromedriver, headless, in Russian, with no outside network chatter.
 * Tests using it skip where the packages are missing ({@code .ci/run} installs them).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;

    private HeadlessChromium(WebDriver driver) {
        this.driver = driver;
    }

    /** Starts Chromium, or skips the calling test with a clear message when it is not installed. */
    public static HeadlessChromium startOrSkip() {
        return startOrSkip("ru-RU");
    }

    /** The same, for a browser that prefers {@code language} (e.g. {@code en-US}). */
    public static HeadlessChromium startOrSkip(String language) {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium or chromedriver is missing: apt-get install chromium chromium-driver to run browser tests");
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            var options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,1000",
                    "--lang=" + language,
                    "--user-data-dir=" + profile.toAbsolutePath());
            options.setExperimentalOption(
                    "prefs", Map.of("intl.accept_languages", language + "," + language.substring(0, 2)));
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .build();
            return new HeadlessChromium(new ChromeDriver(service, options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves what the page looks like to {@code target/screenshots/<name>.png}, for people to look at. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(
                    SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Signs in as {@code person} through a provider's stand-in, as a person clicks through it, and waits
     * for the dashboard.
     */
    public void signIn(AppInstance app, String provider, ProviderFlow.Person person) {
        var wait = new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(20));
        driver.get(app.url("/signin"));
        driver.findElement(org.openqa.selenium.By.id("signin-" + provider)).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(
                org.openqa.selenium.By.id("allow")));
        answerAs(person);
        driver.findElement(org.openqa.selenium.By.id("allow")).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(
                org.openqa.selenium.By.id("balance")));
    }

    /** On a provider's consent page: the user id the stand-in will report. */
    public void answerAs(ProviderFlow.Person person) {
        var subject = driver.findElement(org.openqa.selenium.By.id("subject"));
        subject.clear();
        subject.sendKeys(person.subject());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
