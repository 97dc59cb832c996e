package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa.Failure;
import ru.myservice.sandbox.FakeYooKassa.Operation;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;

/**
 * Waiting and leftovers as a person meets them: «Пополнить» says it is working, a widget that cannot
 * load leaves no payment behind, a pending payment can be paid or dismissed from the history, and one
 * paid while the window was closed (or after a reload) is announced on the page.
 */
class BrowserPendingPaymentsTest {

    static TopupFixture fixture;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private JavascriptExecutor js;
    private WebDriverWait wait;

    @BeforeAll
    static void start() {
        // Payments here settle by notification or by the page's own polling, never by a reconciliation round.
        fixture = TopupFixture.start(Map.of("myservice.topup.reconcile-after", "1h"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void startChromium(String language, int width) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        browser.manage().window().setSize(new Dimension(width, 900));
        js = (JavascriptExecutor) browser;
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // The history is replaced in place whenever it refreshes: a row found a moment ago may be gone.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    /** Signs a new person in with Google and returns their account id. */
    private UUID signIn() {
        browser.get(fixture.app().url("/signin"));
        browser.findElement(By.id("signin-google")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        var person = Person.fresh();
        var subject = browser.findElement(By.id("subject"));
        subject.clear();
        subject.sendKeys(person.subject());
        var email = browser.findElement(By.id("email"));
        email.clear();
        email.sendKeys("payer-" + person.subject() + "@example.ru");
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("topup-amount")));
        return fixture.app()
                .bean(JdbcClient.class)
                .sql("select account_id from identities where provider = 'google' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
    }

    private void submit(String amount) {
        var field = browser.findElement(By.id("topup-amount"));
        field.clear();
        field.sendKeys(amount);
        browser.findElement(By.id("topup-submit")).click();
    }

    private void openWindow(String amount) {
        submit(amount);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topup-modal")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#yk-container iframe")));
    }

