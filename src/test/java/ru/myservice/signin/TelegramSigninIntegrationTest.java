package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Telegram sign-in through the page's form post, as the widget's data arrives in a browser. */
class TelegramSigninIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);

    private static long newTelegramId() {
        return ThreadLocalRandom.current().nextLong(100_000_000L, 9_000_000_000L);
    }

    private static Map<String, String> login(long id) {
        return SharedApp.telegram()
                .signedLogin(
                        SharedApp.TELEGRAM_TOKEN,
                        id,
                        "Мария",
                        "Иванова",
                        "maria_" + id,
                        null,
                        Instant.now().getEpochSecond());
    }

    private static java.net.http.HttpResponse<String> post(
            TestBrowser browser, AppInstance app, Map<String, String> fields) {
        var signin = browser.open(app.url("/signin"));
        var form = new HashMap<>(fields);
        form.put("_csrf", TestBrowser.csrf(signin));
        return browser.follow(browser.post(app.url("/signin/telegram"), form));
    }

    @Test
    void theSigninPageOffersTelegramWithTheBotsId() {
        var page = new TestBrowser().open(app.url("/signin"));

        assertThat(page.body())
                .contains("id=\"signin-telegram\"")
                .contains("data-bot-id=\"7000000001\"")
                .contains("Войти через Telegram");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains(SharedApp.telegram().baseUri().toString());
    }

    @Test
    void aSignedLoginLandsOnTheDashboardWithATelegramAccountWithoutEmail() {
        long id = newTelegramId();
        var page = post(new TestBrowser(), app, login(id));

        assertThat(page.uri().getPath()).isEqualTo("/dashboard");
        assertThat(page.body())
                .contains("Мария Иванова")
                .contains("0,00\u00a0₽")
                .contains("Адрес почты не указан");
        assertThat(db.sql("select a.email from accounts a join identities i on i.account_id = a.id"
                                + " where i.provider = 'telegram' and i.subject = :s")
                        .param("s", Long.toString(id))
                        .query(String.class)
                        .optional()
                        .orElse(null))
                .isNull();
    }

    @Test
    void theSameSignedDataIsAcceptedOnce() {
        var fields = login(newTelegramId());
        post(new TestBrowser(), app, fields);

        var replay = post(new TestBrowser(), app, fields);

        assertThat(replay.uri().getPath()).isEqualTo("/signin");
        assertThat(replay.body()).contains("уже использованы");
    }

    @Test
    void tamperedOrStaleDataIsRefusedWithAMessageAndNoAccount() {
        long id = newTelegramId();
        var tampered = new HashMap<>(login(id));
        tampered.put("first_name", "Злоумышленник");
        var page = post(new TestBrowser(), app, tampered);
        assertThat(page.uri().getPath()).isEqualTo("/signin");
        assertThat(page.body()).contains("не прошли проверку");

        var stale = SharedApp.telegram()
                .signedLogin(
                        SharedApp.TELEGRAM_TOKEN,
                        id,
                        "Мария",
                        null,
                        null,
                        null,
                        Instant.now().minusSeconds(3600).getEpochSecond());
        var late = post(new TestBrowser(), app, stale);
        assertThat(TestBrowser.query(late.uri())).containsEntry("error", "expired");

        var missing = new HashMap<>(login(id));
        missing.remove("hash");
        assertThat(TestBrowser.query(post(new TestBrowser(), app, missing).uri()))
                .containsEntry("error", "invalid");

        assertThat(db.sql("select count(*) from identities where provider = 'telegram' and subject = :s")
                        .param("s", Long.toString(id))
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void withoutTheCsrfTokenNobodyIsSignedIn() {
        var response = new TestBrowser().post(app.url("/signin/telegram"), login(newTelegramId()));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aSignedInPersonLinksTelegramFromTheDashboard() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        assertThat(dashboard.body()).contains("id=\"link-telegram\"");
        var start = browser.post(app.url("/link/telegram"), Map.of("_csrf", TestBrowser.csrf(dashboard)));
        var linkPage = browser.follow(start);
        assertThat(linkPage.uri().getPath()).isEqualTo("/link/telegram");
        long id = newTelegramId();
        var form = new HashMap<>(login(id));
        form.put("_csrf", TestBrowser.csrf(dashboard));

        var linked = browser.follow(browser.post(app.url("/signin/telegram"), form));

        assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(linked.body()).contains("id=\"notice\"").contains("Telegram");
        String vkAccount = db.sql("select account_id::text from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(String.class)
                .single();
        assertThat(db.sql("select account_id::text from identities where provider = 'telegram' and subject = :s")
                        .param("s", Long.toString(id))
                        .query(String.class)
                        .single())
                .isEqualTo(vkAccount);
    }
}
