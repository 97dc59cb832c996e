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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * The profile's choices in a real browser, by keyboard only: another verified address becomes the main
 * e-mail, «Без фото» replaces the picture, and the dashboard then shows that address and the initials;
 * seventy-character addresses never widen the page, on a phone and a desktop, in both languages.
 */
class BrowserProfileChoicesTest {

    private final AppInstance app = SharedApp.app();
    private HeadlessChromium chromium;
    private WebDriver browser;
    private JavascriptExecutor js;
    private WebDriverWait wait;

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"ru-RU, 390", "en-US, 1366"})
    void aPersonChoosesTheMainEmailAndNoPictureFromTheKeyboard(String language, int width) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        js = (JavascriptExecutor) browser;
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.manage().window().setSize(new Dimension(width, 900));
        boolean english = language.startsWith("en");
        String tag = language + "-" + width;
        Person person = Person.fresh();
        String googleAddress = seventyCharacters("google-" + person.subject());
        String codeAddress = seventyCharacters("code-" + person.subject());
        signInWithGoogle(person, googleAddress);
        addAddress(codeAddress);

        browser.findElement(By.id("profile-edit")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-emails")));
        assertThat(checked("email")).isEqualTo(googleAddress);
        chromium.screenshot("profile-choices-" + tag);
        assertNoSidewaysScrolling();

        // The radio group is one Tab stop, on the checked address; an arrow moves the choice, Tab goes on to
        // the group's own button.
        tabTo("input[name=email]:checked");
        press(Keys.ARROW_DOWN);
        assertThat(checked("email")).isEqualTo(codeAddress);
        press(Keys.TAB);
        assertThat(focused()).isEqualTo("profile-email-save");
        press(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-saved")));
        assertThat(browser.findElement(By.id("profile-saved")).getText())
                .isEqualTo(english ? "Main e-mail address saved." : "Основной адрес почты сохранён.");
        assertThat(checked("email")).isEqualTo(codeAddress);

        tabTo("input[name=avatar]:checked");
        assertThat(focused()).isEqualTo("avatar-google");
        chromium.screenshot("profile-pictures-" + tag);
        press(Keys.ARROW_DOWN);
        assertThat(checked("avatar")).isEqualTo("none");
        press(Keys.TAB);
        assertThat(focused()).isEqualTo("profile-avatar-save");
        press(Keys.ENTER);
        wait.until(d -> d.findElements(By.id("profile-saved")).stream()
                .anyMatch(e -> e.getText().equals(english ? "Picture choice saved." : "Выбор фото сохранён.")));
        assertThat(checked("avatar")).isEqualTo("none");
        chromium.screenshot("profile-saved-" + tag);
        assertNoSidewaysScrolling();
        browser.manage().window().setSize(new Dimension(320, 900));
        assertNoSidewaysScrolling();
        browser.manage().window().setSize(new Dimension(width, 900));

        tabTo("#profile-back");
        press(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        assertThat(browser.findElements(By.cssSelector(".profile img.avatar"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".profile .avatar-initials"))
                        .getText())
                .isEqualTo("КР");
        assertThat(browser.findElement(By.cssSelector("#profile-email .profile-address"))
                        .getText())
                .isEqualTo(codeAddress);
        chromium.screenshot("profile-dashboard-" + tag);
    }

    /** A unique address of exactly seventy characters. */
    private static String seventyCharacters(String start) {
        String domain = "@example.ru";
        return start + "x".repeat(70 - start.length() - domain.length()) + domain;
    }

    private void signInWithGoogle(Person person, String address) {
        browser.get(app.url("/signin"));
        browser.findElement(By.id("signin-google")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        chromium.answerAs(person);
        for (String[] field :
                new String[][] {{"first_name", "Констанция"}, {"last_name", "Римская-Корсакова"}, {"email", address}}) {
            var input = browser.findElement(By.id(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
    }

    /** Adds a second address from the dashboard with the code from its letter. */
    private void addAddress(String address) {
        browser.findElement(By.id("link-email-address")).sendKeys(address);
        browser.findElement(By.id("link-email")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        browser.findElement(By.id("code")).sendKeys(SharedApp.mail().latestCode(address));
        browser.findElement(By.id("code-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
    }

    /** Presses Tab until focus is on what {@code selector} finds, as a keyboard user reaches it. */
    private void tabTo(String selector) {
        for (int i = 0; i < 40; i++) {
            press(Keys.TAB);
            if (Boolean.TRUE.equals(
                    js.executeScript("return document.activeElement.matches(arguments[0])", selector))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    private void press(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }

    private String focused() {
        return (String) js.executeScript("return document.activeElement.id");
    }

    private String checked(String group) {
        return browser.findElement(By.cssSelector("input[name=" + group + "]:checked"))
                .getDomProperty("value");
    }

    private void assertNoSidewaysScrolling() {
        Number page = (Number) js.executeScript("return document.documentElement.scrollWidth");
        Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth");
        assertThat(page.intValue()).isLessThanOrEqualTo(viewport.intValue());
    }
}
