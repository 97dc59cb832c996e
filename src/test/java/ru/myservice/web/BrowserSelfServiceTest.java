package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * The account's own pages in a real browser, by keyboard where it matters: changing the name,
 * linking and unlinking a method, adding an address, and deleting the account, on a phone and a
 * desktop, in both languages.
 */
class BrowserSelfServiceTest {

    private final AppInstance app = SharedApp.app();
    private HeadlessChromium chromium;
    private WebDriver browser;
    private WebDriverWait wait;

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"ru-RU, 390", "en-US, 1366"})
    void aPersonRenamesLinksUnlinksAndFinallyDeletesTheAccount(String language, int width) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.manage().window().setSize(new Dimension(width, 900));
        boolean english = language.startsWith("en");
        String tag = language + "-" + width;
        chromium.signIn(app, "vk", Person.fresh());

        // The name, typed and saved from the keyboard; a name that is too long is explained and kept.
        browser.findElement(By.id("profile-edit")).sendKeys(Keys.ENTER);
        var field = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-name-field")));
        field.clear();
        field.sendKeys("Я".repeat(70), Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-name-error")));
        chromium.screenshot("profile-error-" + tag);
        assertThat(browser.findElement(By.id("profile-name-field")).getDomProperty("value"))
                .hasSize(70);
        field = browser.findElement(By.id("profile-name-field"));
        field.clear();
        field.sendKeys("Алиса Селезнёва", Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("profile-name")).getText()).isEqualTo("Алиса Селезнёва");
        assertThat(browser.findElement(By.id("notice")).getText())
                .isEqualTo(english ? "Name saved." : "Имя сохранено.");

        // Another method, then unlinked again: the only one left has no «Отвязать».
        browser.findElement(By.id("link-yandex")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        chromium.answerAs(Person.fresh());
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("unlink-yandex")));
        chromium.screenshot("methods-two-" + tag);
        assertNoSidewaysScrolling();
        browser.findElement(By.id("unlink-yandex")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("notice")).getText())
                .startsWith(english ? "Yandex ID unlinked" : "Яндекс ID отвязан");
        assertThat(browser.findElements(By.id("unlink-vk"))).isEmpty();

        // An address, added from the dashboard with the code from the letter, becomes a way in.
        String address = "added-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.ru";
        browser.findElement(By.id("link-email-address")).sendKeys(address, Keys.ENTER);
        var code = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        code.sendKeys(SharedApp.mail().latestCode(address), Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("methods")).getText()).contains(address);
        assertThat(browser.findElements(By.id("unlink-vk")))
                .as("two ways in: either may go")
                .isNotEmpty();
        chromium.screenshot("methods-email-" + tag);
        assertNoSidewaysScrolling();

        // Leaving: the page says what happens; deleting signs out everywhere.
        browser.findElement(By.id("delete-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("delete-submit")));
        chromium.screenshot("delete-" + tag);
        assertNoSidewaysScrolling();
        assertThat(browser.findElement(By.id("delete-export")).getDomAttribute("href"))
                .isEqualTo("/account/export");
        browser.findElement(By.id("delete-submit")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/signin"));
        assertThat(browser.findElement(By.id("signin-notice")).getText())
                .startsWith(english ? "Your account has been deleted." : "Личный кабинет удалён.");
        browser.get(app.url("/dashboard"));
        wait.until(ExpectedConditions.urlContains("/signin"));
    }

    private void assertNoSidewaysScrolling() {
        var js = (JavascriptExecutor) browser;
        Number page = (Number) js.executeScript("return document.documentElement.scrollWidth");
        Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth");
        assertThat(page.intValue()).isLessThanOrEqualTo(viewport.intValue());
    }
}
