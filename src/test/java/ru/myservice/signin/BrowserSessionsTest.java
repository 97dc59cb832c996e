package ru.myservice.signin;

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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** The sessions page in a real browser: found from the dashboard, read, and used by keyboard alone. */
class BrowserSessionsTest {

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
    @CsvSource({"ru-RU, 320", "ru-RU, 390", "ru-RU, 1366", "en-US, 390", "en-US, 1366"})
    void anotherDeviceIsEndedFromTheListByKeyboard(String language, int width) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.manage().window().setSize(new Dimension(width, 900));
        boolean english = language.startsWith("en");
        Person person = Person.fresh();
        var phone = new TestBrowser().userAgent(SessionDevicesIntegrationTest.IPHONE_SAFARI);
        ProviderFlow.signIn(phone, app, "vk", person);
        chromium.signIn(app, "vk", person);

        browser.findElement(By.id("sessions-link")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sessions")));
        chromium.screenshot("sessions-" + language + "-" + width);
        String list = browser.findElement(By.id("sessions")).getText();
        assertThat(list)
                .contains("Safari, iPhone")
                .contains(english ? "this device" : "это устройство")
                .contains(english ? "via VK ID" : "через VK ID");
        Number page =
                (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        assertThat(page.intValue()).isLessThanOrEqualTo(width);

        tabUntilText(english ? "End" : "Завершить");
        new Actions(browser).sendKeys(Keys.ENTER).perform();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sessions-notice")));
        assertThat(browser.findElement(By.id("sessions-notice")).getText())
                .startsWith(english ? "Session ended" : "Сеанс завершён");
        assertThat(browser.findElement(By.id("sessions")).getText()).doesNotContain("iPhone");
        assertThat(TestBrowser.location(phone.get(app.url("/dashboard"))).getPath())
                .isEqualTo("/signin");
    }

    private void tabUntilText(String text) {
        for (int i = 0; i < 30; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            if (text.equals(browser.switchTo().activeElement().getText())) {
                return;
            }
        }
        throw new AssertionError("Tab never reached «" + text + "»");
    }
}
