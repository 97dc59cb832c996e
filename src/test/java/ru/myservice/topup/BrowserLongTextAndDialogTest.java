package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * Long names and addresses on phones and wide screens, and the top-up window behaving as a modal
 * dialog: focus kept inside, the page behind inert and still, Escape, and focus back on «Пополнить».
 */
class BrowserLongTextAndDialogTest {

    /** Sixty characters, a double-barrelled surname among them. */
    private static final String FIRST_NAME = "Констанция-Александровна";

    private static final String LAST_NAME = "Римская-Корсакова-Салтыкова-Щедрина";

    static TopupFixture fixture;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private JavascriptExecutor js;
    private WebDriverWait wait;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.topup.reconcile-after", "1h");
        fixture = TopupFixture.start(settings);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void startChromium() {
        chromium = HeadlessChromium.startOrSkip();
        browser = chromium.driver();
        js = (JavascriptExecutor) browser;
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Seventy characters with no place to break a line, unique to the person (Google's are verified). */
    private static String longAddress(Person person) {
        String local = "the.longest.mailbox.name." + person.subject().replaceAll("[^A-Za-z0-9]", "");
        String address = local.substring(0, Math.min(local.length(), 40)) + "@";
        String domain = "mail.example-organisation.ru";
        String padded = address + "x".repeat(Math.max(0, 70 - address.length() - domain.length() - 1)) + "." + domain;
        assertThat(padded).hasSize(70);
        return padded;
    }

    private void signInWithGoogle(String firstName, String lastName, String email) {
        browser.get(fixture.app().url("/signin"));
        browser.findElement(By.id("signin-google")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        var person = Person.fresh();
        for (var field : Map.of(
                        "subject",
                        person.subject(),
                        "first_name",
                        firstName,
                        "last_name",
                        lastName,
                        "email",
                        email == null ? "payer-" + person.subject() + "@example.ru" : email)
                .entrySet()) {
            var input = browser.findElement(By.id(field.getKey()));
            input.clear();
            input.sendKeys(field.getValue());
        }
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("topup-amount")));
    }

    private void assertNoSidewaysScrolling(String where) {
        Number page = (Number) js.executeScript("return document.documentElement.scrollWidth");
        Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth");
        assertThat(page.intValue()).as("page width: %s", where).isLessThanOrEqualTo(viewport.intValue());
    }

    /** How far {@code inner} reaches past the right or left edge of {@code outer}, in pixels (0 when inside). */
    private double spill(String inner, String outer) {
        return ((Number) js.executeScript("""
                        const a = document.querySelector(arguments[0]).getBoundingClientRect();
                        const b = document.querySelector(arguments[1]).getBoundingClientRect();
                        return Math.max(0, a.right - b.right, b.left - a.left);
                        """, inner, outer)).doubleValue();
    }

    private void openTopupWindow(String amount) {
        var field = browser.findElement(By.id("topup-amount"));
        field.clear();
        field.sendKeys(amount);
        browser.findElement(By.id("topup-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topup-modal")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#yk-container iframe")));
    }

    @Test
    void aLongNameAndAddressStayInsideTheCardAndThePhoneScreen() {
        browser.manage().window().setSize(new Dimension(1366, 900));
        signInWithGoogle(FIRST_NAME, LAST_NAME, longAddress(Person.fresh()));
        String name = browser.findElement(By.id("profile-name")).getText();
        assertThat(name).hasSize(60);
        assertThat(browser.findElement(By.id("profile-name")).getDomAttribute("title"))
                .isEqualTo(FIRST_NAME + " " + LAST_NAME);
        assertThat(browser.findElement(By.cssSelector("#profile-email .profile-address"))
                        .getDomAttribute("title"))
                .hasSize(70);
        chromium.screenshot("long-text-dashboard-1366");
        assertThat(spill("#profile-name", ".profile")).as("name past the card").isZero();
        assertThat(spill("#profile-email", ".profile"))
                .as("address past the card")
                .isZero();
        assertNoSidewaysScrolling("dashboard at 1366 px");

        for (int width : new int[] {390, 320}) {
            browser.manage().window().setSize(new Dimension(width, 844));
            js.executeScript("window.scrollTo(0, 0)");
            chromium.screenshot("long-text-dashboard-" + width);
            assertNoSidewaysScrolling("dashboard at " + width + " px");
            assertThat(spill("#profile-email", ".profile"))
                    .as("address past the card")
                    .isZero();
            assertThat(spill(".topbar", "html"))
                    .as("header bar at %d px", width)
                    .isZero();

            openTopupWindow("500");
            chromium.screenshot("long-text-topup-" + width);
            assertNoSidewaysScrolling("top-up window at " + width + " px");
            assertThat(spill("#topup-close", "html"))
                    .as("× on screen at %d px", width)
                    .isZero();
            assertThat(spill("#yk-container iframe", "html"))
                    .as("widget on screen at %d px", width)
                    .isZero();
            browser.findElement(By.id("topup-close")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));
        }
    }

    @Test
    void theCodePageFitsAPhoneWithALongAddress() {
        String address = longAddress(Person.fresh());
        browser.manage().window().setSize(new Dimension(320, 844));
        browser.get(fixture.app().url("/signin"));
        browser.findElement(By.id("email")).sendKeys(address);
        browser.findElement(By.id("email-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));

        for (int width : new int[] {320, 390}) {
            browser.manage().window().setSize(new Dimension(width, 844));
            chromium.screenshot("long-text-email-code-" + width);
            assertNoSidewaysScrolling("code page at " + width + " px");
            assertThat(spill("#code", ".signin-card"))
                    .as("code field at %d px", width)
                    .isZero();
            assertThat(spill("#code-submit", ".signin-card"))
                    .as("«Войти» at %d px", width)
                    .isZero();
            assertThat(spill(".code-lead", ".signin-card"))
                    .as("address at %d px", width)
                    .isZero();
        }
        // The page still works: the code from the letter signs the person in.
        browser.findElement(By.id("code")).sendKeys(SharedApp.mail().latestCode(address));
        browser.findElement(By.id("code-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-email")));
        assertNoSidewaysScrolling("dashboard at 390 px");
    }

    private static final String ACTIVE = """
            const e = document.activeElement;
            if (!e || e === document.body) return 'body';
            const dialog = document.getElementById('topup-modal');
            const where = dialog == null ? '' : dialog.contains(e) ? 'dialog:' : 'page:';
            return where + (e.id || e.tagName.toLowerCase());
            """;

    /** Where focus is; inside the widget's iframe, also which of its fields. */
    private String focused() {
        String outer = (String) js.executeScript(ACTIVE);
        if (!outer.equals("dialog:iframe")) {
            return outer;
        }
        browser.switchTo().frame(browser.findElement(By.cssSelector("#yk-container iframe")));
        try {
            return outer + "/" + js.executeScript(ACTIVE);
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    private void press(CharSequence... keys) {
        new Actions(browser).sendKeys(keys).perform();
    }

    private void pressShiftTab() {
        new Actions(browser)
                .keyDown(Keys.SHIFT)
                .sendKeys(Keys.TAB)
                .keyUp(Keys.SHIFT)
                .perform();
    }

    /** Presses {@code key} until focus is back on ×, at most 60 times; where focus went each time. */
    private List<String> roundTrip(Runnable key) {
        List<String> stops = new java.util.ArrayList<>();
        do {
            key.run();
            stops.add(focused());
        } while (!stops.getLast().equals("dialog:topup-close") && stops.size() < 60);
        return stops;
    }

    @Test
    void theTopUpWindowIsAModalDialog() {
        signInWithGoogle("Ольга", "Смирнова", null);
        openTopupWindow("300");
        var dialog = browser.findElement(By.id("topup-modal"));
        assertThat(dialog.getAriaRole()).isEqualTo("dialog");
        assertThat(dialog.getDomAttribute("aria-modal")).isEqualTo("true");
        assertThat(dialog.getAccessibleName()).isEqualTo("Оплата через ЮKassa");
        assertThat(focused()).isEqualTo("dialog:topup-close");
        chromium.screenshot("topup-dialog");

        // Backwards from × and all the way round (the sandbox form has many test cards), then forwards:
        // never behind the window, never out of the page.
        List<String> backwards = roundTrip(this::pressShiftTab);
        assertThat(backwards.getFirst()).startsWith("dialog:iframe");
        assertThat(backwards).allMatch(stop -> stop.startsWith("dialog:")).endsWith("dialog:topup-close");
        List<String> forwards = roundTrip(() -> press(Keys.TAB));
        assertThat(forwards).contains("dialog:iframe/pay");
        assertThat(forwards).allMatch(stop -> stop.startsWith("dialog:")).endsWith("dialog:topup-close");

        // The page behind neither scrolls nor takes focus.
        assertThat(js.executeScript("return getComputedStyle(document.body).overflow"))
                .isEqualTo("hidden");
        assertThat(js.executeScript("return document.getElementById('topup-modal').matches(':modal')"))
                .isEqualTo(true);
        js.executeScript("document.getElementById('signout-everywhere').focus()");
        assertThat(focused()).as("focus on a button behind the window").doesNotStartWith("page:");

        // Escape, from anywhere in our document, closes it and hands focus back to «Пополнить».
        js.executeScript("document.getElementById('topup-close').focus()");
        press(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));
        assertFocusReturnsToTopupButton();
        assertThat(js.executeScript("return getComputedStyle(document.body).overflow"))
                .isNotEqualTo("hidden");

        // × hands focus back too.
        openTopupWindow("300");
        browser.findElement(By.id("topup-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));
        assertFocusReturnsToTopupButton();
    }

    /**
     * The window hands focus back in its «close» event, which the browser fires in a task of its own
     * after the window is hidden: a person never sees the moment between, a test may.
     */
    private void assertFocusReturnsToTopupButton() {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(5))
                    .until(d -> "topup-submit".equals(js.executeScript("return document.activeElement.id")));
        } catch (org.openqa.selenium.TimeoutException e) {
            // Says where focus went instead.
        }
        assertThat(js.executeScript("return document.activeElement.id")).isEqualTo("topup-submit");
    }
}