    private void closeWindow() {
        browser.findElement(By.id("topup-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));
    }

    private void payInTheWidget() {
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#yk-container iframe")));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
        browser.switchTo().defaultContent();
    }

    /** The person's payments: our id and YooKassa's, newest first. */
    private List<String[]> payments(UUID account) {
        return fixture.app()
                .bean(JdbcClient.class)
                .sql("""
                        select id::text, coalesce(yookassa_payment_id, '') from payments
                        where user_id = :u order by created_at desc
                        """)
                .param("u", account)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
    }

    private WebElement row(String paymentId) {
        return browser.findElement(By.id("payment-" + paymentId));
    }

    /** «Продолжить оплату» ({@code resume}) or «Отменить» ({@code dismiss}) of one payment. */
    private WebElement action(String which, String paymentId) {
        return browser.findElement(By.cssSelector("#history [data-" + which + "='" + paymentId + "']"));
    }

    private List<WebElement> actions(String paymentId) {
        return browser.findElements(By.cssSelector(
                "#history [data-resume='" + paymentId + "'], #history [data-dismiss='" + paymentId + "']"));
    }

    private void showHistory() {
        js.executeScript("document.getElementById('history').scrollIntoView()");
    }

    private void assertNoSidewaysScrolling(String where) {
        Number page = (Number) js.executeScript("return document.documentElement.scrollWidth");
        Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth");
        assertThat(page.intValue()).as("page width: %s", where).isLessThanOrEqualTo(viewport.intValue());
    }

    @Test
    void aWidgetScriptThatCannotLoadCreatesNothingAndSaysWhatToDo() {
        startChromium("ru-RU", 390);
        UUID account = signIn();
        // As an ad blocker or a dead network would: YooKassa's script never arrives.
        var devtools = (ChromeDriver) browser;
        devtools.executeCdpCommand("Network.enable", Map.of());
        devtools.executeCdpCommand(
                "Network.setBlockedURLs",
                Map.of("urls", List.of(fixture.yookassa().widgetScriptUri().toString())));

        submit("150");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("topup-error"), "Не удалось открыть форму оплаты"));
        chromium.screenshot("pending-widget-failed-390");
        assertThat(browser.findElement(By.id("topup-error")).getText())
                .contains("Деньги не списаны")
                .contains("Проверьте подключение к интернету");
        assertThat(browser.findElement(By.id("topup-modal")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("topup-amount")).getDomAttribute("aria-invalid"))
                .as("the amount was fine")
                .isEqualTo("false");
        var button = browser.findElement(By.id("topup-submit"));
        assertThat(button.isEnabled()).isTrue();
        assertThat(button.getText()).isEqualTo("Пополнить");
        assertThat(button.getDomAttribute("aria-busy")).isNull();
        assertThat(payments(account)).as("payments left behind").isEmpty();

        // The way back works: once the script can load, the same button opens the window.
        devtools.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        button.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topup-modal")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#yk-container iframe")));
        assertThat(browser.findElement(By.id("topup-error")).isDisplayed()).isFalse();
        assertThat(payments(account)).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"ru-RU, 390, Создаём платёж…, Пополнить", "en-US, 1366, Creating the payment…, Top up"})
    void thePayButtonShowsThatThePaymentIsBeingCreated(String language, int width, String busy, String idle) {
        startChromium(language, width);
        signIn();
        // YooKassa takes a few seconds to answer the create.
        fixture.yookassa().failNext(Operation.CREATE, Failure.TIMEOUT);

        submit("160");

        var button = browser.findElement(By.id("topup-submit"));
        wait.until(ExpectedConditions.attributeToBe(button, "aria-busy", "true"));
        assertThat(button.getText()).isEqualTo(busy);
        assertThat(button.isEnabled()).isFalse();
        chromium.screenshot("pending-button-busy-" + language + "-" + width);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topup-modal")));
        closeWindow();
        assertThat(button.getText()).isEqualTo(idle);
        assertThat(button.isEnabled()).isTrue();
        assertThat(button.getDomAttribute("aria-busy")).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "ru-RU, 390, ожидает оплаты, Продолжить оплату, Отменить, отменён вами, оплачен",
        "ru-RU, 1366, ожидает оплаты, Продолжить оплату, Отменить, отменён вами, оплачен",
        "en-US, 390, awaiting payment, Continue payment, Cancel, canceled by you, paid",
        "en-US, 1366, awaiting payment, Continue payment, Cancel, canceled by you, paid"
    })
    void aPendingPaymentCanBePaidOrDismissedFromTheHistory(
            String language, int width, String pending, String resume, String dismiss, String dismissed, String paid) {
        startChromium(language, width);
        UUID account = signIn();

        openWindow("105");
        closeWindow();
        String first = payments(account).getFirst()[0];
        // The window closed: the history shows the payment it left waiting, without a reload.
        wait.until(d -> row(first).getText().contains(pending));
        openWindow("120");
        press(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));
        String second = payments(account).getFirst()[0];
        wait.until(d -> row(second).getText().contains(pending));
        showHistory();
        chromium.screenshot("pending-history-" + language + "-" + width);
        assertNoSidewaysScrolling("history with pending payments at " + width + " px");
        assertThat(action("resume", first).getText()).isEqualTo(resume);
        assertThat(action("resume", first).getAccessibleName())
                .startsWith(resume)
                .contains("105");
        assertThat(action("dismiss", second).getText()).isEqualTo(dismiss);

        action("dismiss", second).click();
        wait.until(d -> row(second).getText().contains(dismissed));
        assertThat(actions(second)).isEmpty();
        assertThat(js.executeScript("return document.activeElement.id")).isEqualTo("payment-" + second);
        showHistory();
        chromium.screenshot("pending-history-dismissed-" + language + "-" + width);

        action("resume", first).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topup-modal")));
        payInTheWidget();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("topup-done"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));
        assertThat(browser.findElement(By.id("balance")).getText()).contains("105");
        wait.until(d -> row(first).getText().contains(paid));
        assertThat(actions(first)).isEmpty();
        assertThat(payments(account)).as("no new payment for the continued one").hasSize(2);
    }

    @Test
    void aPaymentThatArrivesAfterTheWindowClosedIsAnnounced() {
        startChromium("ru-RU", 1366);
        UUID account = signIn();
        openWindow("105");
        closeWindow();

        // Paid in the moment before closing, or on the bank's page: YooKassa tells our server.
        fixture.yookassa().pay(payments(account).getFirst()[1]);

        var announcement = browser.findElement(By.id("topup-announce"));
        wait.until(ExpectedConditions.textToBePresentInElement(announcement, "Зачислено 105,00 ₽"));
        assertThat(announcement.getAriaRole()).isEqualTo("status");
        assertThat(announcement.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("balance")).getText()).isEqualTo("105,00 ₽");
        chromium.screenshot("pending-announced-1366");
    }

    @Test
    void aPendingPaymentPaidAfterAReloadIsAnnounced() {
        startChromium("ru-RU", 390);
        UUID account = signIn();
        openWindow("130");
        closeWindow();
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("topup-amount")));

        fixture.yookassa().pay(payments(account).getFirst()[1]);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("topup-announce"), "Зачислено 130,00 ₽"));
        assertThat(browser.findElement(By.id("balance")).getText()).isEqualTo("130,00 ₽");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "оплачен"));
        chromium.screenshot("pending-announced-after-reload-390");
    }

    private void press(CharSequence... keys) {
        new Actions(browser).sendKeys(keys).perform();
    }
}
