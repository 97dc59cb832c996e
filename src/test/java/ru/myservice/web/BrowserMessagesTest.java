package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/**
 * The words a person reads when something ends or goes wrong: signing out everywhere (asked first,
 * and told afterwards on both devices), a tab left open after its session ended, a cancelled or
 * refused linking, a cancelled sign-in, a stale callback, and the error pages.
 */
class BrowserMessagesTest {

    private final AppInstance app = SharedApp.app();
    private HeadlessChromium chromium;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void startChromium() {
        chromium = HeadlessChromium.startOrSkip();
        browser = chromium.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void signingOutEverywhereAsksFirstAndBothDevicesAreToldWhatHappened() {
        browser.manage().window().setSize(new Dimension(390, 844));
        Person person = Person.fresh();
        var otherDevice = new TestBrowser();
        ProviderFlow.signIn(otherDevice, app, "vk", person);
        chromium.signIn(app, "vk", person);

        browser.findElement(By.id("signout-everywhere")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signout-everywhere-confirm")));
        chromium.screenshot("signout-everywhere-confirm-390");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Выйти на всех устройствах?");
        assertThat(browser.findElement(By.id("signout-everywhere-count")).getText())
                .isEqualTo("Открытых сеансов сейчас: 2.");

        // «Отмена» changes nothing: back on the dashboard, still signed in here and there.
        browser.findElement(By.id("signout-everywhere-cancel")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        assertThat(otherDevice.get(app.url("/dashboard")).statusCode()).isEqualTo(200);

        // By keyboard: focus the link, Enter; then Tab to the confirmation and Enter again.
        browser.findElement(By.id("signout-everywhere")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signout-everywhere-confirm")));
        tabUntil("signout-everywhere-confirm");
        new Actions(browser).sendKeys(Keys.ENTER).perform();

        wait.until(ExpectedConditions.urlContains("/signin"));
        assertThat(browser.findElement(By.id("signin-notice")).getText()).startsWith("Вы вышли на всех устройствах.");
        var elsewhere = otherDevice.open(app.url("/dashboard"));
        assertThat(elsewhere.uri().getPath()).isEqualTo("/signin");
        assertThat(elsewhere.body()).contains("Сеанс завершён — войдите снова");
    }

    @Test
    void aTabLeftOpenAfterSigningOutEverywhereLeadsToSignInWithWordsNotAnAccessDeniedPage() {
        browser.manage().window().setSize(new Dimension(1366, 900));
        Person person = Person.fresh();
        chromium.signIn(app, "vk", person);
        var otherDevice = new TestBrowser();
        var otherDashboard = ProviderFlow.signIn(otherDevice, app, "vk", person);
        otherDevice.post(app.url("/signout/everywhere"), Map.of("_csrf", TestBrowser.csrf(otherDashboard)));

        // The old tab still shows the dashboard; its «Привязать» buttons are forms.
        browser.findElement(By.id("link-yandex")).click();

        wait.until(ExpectedConditions.urlContains("/signin"));
        chromium.screenshot("session-ended-1366");
        assertThat(browser.findElement(By.id("signin-notice")).getText()).contains("Сеанс завершён — войдите снова");
        // What the person reads, not the markup (a stand-in's random port may contain «403»).
        assertThat(browser.findElement(By.tagName("body")).getText())
                .doesNotContain("403")
                .doesNotContain("Доступ запрещён");
        assertThat(browser.findElements(By.id("signout")))
                .as("no «Выйти» for nobody")
                .isEmpty();
    }

    @Test
    void aTabLeftOpenAfterSigningOutHereSaysTheSameAboutItsForms() {
        browser.manage().window().setSize(new Dimension(1366, 900));
        chromium.signIn(app, "vk", Person.fresh());
        String dashboard = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(app.url("/dashboard"));
        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.urlContains("/signin"));
        browser.close();
        browser.switchTo().window(dashboard);

        browser.findElement(By.id("link-yandex")).click();

        wait.until(ExpectedConditions.urlContains("/signin"));
        assertThat(browser.findElement(By.id("signin-notice")).getText()).contains("Сеанс завершён — войдите снова");
    }

    @Test
    void cancellingALinkIsNewsWhileAnAccountOfAnotherPersonSaysWhichProviderAndWhatToDo() {
        browser.manage().window().setSize(new Dimension(390, 844));
        chromium.signIn(app, "vk", Person.fresh());

        browser.findElement(By.id("link-yandex")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("deny")));
        browser.findElement(By.id("deny")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        WebElement notice = browser.findElement(By.id("notice"));
        assertThat(notice.getText()).isEqualTo("Привязка Яндекс ID отменена. Её можно повторить в любой момент.");
        assertThat(notice.getDomAttribute("class")).contains("alert-info");
        assertThat(notice.getDomAttribute("role")).isEqualTo("status");
        assertThat(browser.findElements(By.id("problem"))).isEmpty();

        Person owner = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "yandex", owner);
        browser.findElement(By.id("link-yandex")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        chromium.answerAs(owner);
        browser.findElement(By.id("allow")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problem")));
        chromium.screenshot("link-taken-390");
        WebElement problem = browser.findElement(By.id("problem"));
        assertThat(problem.getText())
                .startsWith("Этот аккаунт Яндекс ID уже служит для входа в другой личный кабинет")
                .contains("войдите через Яндекс ID")
                .doesNotContain("отвяжите");
        assertThat(problem.getDomAttribute("role")).isEqualTo("alert");
        assertThat(browser.findElement(By.id("methods")).getText()).doesNotContain("Яндекс ID");
    }

    @Test
    void cancellingSignInIsNotStyledAsAnError() {
        browser.manage().window().setSize(new Dimension(1366, 900));
        browser.get(app.url("/signin"));
        browser.findElement(By.id("signin-vk")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("deny")));
        browser.findElement(By.id("deny")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signin-error")));
        WebElement said = browser.findElement(By.id("signin-error"));
        assertThat(said.getText()).startsWith("Вход через VK ID отменён.");
        assertThat(said.getDomAttribute("class")).contains("alert-info").doesNotContain("alert-error");
        assertThat(said.getDomAttribute("role")).isEqualTo("status");
    }

    @Test
    void aSignedInPersonOpeningAStaleCallbackOrAnOddPageNumberStaysOnTheDashboard() {
        browser.manage().window().setSize(new Dimension(1366, 900));
        chromium.signIn(app, "vk", Person.fresh());

        browser.get(app.url("/login/oauth2/code/vk?code=old-code&state=old-state"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        assertThat(java.net.URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/dashboard");
        assertThat(browser.findElements(By.id("signin-error"))).isEmpty();

        browser.get(app.url("/dashboard?page=abc"));
        assertThat(browser.findElements(By.id("balance"))).hasSize(1);
        browser.get(app.url("/dashboard?page=999999999999"));
        assertThat(browser.findElements(By.id("balance"))).hasSize(1);
    }

    @Test
    void anErrorPageSaysWhatHappenedInWordsAndOffersTheWayOn() {
        browser.manage().window().setSize(new Dimension(390, 844));
        // A sign-in page left open until its CSRF cookie was gone: the form is outdated.
        browser.get(app.url("/signin"));
        browser.manage().deleteCookieNamed("XSRF-TOKEN");
        browser.findElement(By.id("email")).sendKeys("reader@example.ru");
        browser.findElement(By.id("email-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error-code")));
        chromium.screenshot("error-stale-signed-out-390");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Страница устарела");
        assertThat(browser.findElement(By.id("error-code")).getText()).isEqualTo("Код ошибки: 403");
        assertThat(fontWeight("#error-code")).isLessThan(600);
        assertThat(browser.findElement(By.id("error-action")).getText()).isEqualTo("Перейти ко входу");
        assertThat(browser.findElements(By.id("signout"))).isEmpty();

        chromium.signIn(app, "vk", Person.fresh());
        browser.get(app.url("/no-such-page"));
        chromium.screenshot("error-404-390");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Страница не найдена");
        assertThat(browser.findElement(By.id("error-code")).getText()).isEqualTo("Код ошибки: 404");
        assertThat(browser.findElement(By.id("error-action")).getText()).isEqualTo("Вернуться в кабинет");
        browser.findElement(By.id("error-action")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
    }

    @Test
    void theAccountNumberIsCopiedWithOneClick() {
        browser.manage().window().setSize(new Dimension(390, 844));
        chromium.signIn(app, "vk", Person.fresh());
        String number = browser.findElement(By.id("account-number")).getText();
        assertThat(number).matches("\\d{6,}");

        ((org.openqa.selenium.chromium.HasPermissions) browser).setPermission("clipboard-read", "granted");
        ((org.openqa.selenium.chromium.HasPermissions) browser).setPermission("clipboard-write", "granted");

        browser.findElement(By.id("account-number-copy")).click();

        wait.until(ExpectedConditions.textToBe(By.id("account-number-copy"), "Скопировано"));
        Object copied = ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0]('refused: ' + e))");
        assertThat(copied).isEqualTo(number);
    }

    private int fontWeight(String selector) {
        Object weight = ((JavascriptExecutor) browser)
                .executeScript("return getComputedStyle(document.querySelector(arguments[0])).fontWeight", selector);
        return Integer.parseInt(String.valueOf(weight));
    }

    private void tabUntil(String id) {
        for (int i = 0; i < 20; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            if (id.equals(browser.switchTo().activeElement().getDomAttribute("id"))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached #" + id);
    }
}
