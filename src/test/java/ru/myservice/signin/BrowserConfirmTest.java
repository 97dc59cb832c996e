package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * Confirming it is you in a real browser: with a code by e-mail (by keyboard, with a long address) and
 * through Telegram's widget.
 */
class BrowserConfirmTest {

    private final AppInstance app = SharedApp.app();
    private HeadlessChromium chromium;
    private WebDriver browser;

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"ru-RU, 320", "ru-RU, 1366", "en-US, 390", "en-US, 1366"})
    void aCodeToTheAccountsOwnAddressConfirmsItIsThem(String language, int width) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.manage().window().setSize(new Dimension(width, 900));
        boolean english = language.startsWith("en");
        Person person = Person.fresh();
        chromium.signIn(app, "vk", person);
        String address = "a.very.long.address.for.confirmation."
                + UUID.randomUUID().toString().substring(0, 8) + "@subdomain.example-mail-provider.ru";
        app.bean(JdbcClient.class)
                .sql("""
                        insert into identities (account_id, provider, subject, email, email_verified)
                        values (:account, 'email', :address, :address, true)
                        """)
                .param("account", app.accountOf("vk", person.subject()))
                .param("address", address)
                .update();

        browser.get(app.url("/confirm"));
        assertThat(browser.findElement(By.id("confirm-vk")).getText())
                .isEqualTo(english ? "VK\nConfirm with VK ID" : "VK\nПодтвердить через VK ID");
        assertThat(scrollWidth()).as("no sideways scroll with a long address").isLessThanOrEqualTo(width);
        chromium.screenshot("confirm-" + language + "-" + width);
        tabUntil("confirm-email-0");
        new Actions(browser).sendKeys(Keys.ENTER).perform();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        assertThat(browser.findElement(By.id("code-submit")).getText()).isEqualTo(english ? "Confirm" : "Подтвердить");
        chromium.screenshot("confirm-code-" + language + "-" + width);
        new Actions(browser)
                .sendKeys(SharedApp.mail().latestCode(address))
                .sendKeys(Keys.ENTER)
                .perform();

        wait.until(ExpectedConditions.urlContains("/dashboard"));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains(english ? "Sign-in confirmed" : "Вход подтверждён");
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"ru-RU, 390", "en-US, 1366"})
    void aTelegramAccountConfirmsThroughTelegramsWidget(String language, int width) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.manage().window().setSize(new Dimension(width, 900));
        boolean english = language.startsWith("en");
        String telegramId = Long.toString(700_000_000L + (System.nanoTime() % 100_000_000L));
        browser.get(app.url("/signin"));
        signInWithTelegram(wait, telegramId);
        wait.until(ExpectedConditions.urlContains("/dashboard"));

        browser.get(app.url("/confirm"));
        browser.findElement(By.id("confirm-telegram")).click();
        wait.until(ExpectedConditions.urlContains("/confirm/telegram"));
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo(english ? "Confirm with Telegram" : "Подтверждение через Telegram");
        assertThat(scrollWidth()).isLessThanOrEqualTo(width);
        chromium.screenshot("confirm-telegram-" + language + "-" + width);
        signInWithTelegram(wait, telegramId);

        wait.until(ExpectedConditions.urlContains("/dashboard"));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains(english ? "Sign-in confirmed" : "Вход подтверждён");
    }

    /** Presses the page's Telegram button and answers in Telegram's popup as {@code telegramId}. */
    private void signInWithTelegram(WebDriverWait wait, String telegramId) {
        String page = browser.getWindowHandle();
        browser.findElement(By.id("signin-telegram")).click();
        wait.until(driver -> driver.getWindowHandles().size() > 1);
        String popup = browser.getWindowHandles().stream()
                .filter(h -> !h.equals(page))
                .findFirst()
                .orElseThrow();
        browser.switchTo().window(popup);
        var id = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("id")));
        id.clear();
        id.sendKeys(telegramId);
        browser.findElement(By.id("confirm")).click();
        browser.switchTo().window(page);
    }

    private long scrollWidth() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth"))
                .longValue();
    }

    private void tabUntil(String id) {
        for (int i = 0; i < 30; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            if (id.equals(browser.switchTo().activeElement().getAttribute("id"))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached #" + id);
    }
}
