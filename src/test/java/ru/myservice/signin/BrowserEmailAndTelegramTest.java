package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.SharedApp;

/** Signing in by e-mail code and with Telegram's widget, in a real browser. */
class BrowserEmailAndTelegramTest {

    private HeadlessChromium chromium;

    @BeforeEach
    void startChromium() {
        chromium = HeadlessChromium.startOrSkip();
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aNewcomerSignsInWithTheCodeFromTheLetter() {
        AppInstance app = SharedApp.app();
        var browser = chromium.driver();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        String address = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru";

        browser.get(app.url("/signin"));
        chromium.screenshot("signin-all-methods");
        browser.findElement(By.id("email")).sendKeys(address);
        browser.findElement(By.id("email-submit")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        chromium.screenshot("email-code");
        browser.findElement(By.id("code")).sendKeys(SharedApp.mail().latestCode(address));
        browser.findElement(By.id("code-submit")).click();

        wait.until(ExpectedConditions.urlContains("/dashboard"));
        assertThat(browser.findElement(By.id("profile-email")).getText())
                .contains(address)
                .contains("подтверждён");
        assertThat(browser.findElement(By.id("methods")).getText()).contains("Электронная почта");
    }

    @Test
    void aNewcomerSignsInWithTelegramInThePopup() {
        AppInstance app = SharedApp.app();
        var browser = chromium.driver();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        String page = browser.getWindowHandle();
        browser.get(app.url("/signin"));

        browser.findElement(By.id("signin-telegram")).click();
        wait.until(driver -> driver.getWindowHandles().size() > 1);
        String popup = browser.getWindowHandles().stream()
                .filter(h -> !h.equals(page))
                .findFirst()
                .orElseThrow();
        browser.switchTo().window(popup);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm")));
        // Nothing of ours messages the person, so the bot does not ask for permission to.
        assertThat(browser.getCurrentUrl()).doesNotContain("request_access");
        assertThat(browser.findElements(By.id("request-access"))).isEmpty();
        var id = browser.findElement(By.id("id"));
        id.clear();
        id.sendKeys(Long.toString(800_000_000L + (System.nanoTime() % 100_000_000L)));
        chromium.screenshot("telegram-popup");
        browser.findElement(By.id("confirm")).click();
        browser.switchTo().window(page);

        wait.until(ExpectedConditions.urlContains("/dashboard"));
        assertThat(browser.findElement(By.id("profile-name")).getText()).isEqualTo("Иван Петров");
        assertThat(browser.findElement(By.id("methods")).getText()).contains("Telegram");
        chromium.screenshot("telegram-dashboard");
    }
}
