package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;

/**
 * A person tops up in a real browser: types an amount, pays in the YooKassa widget inside our modal,
 * and sees the balance and the history change without reloading the page.
 */
class BrowserTopupTest {

    static TopupFixture fixture;
    private HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        fixture = TopupFixture.start(Map.of("myservice.topup.reconcile-after", "1h"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

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

    private WebDriverWait signIn(WebDriver browser) {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(fixture.app().url("/signin"));
        browser.findElement(By.id("signin-google")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        var person = Person.fresh();
        var subject = browser.findElement(By.id("subject"));
        subject.clear();
        subject.sendKeys(person.subject());
        // Google's addresses are verified, so a shared one would join every test's account into one.
        var email = browser.findElement(By.id("email"));
        email.clear();
        email.sendKeys("payer-" + person.subject() + "@example.ru");
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("topup-amount")));
        return wait;
    }

    @Test
    void aPersonPaysInTheWidgetAndSeesTheNewBalanceWithoutAReload() {
        WebDriver browser = chromium.driver();
        var wait = signIn(browser);
        browser.findElement(By.id("topup-amount")).sendKeys("500");
        browser.findElement(By.id("topup-submit")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topup-modal")));
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#yk-container iframe")));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("pay")));
        chromium.screenshot("topup-widget-form");
        browser.switchTo().defaultContent();
        chromium.screenshot("topup-modal");
        browser.switchTo().frame(browser.findElement(By.cssSelector("#yk-container iframe")));
        browser.findElement(By.id("pay")).click();
        browser.switchTo().defaultContent();

        wait.until(ExpectedConditions.textToBe(By.id("balance"), "500,00 ₽"));
        // The history may lie below the fold, where the open window keeps the page from scrolling: read
        // what it says rather than what is on screen.
        wait.until(d -> historyText(d).contains("оплачен"));
        chromium.screenshot("topup-done");
        assertThat(historyText(browser)).contains("500,00\u00a0₽");
        assertThat(browser.findElement(By.id("topup-status")).getText())
                .isEqualTo("Зачислено 500,00 ₽. Баланс: 500,00 ₽.");

        browser.findElement(By.id("topup-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.getElementById('history').scrollIntoView()");
        chromium.screenshot("dashboard-history");
    }

    private static String historyText(WebDriver browser) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.getElementById('history').textContent");
    }

    @Test
    void aBadAmountIsExplainedOnThePageAndOpensNothing() {
        WebDriver browser = chromium.driver();
        signIn(browser);

        browser.findElement(By.id("topup-amount")).sendKeys("12,345");
        browser.findElement(By.id("topup-submit")).click();

        assertThat(browser.findElement(By.id("topup-error")).getText()).contains("не больше двух знаков");
        assertThat(browser.findElement(By.id("topup-modal")).isDisplayed()).isFalse();
        browser.findElement(By.id("topup-amount")).clear();
        browser.findElement(By.id("topup-amount")).sendKeys("5");
        browser.findElement(By.id("topup-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("topup-error"), "Минимальная сумма"));
        chromium.screenshot("topup-bad-amount");
    }

    @Test
    void anEmptyAmountAsksForOne() {
        WebDriver browser = chromium.driver();
        signIn(browser);

        browser.findElement(By.id("topup-submit")).click();

        assertThat(browser.findElement(By.id("topup-error")).getText()).isEqualTo("Введите сумму пополнения.");
        assertThat(browser.findElement(By.id("topup-amount")).getDomAttribute("aria-invalid"))
                .isEqualTo("true");
    }

    @Test
    void aTopUpFromATabWhoseSessionEndedSaysSoAndLeadsToSignIn() {
        WebDriver browser = chromium.driver();
        var wait = signIn(browser);
        // The person signs out everywhere from another device: every session of theirs ends on the server.
        String session = browser.manage().getCookieNamed("SESSION").getValue();
        var db = fixture.app().bean(org.springframework.jdbc.core.simple.JdbcClient.class);
        db.sql("""
                        delete from sessions where principal_name =
                            (select principal_name from sessions where session_id = :id)
                        """)
                .param(
                        "id",
                        new String(
                                java.util.Base64.getDecoder().decode(session), java.nio.charset.StandardCharsets.UTF_8))
                .update();

        browser.findElement(By.id("topup-amount")).sendKeys("100");
        browser.findElement(By.id("topup-submit")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("topup-error"), "Сеанс завершён"));
        var error = browser.findElement(By.id("topup-error"));
        assertThat(error.getText()).doesNotContain("Нет связи");
        assertThat(error.findElement(By.tagName("a")).getDomAttribute("href")).isEqualTo("/signin");
        assertThat(browser.findElement(By.id("topup-modal")).isDisplayed()).isFalse();
        chromium.screenshot("topup-session-ended");
    }

    @Test
    void aPartRefundIsShownInTheHistoryOnAPhoneToo() {
        WebDriver browser = chromium.driver();
        var wait = signIn(browser);
        browser.findElement(By.id("topup-amount")).sendKeys("500");
        browser.findElement(By.id("topup-submit")).click();
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#yk-container iframe")));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
        browser.switchTo().defaultContent();
        wait.until(ExpectedConditions.textToBe(By.id("balance"), "500,00 ₽"));
        String paid = fixture.yookassa().payments().stream()
                .filter(p -> p.path("status").asString().equals("succeeded"))
                .filter(p -> p.path("amount").path("value").asString().equals("500.00"))
                .map(p -> p.path("id").asString())
                .reduce((first, last) -> last)
                .orElseThrow();

        fixture.yookassa().refund(paid, new java.math.BigDecimal("200.00"));
        // The page reads the balance before the history, so one render can fall between the two.
        wait.until(d -> {
            d.navigate().refresh();
            return d.findElement(By.id("history")).getText().contains("возвращено 200,00 ₽")
                    && d.findElement(By.id("balance")).getText().equals("300,00 ₽");
        });
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        var js = (org.openqa.selenium.JavascriptExecutor) browser;
        js.executeScript("document.getElementById('history').scrollIntoView()");
        chromium.screenshot("history-part-refund-390");
        Number pageWidth = (Number) js.executeScript("return document.documentElement.scrollWidth");
        Number viewport = (Number) js.executeScript("return window.innerWidth");
        assertThat(pageWidth.intValue()).as("page width at 390 px").isLessThanOrEqualTo(viewport.intValue());
    }

    @ParameterizedTest(name = "at {0} px")
    @ValueSource(ints = {390, 1366})
    void aPaidTopUpShowsItsCardAndNumberAndTheHistoryAndDataDownloadFromTheDashboard(int width) {
        WebDriver browser = chromium.driver();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
        var wait = signIn(browser);
        String amount = width == 390 ? "701" : "702";
        browser.findElement(By.id("topup-amount")).sendKeys(amount);
        browser.findElement(By.id("topup-submit")).click();
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#yk-container iframe")));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
        browser.switchTo().defaultContent();
        wait.until(ExpectedConditions.textToBe(By.id("balance"), amount + ",00 ₽"));
        browser.findElement(By.id("topup-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("topup-modal")));

        String ours = fixture.yookassa().payments().stream()
                .filter(p -> p.path("amount").path("value").asString().equals(amount + ".00"))
                .map(p -> p.path("metadata").path("payment_id").asString())
                .reduce((first, last) -> last)
                .orElseThrow();
        String number = "№ " + ours.substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        var js = (org.openqa.selenium.JavascriptExecutor) browser;
        js.executeScript("document.getElementById('history').scrollIntoView()");
        chromium.screenshot("history-details-" + width);
        String row = browser.findElement(By.id("payment-" + ours)).getText();
        assertThat(row).contains("Карта").contains("•••• ").contains(number);
        assertThat(row).as("never the full card number").doesNotContainPattern("\\d{12}");

        // What the two links download, fetched as the browser would, with the person's own session.
        String csvHref = browser.findElement(By.id("history-csv")).getDomAttribute("href");
        String csv = (String) js.executeAsyncScript(
                "fetch(arguments[0]).then(r => r.text()).then(arguments[arguments.length - 1])", csvHref);
        assertThat(csv).contains(amount + ",00;оплачен;Карта").contains(ours);
        String exportHref = browser.findElement(By.id("export-link")).getDomAttribute("href");
        String export = (String) js.executeAsyncScript(
                "fetch(arguments[0]).then(r => r.text()).then(arguments[arguments.length - 1])", exportHref);
        assertThat(export).contains(ours).contains("\"amount\" : " + amount + ".00");
    }

    @Test
    void aDeclinedCardSaysWhyAndAnotherCardIsOneClickAway() {
        WebDriver browser = chromium.driver();
        var wait = signIn(browser);
        browser.findElement(By.id("topup-amount")).sendKeys("250");
        browser.findElement(By.id("topup-submit")).click();
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#yk-container iframe")));
        var number = wait.until(ExpectedConditions.elementToBeClickable(By.id("card-number")));
        number.clear();
        number.sendKeys("5555555555554600");
        browser.findElement(By.id("pay")).click();
        browser.switchTo().defaultContent();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topup-retry")));
        assertThat(browser.findElement(By.id("topup-status")).getText())
                .isEqualTo("Платёж не прошёл: недостаточно средств. Деньги не списаны — можно оплатить другой картой.");
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("topup-retry");
        chromium.screenshot("topup-declined");
        browser.findElement(By.id("topup-retry")).click();

        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#yk-container iframe")));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
        browser.switchTo().defaultContent();
        wait.until(ExpectedConditions.textToBe(By.id("balance"), "250,00 ₽"));
        assertThat(browser.findElement(By.id("topup-status")).getText())
                .isEqualTo("Зачислено 250,00 ₽. Баланс: 250,00 ₽.");
        assertThat(browser.findElement(By.id("topup-retry")).isDisplayed()).isFalse();
    }
}
