package ru.myservice.spend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import ru.myservice.spend.SpendCaller.Right;
import ru.myservice.spend.SpendViews.ChargeRequest;
import ru.myservice.spend.SpendViews.HoldRequest;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/** A person sees what the site's services reserved and spent, on a wide screen and on a phone. */
class BrowserSpendingTest {

    private static final SpendCaller SERVICE =
            new SpendCaller("ai-chat-with-a-rather-long-client-identifier", Set.of(Right.READ, Right.CHARGE), null);

    static AppInstance app;
    private HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        app = AppInstance.start(SharedApp.providers(), Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
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

    @Test
    void reservedMoneyAndChargesAreShownAndFitAPhone() {
        showsSpending("ru", "Доступно: 208,50 ₽ · Зарезервировано: 40,00 ₽", "−1,50 ₽");
    }

    @Test
    void englishReadersSeeTheSameAtBothSizes() {
        chromium.close();
        chromium = HeadlessChromium.startOrSkip("en-US");
        showsSpending("en", "Available: 208.50 ₽ · Reserved: 40.00 ₽", "−1.50 ₽");
    }

    private void showsSpending(String language, String funds, String charged) {
        var browser = chromium.driver();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Person person = Person.fresh();
        browser.get(app.url("/signin"));
        browser.findElement(By.id("signin-vk")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        browser.findElement(By.id("subject")).clear();
        browser.findElement(By.id("subject")).sendKeys(person.subject());
        browser.findElement(By.id("last_name")).clear();
        browser.findElement(By.id("last_name")).sendKeys("Римская-Корсакова-Салтыкова-Щедрина-Долгорукова");
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        UUID account = app.bean(JdbcClient.class)
                .sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
        app.bean(WalletService.class).credit(account, Money.of("250.00"), EntryKind.TOPUP, "t-" + UUID.randomUUID());
        var spending = app.bean(SpendService.class);
        app.bean(TransactionTemplate.class).executeWithoutResult(tx -> {
            spending.placeHold(
                    SERVICE,
                    new HoldRequest(account.toString(), "40.00", 600L, "h-" + UUID.randomUUID(), null, "Картинка"),
                    java.util.Locale.ROOT);
            spending.charge(
                    SERVICE,
                    new ChargeRequest(
                            account.toString(),
                            "1.50",
                            "c-" + UUID.randomUUID(),
                            null,
                            "Вопрос модели: «Как приготовить борщ на большую семью за один вечер?»"),
                    java.util.Locale.ROOT);
        });

        browser.navigate().refresh();

        assertThat(browser.findElement(By.id("funds")).getText()).isEqualTo(funds);
        assertThat(browser.findElement(By.id("spending")).getText())
                .contains("ai-chat-with-a-rather-long-client-identifier")
                .contains(charged);
        browser.manage().window().setSize(new Dimension(1366, 900));
        chromium.screenshot("dashboard-spending-" + language + "-1366");
        var js = (JavascriptExecutor) browser;
        for (int width : new int[] {390, 320}) {
            browser.manage().window().setSize(new Dimension(width, 844));
            js.executeScript("document.getElementById('spending').scrollIntoView()");
            chromium.screenshot("dashboard-spending-" + language + "-" + width);
            Number page = (Number) js.executeScript("return document.documentElement.scrollWidth");
            Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth");
            assertThat(page.intValue()).as("page width at %d px", width).isLessThanOrEqualTo(viewport.intValue());
        }
    }
}
