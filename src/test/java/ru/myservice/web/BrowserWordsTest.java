package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * The words and small details a person reads on the sign-in, code and dashboard pages, in both
 * languages, on a phone and on a desktop: dates in words, one name per provider, tab titles, tidy
 * buttons, and tables whose status pills never break.
 */
class BrowserWordsTest {

    private static final List<String> RUSSIAN_MONTHS = List.of(
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря");
    private static final List<String> ENGLISH_MONTHS = List.of(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December");

    private final AppInstance app = SharedApp.app();
    private HeadlessChromium chromium;
    private WebDriver browser;
    private WebDriverWait wait;

    private void start(String language, int width) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        browser.manage().window().setSize(new Dimension(width, width < 500 ? 844 : 900));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private boolean english() {
        return "en".equals(browser.findElement(By.tagName("html")).getDomAttribute("lang"));
    }

    /** Today in Moscow as the page should write it, spelled out here rather than by the app's formatter. */
    private String today() {
        var day = LocalDate.now(ZoneId.of("Europe/Moscow"));
        int month = day.getMonthValue() - 1;
        return english()
                ? ENGLISH_MONTHS.get(month) + " " + day.getDayOfMonth() + ", " + day.getYear()
                : day.getDayOfMonth() + " " + RUSSIAN_MONTHS.get(month) + " " + day.getYear() + " г.";
    }

    /** A provider button's words, without its logo tile. */
    private static String label(WebElement button) {
        return text(button.findElement(By.cssSelector("span:not(.provider-logo)")));
    }

    /** The text as read, with no-break spaces read as the spaces they are. */
    private static String text(WebElement element) {
        return element.getText().replace('\u00a0', ' ');
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    private void assertTitleSaysEachWordOnce() {
        String title = browser.getTitle();
        var words = Arrays.stream(title.toLowerCase().split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .toList();
        assertThat(words).as("title «%s»", title).isNotEmpty().doesNotHaveDuplicates();
    }

    private UUID signInWithVk() {
        Person person = Person.fresh();
        browser.get(app.url("/signin"));
        browser.findElement(By.id("signin-vk")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        browser.findElement(By.id("subject")).clear();
        browser.findElement(By.id("subject")).sendKeys(person.subject());
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        return app.bean(JdbcClient.class)
                .sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
    }

    /** A top-up as the history lists it; the longest status and amount make the widest row. */
    private void payment(UUID account, String amount, String status, String reason) {
        app.bean(JdbcClient.class)
                .sql("""
                        insert into payments (id, user_id, amount, status, idempotence_key, description, cancellation_reason)
                        values (:id, :account, :amount, :status, :key, 'Пополнение баланса', :reason)""")
                .param("id", UUID.randomUUID())
                .param("account", account)
                .param("amount", new BigDecimal(amount))
                .param("status", status)
                .param("key", UUID.randomUUID().toString())
                .param("reason", reason)
                .update();
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"ru-RU, 390", "ru-RU, 1366", "en-US, 390", "en-US, 1366"})
    void theDashboardWritesDatesInWordsAndKeepsItsTablesTidy(String language, int width) {
        start(language, width);
        UUID account = signInWithVk();
        payment(account, "1500.00", "canceled", "insufficient_funds");
        payment(account, "100000.00", "pending", null);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history tbody tr")));
        chromium.screenshot("words-dashboard-" + language + "-" + width);

        String today = today();
        assertThat(text(browser.findElement(By.cssSelector("#methods .method-date"))))
                .isEqualTo((english() ? "linked on " : "привязан ") + today);
        var newest = browser.findElement(By.cssSelector("#history tbody tr"));
        assertThat(text(newest.findElement(By.cssSelector(".when"))))
                .matches(today.replace(".", "\\.") + ", \\d\\d:\\d\\d");
        assertThat(text(newest)).contains(english() ? "100,000.00 ₽" : "100 000,00 ₽");

        var pill = newest.findElement(By.cssSelector(".status"));
        assertThat(text(pill)).isEqualTo(english() ? "awaiting payment" : "ожидает оплаты");
        double height = ((Number) script("return arguments[0].getBoundingClientRect().height", pill)).doubleValue();
        double line =
                ((Number) script("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", pill)).doubleValue();
        assertThat(height).as("the status pill is one line high").isLessThan(line * 1.5);
        if (width > 720) {
            // The date column is as wide as its dates, not a third of the table.
            double spare = ((Number) script("""
                            const cell = arguments[0];
                            const range = document.createRange();
                            range.selectNodeContents(cell);
                            return cell.getBoundingClientRect().width - range.getBoundingClientRect().width;""", newest.findElement(By.cssSelector(".when")))).doubleValue();
            assertThat(spare).as("room left beside the date").isLessThan(40);
        }

        var buttons = browser.findElements(By.cssSelector(".link-list .provider-button"));
        assertThat(buttons).hasSize(3);
        assertThat(buttons.stream().map(button -> button.getRect().getWidth()).distinct())
                .as("«%s» buttons of one width", english() ? "Link" : "Привязать")
                .hasSize(1);
        assertThat(buttons.stream().map(button -> button.getRect().getHeight()).distinct())
                .hasSize(1);
        assertThat(buttons.stream().map(BrowserWordsTest::label))
                .containsExactly(
                        english()
                                ? new String[] {"Link Google", "Link Yandex ID", "Link Telegram"}
                                : new String[] {"Привязать Google", "Привязать Яндекс ID", "Привязать Telegram"});
        assertThat(text(browser.findElement(By.cssSelector("#methods .method-name"))))
                .isEqualTo("VK ID");
        assertThat(browser.getTitle()).isEqualTo(english() ? "Personal account" : "Личный кабинет");

        browser.get(app.url("/no-such-page"));
        assertTitleSaysEachWordOnce();
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"ru-RU, 390", "ru-RU, 1366", "en-US, 390", "en-US, 1366"})
    void theSigninPagesNameProvidersOnceAndSetResendApartFromTheLink(String language, int width) {
        start(language, width);
        browser.get(app.url("/signin"));
        assertTitleSaysEachWordOnce();
        var names = browser.findElements(By.cssSelector(".provider-list .provider-button")).stream()
                .map(BrowserWordsTest::label)
                .toList();
        assertThat(names)
                .containsExactly(
                        english()
                                ? new String[] {
                                    "Sign in with VK ID",
                                    "Sign in with Google",
                                    "Sign in with Yandex ID",
                                    "Sign in with Telegram"
                                }
                                : new String[] {
                                    "Войти через VK ID",
                                    "Войти через Google",
                                    "Войти через Яндекс ID",
                                    "Войти через Telegram"
                                });

        browser.findElement(By.id("email"))
                .sendKeys("words-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru");
        browser.findElement(By.id("email-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        chromium.screenshot("words-email-code-" + language + "-" + width);
        assertTitleSaysEachWordOnce();

        var resend = browser.findElement(By.id("code-resend"));
        var change = browser.findElement(By.id("code-change"));
        assertThat(text(resend)).isEqualTo(english() ? "Send the code again" : "Отправить код ещё раз");
        assertThat(resend.getCssValue("border-top-style"))
                .as("the resend button is outlined")
                .isEqualTo("solid");
        assertThat(resend.getRect().getHeight()).as("and as tall as a button").isGreaterThanOrEqualTo(40);
        assertThat(resend.getCssValue("text-decoration-line")).isEqualTo("none");
        assertThat(change.getCssValue("border-top-style"))
                .as("the link below is a plain link")
                .isEqualTo("none");
        assertThat(change.getCssValue("text-decoration-line")).isEqualTo("underline");
        assertThat(resend.getRect().getWidth())
                .as("as wide as «%s»", english() ? "Sign in" : "Войти")
                .isEqualTo(browser.findElement(By.id("code-submit")).getRect().getWidth());
    }
}
