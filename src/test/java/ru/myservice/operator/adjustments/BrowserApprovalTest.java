package ru.myservice.operator.adjustments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Axe;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.wallet.Money;

/**
 * Four eyes in a browser, in Russian: one member of staff asks for a large credit with the keyboard alone, sees it
 * wait and cannot approve it; a second one approves it and the balance changes once.
 */
class BrowserApprovalTest {

    private final AppInstance app = OperatorFixture.app();

    @Test
    void aLargeCreditAskedForWithTheKeyboardWaitsUntilASecondMemberOfStaffApprovesIt() {
        var account = OperatorFixture.paid("100").account();
        String reason = "Компенсация за двухдневный сбой " + UUID.randomUUID();
        String adjustmentId;
        try (var chromium = HeadlessChromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            signIn(driver, wait, "operator");
            driver.get(app.url("/operator/accounts/" + account + "/adjust"));

            tabTo(driver, "adjust-credit");
            type(driver, Keys.TAB, "1500,50");
            assertThat(active(driver)).isEqualTo("adjust-amount");
            type(driver, Keys.TAB, Keys.ARROW_DOWN);
            assertThat(active(driver)).isEqualTo("adjust-category");
            type(driver, Keys.TAB, reason);
            assertThat(active(driver)).isEqualTo("adjust-reason");
            type(driver, Keys.TAB);
            assertThat(active(driver)).isEqualTo("adjust-submit");
            type(driver, Keys.ENTER);

            var done = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-done")));
            assertThat(done.getText()).startsWith("Корректировка ждёт одобрения");
            assertThat(OperatorFixture.balance(account)).isEqualTo(Money.of("100"));

            done.findElement(By.tagName("a")).sendKeys(Keys.ENTER);
            var own = wait.until(
                    ExpectedConditions.presenceOfElementLocated(By.xpath("//li[contains(., '" + reason + "')]")));
            adjustmentId = own.getAttribute("id").substring("adjustment-".length());
            assertThat(own.getText())
                    .contains("+1 500,50 ₽")
                    .contains("Исправление ошибки")
                    .contains("одобрить или отклонить её должен другой сотрудник");
            assertThat(own.findElements(By.tagName("button"))).isEmpty();
        }

        try (var chromium = HeadlessChromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            signIn(driver, wait, "operator2");
            driver.get(app.url("/operator/adjustments"));

            var item = driver.findElement(By.id("adjustment-" + adjustmentId));
            assertThat(item.getText()).contains(reason).contains("Просит myservice/operator");
            tabTo(driver, "approve-" + adjustmentId);
            type(driver, Keys.ENTER);

            var done = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-done")));
            assertThat(done.getText()).isEqualTo("Корректировка одобрена и проведена: баланс изменён.");
            assertThat(driver.findElements(By.id("adjustment-" + adjustmentId))).isEmpty();
            assertThat(driver.findElement(By.id("decided")).getText()).contains(reason);
        }
        assertThat(OperatorFixture.balance(account)).isEqualTo(Money.of("1600.50"));
        assertThat(OperatorFixture.ledger(account)).containsExactly("topup 100.00", "adjustment 1500.50");
    }

    @Test
    void thePaymentAdjustmentApprovalsAndAuditPagesHaveNoSeriousAccessibilityProblemsOnADesktopOrAPhone() {
        var paid = OperatorFixture.paid("300");
        List<String> problems = new ArrayList<>();
        for (String language : List.of("ru-RU", "en-US")) {
            try (var chromium = HeadlessChromium.startOrSkip(language)) {
                WebDriver driver = chromium.driver();
                var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                signIn(driver, wait, "operator");

                driver.get(app.url("/operator/payments/" + paid.payment()));
                driver.findElement(By.id("refund-amount")).clear();
                driver.findElement(By.id("refund-amount")).sendKeys("9999");
                driver.findElement(By.id("refund-reason")).sendKeys("Проверка доступности");
                driver.findElement(By.id("refund-submit")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refund-amount-error")));
                problems.addAll(atBothSizes(driver, "payment, refused (" + language + ")"));

                driver.get(app.url("/operator/accounts/" + paid.account() + "/adjust"));
                driver.findElement(By.id("adjust-amount")).sendKeys("5000");
                driver.findElement(By.id("adjust-reason")).sendKeys("Проверка доступности");
                driver.findElement(By.id("adjust-submit")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-done")));
                problems.addAll(atBothSizes(driver, "adjustment form (" + language + ")"));

                driver.get(app.url("/operator/adjustments"));
                problems.addAll(atBothSizes(driver, "approvals (" + language + ")"));
                driver.get(app.url("/operator/audit"));
                problems.addAll(atBothSizes(driver, "audit (" + language + ")"));
            }
        }

        assertThat(problems).isEmpty();
    }

    private static List<String> atBothSizes(WebDriver driver, String where) {
        List<String> problems = new ArrayList<>();
        for (var size : List.of(new Dimension(1366, 900), new Dimension(390, 844))) {
            driver.manage().window().setSize(size);
            problems.addAll(Axe.problems(driver, where + ", " + size.getWidth() + " px"));
        }
        return problems;
    }

    private void signIn(WebDriver driver, WebDriverWait wait, String user) {
        driver.get(app.url("/operator"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user-" + user)))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("staff-name")));
    }

    /** Presses Tab from the top of the page until the element {@code id} has the focus. */
    private static void tabTo(WebDriver driver, String id) {
        for (int presses = 0; presses < 40 && !id.equals(active(driver)); presses++) {
            type(driver, Keys.TAB);
        }
        assertThat(active(driver)).as("reached with Tab").isEqualTo(id);
    }

    private static void type(WebDriver driver, CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    private static String active(WebDriver driver) {
        return String.valueOf(((JavascriptExecutor) driver).executeScript("return document.activeElement.id"));
    }
}
