package ru.myservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Axe;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.topup.TopupFixture.Payer;

/**
 * A member of staff in a real browser, by keyboard: signs in through the Casdoor stand-in, finds a customer by
 * e-mail, opens their account and reads the reports, in Russian and in English on a desktop screen; axe-core finds
 * no serious problem on any of those pages.
 */
class BrowserOperatorConsoleTest {

    private final AppInstance app = OperatorFixture.topup().app();
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

    /** A customer with a long name and a long address, and money that moved every way. */
    private static Customer customer() {
        long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        var person = new Person(
                Long.toString(id),
                "Констанция-Александровна",
                "Римская-Корсакова-Салтыкова-Щедрина",
                "konstanciya.rimskaya-korsakova." + id + "@dolgoe-imya-pochtovogo-servera.example.ru",
                true);
        Payer payer = OperatorFixture.topup().payer(person);
        var paid = OperatorFixture.payTopup(payer, "12345.67");
        OperatorFixture.refund(paid, "345.67");
        OperatorFixture.spending().charge(payer.account(), "99.99", "msg-" + UUID.randomUUID());
        OperatorFixture.spending().hold(payer.account(), "50.00", "answer-" + UUID.randomUUID());
        return new Customer(person, payer.account());
    }

    private record Customer(Person person, UUID account) {}

    private void start(String language) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        browser.manage().window().setSize(new Dimension(1366, 1000));
        js = (JavascriptExecutor) browser;
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(app.url("/operator"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("user-operator")))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("search-query")));
    }

    @Test
    void staffFindACustomerByEmailOpenTheAccountAndReadTheReportsByKeyboard() {
        var customer = customer();
        start("ru-RU");

        findAndOpen(customer);
        assertThat(browser.findElement(By.id("account-title")).getText())
                .contains(customer.person().fullName());
        assertThat(browser.findElement(By.id("wallet-balance")).getText().replace('\u00a0', ' '))
                .isEqualTo("11 900,01 ₽");
        assertThat(browser.findElement(By.id("wallet-available")).getText().replace('\u00a0', ' '))
                .isEqualTo("11 850,01 ₽");
        assertThat(browser.findElement(By.id("ledger-table")).getText()).contains("Пополнение", "Возврат платежа");
        chromium.screenshot("operator-account-ru");
        assertThat(Axe.problems(browser, "account")).isEmpty();
        tabTo("[data-end-session]");
        assertThat(focusedText()).isEqualTo("Завершить");
        tabTo("#mirror-resync");
        assertThat(focusedText()).isEqualTo("Синхронизировать сейчас");

        openReports();
        assertThat(browser.findElement(By.id("invariants-ok")).getText()).contains("Инварианты сходятся");
        assertThat(browser.findElement(By.id("totals-row")).getText()).startsWith("Итого за период");
        chromium.screenshot("operator-reports-ru");
        assertThat(Axe.problems(browser, "reports")).isEmpty();
    }

    @Test
    void theConsoleReadsInEnglish() {
        var customer = customer();
        start("en-US");
        assertThat(browser.findElement(By.id("search-submit")).getText()).isEqualTo("Search");

        findAndOpen(customer);
        assertThat(browser.findElement(By.id("wallet-title")).getText()).isEqualTo("Wallet");
        assertThat(browser.findElement(By.id("ledger-table")).getText()).contains("Top-up", "Payment refund");
        chromium.screenshot("operator-account-en");
        assertThat(Axe.problems(browser, "account")).isEmpty();
        tabTo("#mirror-resync");
        assertThat(focusedText()).isEqualTo("Sync now");

        openReports();
        assertThat(browser.findElement(By.id("invariants-ok")).getText()).contains("Invariants hold");
        assertThat(browser.findElement(By.id("report-csv")).getText()).isEqualTo("Download the period’s ledger as CSV");
        chromium.screenshot("operator-reports-en");
        assertThat(Axe.problems(browser, "reports")).isEmpty();
    }

    /** From the console's start: types the e-mail, reaches the match by Tab and opens it with Enter. */
    private void findAndOpen(Customer customer) {
        // The start page puts the cursor in the search field, as staff come to it to search.
        assertThat(js.executeScript("return document.activeElement.id")).isEqualTo("search-query");
        new Actions(browser)
                .sendKeys(customer.person().email())
                .sendKeys(Keys.ENTER)
                .perform();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("search-table")));
        assertThat(browser.findElement(By.id("search-table")).getText())
                .contains(customer.person().fullName())
                .contains(customer.person().email());
        chromium.screenshot(
                "operator-search-" + browser.findElement(By.tagName("html")).getDomAttribute("lang"));
        assertThat(Axe.problems(browser, "search results")).isEmpty();
        tabTo("a[href='/operator/accounts/" + customer.account() + "']");
        press(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("account-wallet")));
    }

    private void openReports() {
        // Back up from the last form on the account to the console's sections.
        tabTo("#nav-reports", Keys.chord(Keys.SHIFT, Keys.TAB));
        press(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reports-totals")));
    }

    /** Presses Tab until focus is on what {@code selector} finds, as a keyboard user reaches it. */
    private void tabTo(String selector) {
        tabTo(selector, Keys.TAB);
    }

    private void tabTo(String selector, CharSequence key) {
        for (int i = 0; i < 80; i++) {
            press(key);
            if (Boolean.TRUE.equals(
                    js.executeScript("return document.activeElement.matches(arguments[0])", selector))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    private String focusedText() {
        return (String) js.executeScript("return document.activeElement.textContent.trim()");
    }

    private void press(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }
}
