package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * A person in a real (headless) Chromium: opens the site, clicks "Войти через VK", allows access on
 * the provider's page and sees their dashboard. Skips where Debian's chromium and chromium-driver are
 * not installed ({@code .ci/run} installs them).
 */
class BrowserSigninTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void startChromium() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium or chromedriver is missing: apt-get install chromium chromium-driver to run the browser test");
        profile = Files.createTempDirectory("chromium-profile");
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
                "--window-size=1280,900",
                "--lang=ru-RU",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ru-RU,ru"));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aNewcomerSignsInWithVkAndSeesTheirDashboard() throws IOException {
        AppInstance app = SharedApp.app();
        Person person = Person.fresh();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get(app.url("/"));
        wait.until(ExpectedConditions.urlContains("/signin"));
        screenshot("signin");
        browser.findElement(By.id("signin-vk")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        screenshot("vk-consent");
        var subject = browser.findElement(By.id("subject"));
        subject.clear();
        subject.sendKeys(person.subject());
        browser.findElement(By.id("allow")).click();

        wait.until(ExpectedConditions.urlContains("/dashboard"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        screenshot("dashboard");
        assertThat(browser.findElement(By.id("profile-name")).getText()).isEqualTo("Иван Петров");
        assertThat(browser.findElement(By.id("balance")).getText()).isEqualTo("0,00 ₽");
        assertThat(browser.findElement(By.id("methods")).getText()).contains("VK ID");
        assertThat(browser.findElement(By.id("signout")).getText()).isEqualTo("Выйти");

        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.urlContains("/signin"));
        assertThat(browser.getPageSource()).contains("Вы вышли");
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
