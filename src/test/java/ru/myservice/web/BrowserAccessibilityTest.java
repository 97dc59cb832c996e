package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;

/**
 * The pages as a person with a screen reader, a keyboard or a phone meets them: axe-core (vendored in
 * test resources and injected through the browser, so the pages' Content-Security-Policy stays as strict
 * as it is) finds nothing serious or critical — colour contrast included — on the sign-in page, the
 * e-mail code page, the dashboard, the account's own pages (the profile with its choices of main e-mail
 * and picture among them) and the open top-up window, at 1366 and 390 px, in Russian and
 * English; every control shows where focus is; the × is called what it says; history pages keep focus
 * and the address.
 */
class BrowserAccessibilityTest {

    private static final String AXE = resource("/axe-core/axe.min.js");

    /** Sixty characters, a double-barrelled surname among them. */
    private static final String FIRST_NAME = "Констанция-Александровна";

    private static final String LAST_NAME = "Римская-Корсакова-Салтыкова-Щедрина";

    private static final Dimension DESKTOP = new Dimension(1366, 900);
    private static final Dimension PHONE = new Dimension(390, 844);

    static FakeYooKassa yookassa;
    static AppInstance app;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private JavascriptExecutor js;
    private WebDriverWait wait;

    @BeforeAll
    static void start() {
        yookassa = FakeYooKassa.start(0);
        yookassa.registerShop("a11y-shop", "a11y_secret");
        Map<String, String> settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.topup.shop-id", "a11y-shop");
        settings.put("myservice.topup.secret-key", "a11y_secret");
        settings.put("myservice.topup.api-url", yookassa.apiUri().toString());
        settings.put("myservice.topup.widget-url", yookassa.widgetScriptUri().toString());
        settings.put("myservice.topup.reconcile-after", "1h");
        // The fake notifies from 127.0.0.1, which must therefore be YooKassa's address and not a proxy's.
        settings.put("myservice.topup.webhook-addresses", "127.0.0.1/32");
        settings.put("myservice.trusted-proxies", "127.0.0.3/32");
        app = AppInstance.start(SharedApp.providers(), settings);
        yookassa.setWebhookUrl(URI.create(app.url("/api/payment/webhook")));
    }

