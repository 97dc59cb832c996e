package ru.myservice.operator.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.sandbox.FakeCasdoorOidc;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Axe;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.SharedApp;

/** A member of staff opens the console in a browser, picks their account at the Casdoor stand-in and lands on it. */
class BrowserStaffSigninTest {

    /** A name as long as real ones get, so the header is seen to hold it. */
    static final FakeCasdoorOidc.Person LONG_NAME = new FakeCasdoorOidc.Person(
            "myservice",
            "konstantin",
            "5b1f0c2e-0000-4000-8000-0000000000b1",
            "Константин Константинович Константинопольский-Преображенский",
            "konstantin@myservice.example",
            true,
            List.of("myservice/staff"));

    private final AppInstance app = SharedApp.app();

    @Test
    void staffPickTheirAccountAtCasdoorAndLandOnTheConsoleWithTheirNameAndRole() {
        try (var chromium = HeadlessChromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            var wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            signIn(driver, wait, "operator");

            assertThat(driver.getCurrentUrl()).isEqualTo(app.url("/operator"));
            assertThat(driver.findElement(By.id("staff-name")).getText()).isEqualTo("Ольга Операторова");
            assertThat(driver.findElement(By.id("staff-role")).getText()).isEqualTo("Сотрудник");
            assertThat(driver.findElement(By.id("nav-search")).getAttribute("aria-current"))
                    .isEqualTo("page");
            assertThat(driver.findElement(By.id("search-query")).isDisplayed()).isTrue();

            driver.findElement(By.id("staff-signout")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("gate-signed_out")));
            assertThat(driver.findElement(By.id("gate-title")).getText()).isEqualTo("Вы вышли из консоли");
        }
    }

    @Test
    void someoneCasdoorKnowsWhoIsNotStaffReadsWhyInTheirLanguage() {
        try (var chromium = HeadlessChromium.startOrSkip("en-US")) {
            WebDriver driver = chromium.driver();
            var wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            driver.get(app.url("/operator"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user-visitor")))
                    .click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("gate-title")));

            assertThat(driver.findElement(By.id("gate-title")).getText()).isEqualTo("This account is not staff");
            assertThat(driver.findElement(By.id("gate-text")).getText()).contains("myservice/visitor");
            assertThat(driver.findElements(By.id("staff-name"))).isEmpty();
        }
    }

    @Test
    void theConsoleAndItsRefusalHaveNoSeriousAccessibilityProblemsOnADesktopOrAPhone() {
        List<String> problems = new java.util.ArrayList<>();
        for (String language : List.of("ru-RU", "en-US")) {
            try (var chromium = HeadlessChromium.startOrSkip(language)) {
                WebDriver driver = chromium.driver();
                var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                driver.get(app.url("/operator"));
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user-visitor")))
                        .click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("gate-title")));
                problems.addAll(atBothSizes(driver, "not staff (" + language + ")"));
                signIn(driver, wait, "auditor");
                problems.addAll(atBothSizes(driver, "console, read-only (" + language + ")"));
            }
        }

        assertThat(problems).isEmpty();
    }

    private static List<String> atBothSizes(WebDriver driver, String where) {
        List<String> problems = new java.util.ArrayList<>();
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

    @Test
    void aLongNameWrapsInsideTheHeaderOnAPhoneAndThePageNeverScrollsSideways() {
        SharedApp.casdoor().oidc().addPerson(LONG_NAME);
        try (var chromium = HeadlessChromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.manage().window().setSize(new Dimension(390, 844));

            signIn(driver, wait, "konstantin");

            var name = driver.findElement(By.id("staff-name"));
            var page = (org.openqa.selenium.JavascriptExecutor) driver;
            long viewport = (Long) page.executeScript("return document.documentElement.clientWidth");
            long scrollWidth = (Long) page.executeScript("return document.documentElement.scrollWidth");
            assertThat(name.getText()).isEqualTo(LONG_NAME.displayName());
            assertThat(name.getRect().getX() + name.getRect().getWidth()).isLessThanOrEqualTo((int) viewport);
            assertThat(scrollWidth).isLessThanOrEqualTo(viewport);
            assertThat(driver.findElement(By.id("staff-signout")).isDisplayed()).isTrue();
        }
    }
}
