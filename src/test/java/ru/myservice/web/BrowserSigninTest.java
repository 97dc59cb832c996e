package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * A person in a real (headless) Chromium: opens the site, clicks "Войти через VK", allows access on
 * the provider's page and sees their dashboard.
 */
class BrowserSigninTest {

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
    void aNewcomerSignsInWithVkAndSeesTheirDashboard() {
        AppInstance app = SharedApp.app();
        Person person = Person.fresh();
        var browser = chromium.driver();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get(app.url("/"));
        wait.until(ExpectedConditions.urlContains("/signin"));
        chromium.screenshot("signin");
        browser.findElement(By.id("signin-vk")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        chromium.screenshot("vk-consent");
        var subject = browser.findElement(By.id("subject"));
        subject.clear();
        subject.sendKeys(person.subject());
        browser.findElement(By.id("allow")).click();

        wait.until(ExpectedConditions.urlContains("/dashboard"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        chromium.screenshot("dashboard");
        assertThat(browser.findElement(By.id("profile-name")).getText()).isEqualTo("Иван Петров");
        assertThat(browser.findElement(By.id("balance")).getText()).isEqualTo("0,00 ₽");
        assertThat(browser.findElement(By.id("methods")).getText()).contains("VK ID");
        assertThat(browser.findElement(By.id("signout")).getText()).isEqualTo("Выйти");

        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.urlContains("/signin"));
        assertThat(browser.getPageSource()).contains("Вы вышли");
    }
}