    @AfterAll
    static void stop() {
        app.close();
        yookassa.close();
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void startChromium(String language) {
        chromium = HeadlessChromium.startOrSkip(language);
        browser = chromium.driver();
        js = (JavascriptExecutor) browser;
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @Test
    void russianPagesHaveNoSeriousProblemsOnADesktopOrAPhone() {
        startChromium("ru-RU");
        assertThat(walkThroughEveryPage("ru")).isEqualTo("Закрыть");
    }

    @Test
    void englishPagesHaveNoSeriousProblemsOnADesktopOrAPhone() {
        startChromium("en-US");
        assertThat(walkThroughEveryPage("en")).isEqualTo("Close");
    }

    @Test
    void historyPagesKeepFocusAndTheAddressOnADesktopAndAPhone() {
        startChromium("ru-RU");
        signInWithGoogle();
        startPayments(21);

        for (Dimension size : List.of(DESKTOP, PHONE)) {
            browser.manage().window().setSize(size);
            browser.get(app.url("/dashboard"));
            assertThat(shownPage()).isEqualTo("1");

            browser.findElement(By.cssSelector("#history a[rel=next]")).click();
            wait.until(d -> shownPage().equals("2"));
            assertThat(js.executeScript("return document.activeElement.matches('#history .pager a[rel=next]')"))
                    .as("focus on «Старше» again at %d px", size.getWidth())
                    .isEqualTo(true);
            assertThat(js.executeScript("return location.search + location.hash"))
                    .isEqualTo("?page=2#history");
            assertThat(browser.findElement(By.id("history-announce")).getDomProperty("textContent"))
                    .isEqualTo("Страница 2 из 3");
            chromium.screenshot("a11y-history-page-2-" + size.getWidth());

            // From the keyboard onwards to the last page, which has no «Старше»: focus goes to the heading.
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            wait.until(d -> shownPage().equals("3"));
            assertThat(js.executeScript("return document.activeElement.id")).isEqualTo("history-title");
            assertThat(js.executeScript("return location.search")).isEqualTo("?page=3");

            browser.navigate().back();
            wait.until(d -> shownPage().equals("2"));
            browser.navigate().back();
            wait.until(d -> shownPage().equals("1"));
            assertThat(js.executeScript("return location.search")).isEqualTo("");
            assertThat(browser.findElement(By.cssSelector("#history .pager")).getText())
                    .contains("Страница 1 из 3", "Старше")
                    .doesNotContain("Новее");

            browser.navigate().forward();
            wait.until(d -> shownPage().equals("2"));
            // The address alone brings the same page back, as the server renders it.
            browser.navigate().refresh();
            assertThat(shownPage()).isEqualTo("2");
            assertThat(browser.findElement(By.cssSelector("#history .pager")).getText())
                    .contains("Новее", "Страница 2 из 3", "Старше");
        }
    }

    private String shownPage() {
        return (String) js.executeScript("return document.getElementById('history').dataset.page");
    }

    /**
     * Checks the sign-in page, the code page, the dashboard, the account's own pages and the open top-up
     * window at both sizes and
     * fails with everything found; returns the accessible name of the window's ×.
     */
    private String walkThroughEveryPage(String language) {
        List<String> problems = new ArrayList<>();
        browser.get(app.url("/signin"));
        problems.addAll(check("signin", language, true));

        browser.findElement(By.id("email")).sendKeys("reader-" + UUID.randomUUID() + "@example.ru");
        browser.findElement(By.id("email-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        problems.addAll(check("email-code", language, true));

        signInWithGoogle();
        List<String> ids = startPayments(12);
        // The newest two, so the first page of the history shows every kind of status.
        payAndDecline(ids.getLast(), ids.get(ids.size() - 2));
        problems.addAll(check("dashboard", language, true));
        // A second verified address, so the profile offers the main e-mail as a choice too.
        addAddress("second-" + UUID.randomUUID() + "@example.ru");

        // The account's own pages: sessions and activity, the profile's choices, confirmations.
        for (String page : List.of("/sessions", "/profile", "/confirm", "/signout/everywhere", "/account/delete")) {
            browser.get(app.url(page));
            problems.addAll(check(page.substring(1).replace('/', '-'), language, true));
            if (page.equals("/profile")) {
                assertThat(browser.findElements(By.cssSelector("input[name=email]")))
                        .as("the addresses checked as a radio group")
                        .hasSize(2);
            }
        }
        browser.get(app.url("/dashboard"));

        // Opened from the keyboard, as a keyboard user would, so the focus ring on × is the one they see.
        browser.manage().window().setSize(DESKTOP);
        var amount = browser.findElement(By.id("topup-amount"));
        amount.clear();
        amount.sendKeys("500", Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#yk-container iframe")));
        wait.until(d -> "topup-close".equals(js.executeScript("return document.activeElement.id")));
        problems.addAll(check("topup-window", language, false));

        assertThat(problems).as("accessibility problems").isEmpty();
        var close = browser.findElement(By.id("topup-close"));
        // The name comes from the button's own text (the glyph is hidden from screen readers), not from a
        // label nobody can see.
        assertThat(close.getDomAttribute("aria-label")).isNull();
        assertThat(close.findElement(By.cssSelector("[aria-hidden=true]")).getText())
                .isEqualTo("×");
        assertThat((String) js.executeScript("return arguments[0].textContent", close))
                .contains(close.getAccessibleName());
        return close.getAccessibleName();
    }

    /**
     * axe-core at desktop and phone size, and, with {@code tabThrough}, the focus ring of every stop of the
     * Tab key; screenshots of both sizes go to {@code target/screenshots}.
     */
    private List<String> check(String page, String language, boolean tabThrough) {
        List<String> problems = new ArrayList<>();
        for (Dimension size : List.of(DESKTOP, PHONE)) {
            browser.manage().window().setSize(size);
            js.executeScript("window.scrollTo(0, 0)");
            String where = page + " (" + language + ", " + size.getWidth() + " px)";
            chromium.screenshot("a11y-" + page + "-" + language + "-" + size.getWidth());
            problems.addAll(axe(where));
            problems.addAll(
                    tabThrough ? tabWalkRingProblems(where) : focusRingProblems(where, List.of(focusedControl())));
        }
        return problems;
    }

    private static final String RUN_AXE = """
            const done = arguments[arguments.length - 1];
            // Single letters count too: the logo tiles («Я», «G») are read as text.
            window.axe.configure({ checks: [{ id: 'color-contrast', options: { ignoreLength: true } }] });
            // The widget's iframe holds YooKassa's page, not ours: its element is checked, its inside is not.
            window.axe.run(document, { iframes: false, resultTypes: ['violations'] })
                .then((results) => done(results.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => ({
                        id: v.id,
                        impact: v.impact,
                        help: v.help,
                        nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')),
                    }))))
                .catch((error) => done([{ id: 'axe-error', impact: 'critical', help: String(error), nodes: [] }]));
            """;

    /** Serious and critical violations, one line each with the rule, impact, selectors and what is wrong. */
    @SuppressWarnings("unchecked")
    private List<String> axe(String where) {
        if (!Boolean.TRUE.equals(js.executeScript("return window.axe !== undefined"))) {
            // Run by the test browser itself, so the page's policy need not allow any script for it.
            js.executeScript(AXE);
        }
        var violations = (List<Map<String, Object>>) js.executeAsyncScript(RUN_AXE);
        return violations.stream()
                .map(v -> where + ": " + v.get("id") + " (" + v.get("impact") + ") " + v.get("help") + "\n    "
                        + String.join("\n    ", (List<String>) v.get("nodes")))
                .toList();
    }

    /**
     * Walks the page with Tab and measures each stop's ring while the key has just put focus there, as
     * a keyboard user sees it (a script's focus() may or may not count as keyboard focus).
     */
    private List<String> tabWalkRingProblems(String where) {
        js.executeScript("document.activeElement?.blur()");
        for (int i = 0; i < 60; i++) {
            if (tab().equals("body")) {
                break;
            }
        }
        List<String> problems = new ArrayList<>();
        int stops = 0;
        for (String stop = tab(); !stop.equals("body") && stops < 60; stop = tab()) {
            stops++;
            problems.addAll(focusRingProblems(where, List.of(stop)));
        }
        assertThat(stops).as("places reached with Tab on %s", where).isPositive();
        return problems;
    }

    private String tab() {
        new Actions(browser).sendKeys(Keys.TAB).perform();
        return focusedControl();
    }

    private static final String FOCUSED = """
            const e = document.activeElement;
            if (!e || e === document.body) return 'body';
            if (!e.dataset.focusProbe) e.dataset.focusProbe = String(document.querySelectorAll('[data-focus-probe]').length + 1);
            return e.dataset.focusProbe;
            """;

    /** Marks the focused element so its ring can be measured later; returns the mark. */
    private String focusedControl() {
        return (String) js.executeScript(FOCUSED);
    }

    private static final String FOCUS_RING = """
            const rgb = (color) => (color.match(/[\\d.]+/g) ?? []).map(Number);
            const luminance = ([r, g, b]) => {
                const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
                return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
            };
            const backgroundBehind = (element) => {
                for (let e = element; e; e = e.parentElement) {
                    const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length === 3 || c[3] === 1) return c;
                }
                return [255, 255, 255];
            };
            const problems = [];
            for (const mark of arguments[0]) {
                const e = document.querySelector(`[data-focus-probe="${mark}"]`);
                if (!e || e.tagName === 'IFRAME') continue;
                if (e !== document.activeElement) e.focus({ focusVisible: true });
                const style = getComputedStyle(e);
                const name = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} «${(e.textContent || e.value || '').trim().slice(0, 40)}»`;
                const width = parseFloat(style.outlineWidth);
                if (style.outlineStyle === 'none' || !(width >= 2)) {
                    problems.push(`${name}: outline ${style.outlineStyle} ${style.outlineWidth}`);
                    continue;
                }
                // An outline with an offset is drawn on what surrounds the control.
                const behind = parseFloat(style.outlineOffset) > 0 ? backgroundBehind(e.parentElement) : backgroundBehind(e);
                const [a, b] = [luminance(rgb(style.outlineColor)), luminance(behind)].sort((x, y) => y - x);
                const ratio = (a + 0.05) / (b + 0.05);
                if (ratio < 3) {
                    problems.push(`${name}: outline ${style.outlineColor} on rgb(${behind}) is ${ratio.toFixed(2)}:1`);
                }
            }
            return problems;
            """;

    /** Controls whose focus ring is missing, thinner than 2 px, or under 3:1 against what surrounds it. */
    @SuppressWarnings("unchecked")
    private List<String> focusRingProblems(String where, List<String> marks) {
        assertThat(marks).doesNotContain("body");
        var found = (List<String>) js.executeScript(FOCUS_RING, marks);
        return found.stream()
                .map(problem -> where + ": focus ring of " + problem)
                .toList();
    }

    private void signInWithGoogle() {
        browser.get(app.url("/signin"));
        browser.findElement(By.id("signin-google")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        var person = Person.fresh();
        for (var field : Map.of(
                        "subject",
                        person.subject(),
                        "first_name",
                        FIRST_NAME,
                        "last_name",
                        LAST_NAME,
                        // Google's addresses are verified, so a shared one would join every test's account into one.
                        "email",
                        "reader-" + person.subject() + "@example.ru")
                .entrySet()) {
            var input = browser.findElement(By.id(field.getKey()));
            input.clear();
            input.sendKeys(field.getValue());
        }
        browser.findElement(By.id("allow")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("topup-amount")));
    }

    /** Adds an address from the dashboard with the code from its letter. */
    private void addAddress(String address) {
        browser.get(app.url("/dashboard"));
        browser.findElement(By.id("link-email-address")).sendKeys(address);
        browser.findElement(By.id("link-email")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        browser.findElement(By.id("code")).sendKeys(SharedApp.mail().latestCode(address));
        browser.findElement(By.id("code-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
    }

    private static final String START_PAYMENTS = """
            const done = arguments[arguments.length - 1];
            const header = document.querySelector('meta[name="csrf-header"]').content;
            const token = document.querySelector('meta[name="csrf-token"]').content;
            (async () => {
                const ids = [];
                for (let i = 0; i < arguments[0]; i++) {
                    const response = await fetch('/api/topups', {
                        method: 'POST',
                        headers: { 'Content-Type': 'application/json', Accept: 'application/json', [header]: token },
                        body: JSON.stringify({ amount: String(101 + i) }),
                    });
                    const body = await response.json();
                    if (!response.ok) throw new Error(response.status + ' ' + JSON.stringify(body));
                    ids.push(body.paymentId);
                }
                return ids;
            })().then(done, (error) => done(String(error)));
            """;

    /** Starts {@code count} top-ups of different amounts from the dashboard, as its form does; their ids. */
    @SuppressWarnings("unchecked")
    private List<String> startPayments(int count) {
        Object ids = js.executeAsyncScript(START_PAYMENTS, count);
        assertThat(ids).as("payments started").isInstanceOf(List.class);
        return (List<String>) ids;
    }

    /** One payment paid and one declined at YooKassa; waits until the history on the page shows both. */
    private void payAndDecline(String paid, String declined) {
        yookassa.pay(yookassaId(paid));
        yookassa.decline(yookassaId(declined), "insufficient_funds");
        wait.until(d -> {
            d.navigate().refresh();
            return !d.findElements(By.cssSelector("#history .status-succeeded")).isEmpty()
                    && !d.findElements(By.cssSelector("#history .status-canceled"))
                            .isEmpty();
        });
    }

    private static String yookassaId(String ours) {
        return yookassa.payments().stream()
                .filter(p -> ours.equals(p.path("metadata").path("payment_id").asString()))
                .map(p -> p.path("id").asString())
                .findFirst()
                .orElseThrow();
    }

    private static String resource(String name) {
        try (InputStream in = BrowserAccessibilityTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
