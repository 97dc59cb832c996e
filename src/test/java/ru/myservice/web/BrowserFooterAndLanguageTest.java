package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * The footer of every page, on a phone and on a desktop: the operator's documents and support
 * address, and the language switch that keeps the person on the same page and remembers the choice.
 */
class BrowserFooterAndLanguageTest {

    private static final String OFFER = "https://example.ru/docs/offer.pdf";
    private static final String PRIVACY = "https://example.ru/privacy";
    private static final String SUPPORT = "help@example.ru";

    static AppInstance app;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void start() {
        var settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.footer.offer-url", OFFER);
        settings.put("myservice.footer.privacy-url", PRIVACY);
        settings.put("myservice.footer.support-email", SUPPORT);
        // Codes are asked for at every size; the shared limit per client address must not get in the way.
        settings.put("myservice.signin.email.per-client-hourly", "1000");
        app = AppInstance.start(SharedApp.providers(), settings);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void open(String language, int width) {
        if (chromium != null) {
            chromium.close();
        }
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        browser.manage().window().setSize(new Dimension(width, width < 500 ? 844 : 900));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private String lang() {
        return browser.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    private String path() {
        var address = URI.create(browser.getCurrentUrl());
        return address.getRawQuery() == null
                ? address.getRawPath()
                : address.getRawPath() + "?" + address.getRawQuery();
    }

    /** Clicks the switch's entry for {@code language} and waits for the page in it. */
    private void switchTo(String language) {
        browser.findElement(By.cssSelector("#language-switch a[hreflang='" + language + "']"))
                .click();
        wait.until(driver -> language.equals(lang()));
    }

    /** The switch marks the page's language, which is no link, and links the other. */
    private void assertSwitchMarks(String current, String other) {
        var marked = browser.findElements(By.cssSelector("#language-switch [aria-current]"));
        assertThat(marked).hasSize(1);
        assertThat(marked.getFirst().getTagName()).isNotEqualTo("a");
        assertThat(marked.getFirst().getText()).isEqualTo("en".equals(current) ? "English" : "Русский");
        assertThat(browser.findElements(By.cssSelector("#language-switch a[hreflang='" + current + "']")))
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector("#language-switch a[hreflang='" + other + "']")))
                .hasSize(1);
    }

    private void assertNoSidewaysScrolling() {
        var js = (JavascriptExecutor) browser;
        Number page = (Number) js.executeScript("return document.documentElement.scrollWidth");
        Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth");
        assertThat(page.intValue()).isLessThanOrEqualTo(viewport.intValue());
    }

    private void signInWithVk() {
        browser.findElement(By.id("signin-vk")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        browser.findElement(By.id("subject")).clear();
        browser.findElement(By.id("subject")).sendKeys(Person.fresh().subject());
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {390, 1366})
    void theFooterLinksToTheDocumentsAndSupport(int width) {
        open("ru-RU", width);
        browser.get(app.url("/signin"));
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, document.body.scrollHeight)");
        chromium.screenshot("footer-signin-ru-" + width);

        var offer = browser.findElement(By.id("footer-offer"));
        var privacy = browser.findElement(By.id("footer-privacy"));
        var support = browser.findElement(By.id("footer-support"));
        assertThat(offer.getText()).isEqualTo("Публичная оферта");
        assertThat(offer.getDomAttribute("href")).isEqualTo(OFFER);
        assertThat(privacy.getText()).isEqualTo("Политика конфиденциальности");
        assertThat(privacy.getDomAttribute("href")).isEqualTo(PRIVACY);
        assertThat(support.getText()).isEqualTo(SUPPORT);
        assertThat(support.getDomAttribute("href")).isEqualTo("mailto:" + SUPPORT);
        for (var link : new org.openqa.selenium.WebElement[] {offer, privacy, support}) {
            assertThat(link.isDisplayed()).isTrue();
            assertThat(link.getRect().getX() + link.getRect().getWidth())
                    .as("%s inside the screen", link.getText())
                    .isLessThanOrEqualTo(width);
        }
        assertSwitchMarks("ru", "en");
        assertNoSidewaysScrolling();

        switchTo("en");
        assertThat(browser.findElement(By.id("footer-offer")).getText()).isEqualTo("Public offer");
        assertThat(browser.findElement(By.id("footer-privacy")).getText()).isEqualTo("Privacy policy");
        assertThat(browser.findElement(By.id("footer-offer")).getDomAttribute("href"))
                .isEqualTo(OFFER);
        assertSwitchMarks("en", "ru");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {390, 1366})
    void englishChosenBeforeSigningInStaysUntilRussianIsChosen(int width) {
        open("ru-RU", width);
        browser.get(app.url("/signin"));
        assertThat(lang()).isEqualTo("ru");

        switchTo("en");
        assertThat(path()).as("the same page, without the switch's parameter").isEqualTo("/signin");
        assertThat(browser.findElement(By.id("signin-vk")).getText()).contains("Sign in with VK ID");
        assertSwitchMarks("en", "ru");

        signInWithVk();
        chromium.screenshot("language-dashboard-en-" + width);
        assertThat(lang()).isEqualTo("en");
        assertThat(browser.findElement(By.id("signout")).getText()).isEqualTo("Sign out");
        assertThat(browser.findElement(By.cssSelector("#methods .method-date")).getText())
                .startsWith("linked on ");
        assertSwitchMarks("en", "ru");

        switchTo("ru");
        assertThat(path()).isEqualTo("/dashboard");
        assertThat(browser.findElement(By.id("signout")).getText()).isEqualTo("Выйти");
        assertThat(browser.findElement(By.cssSelector("#methods .method-date")).getText())
                .startsWith("привязан ");
        assertSwitchMarks("ru", "en");

        open("en-US", width);
        browser.get(app.url("/signin"));
        assertThat(lang()).as("a new browser asking for English").isEqualTo("en");
        open("ru-RU", width);
        browser.get(app.url("/signin"));
        assertThat(lang()).as("a new browser asking for Russian").isEqualTo("ru");
        assertThat(browser.findElement(By.id("signin-vk")).getText()).contains("Войти через VK ID");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {390, 1366})
    void theSwitchWorksOnTheCodePageAndOnErrorPages(int width) {
        open("en-US", width);
        String address = "switch-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru";
        browser.get(app.url("/signin"));
        browser.findElement(By.id("email")).sendKeys(address);
        browser.findElement(By.id("email-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Enter the code from the letter");

        switchTo("ru");
        assertThat(path()).isEqualTo("/signin/email/code");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Введите код из письма");
        chromium.screenshot("language-email-code-ru-" + width);
        browser.findElement(By.id("code")).sendKeys(SharedApp.mail().latestCode(address));
        browser.findElement(By.id("code-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        assertThat(lang()).as("Russian chosen outranks the browser's English").isEqualTo("ru");

        browser.get(app.url("/no-such-page?from=footer"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Страница не найдена");
        assertSwitchMarks("ru", "en");
        switchTo("en");
        chromium.screenshot("language-error-en-" + width);
        assertThat(path()).isEqualTo("/no-such-page?from=footer");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        assertSwitchMarks("en", "ru");
        assertNoSidewaysScrolling();
    }
}
