package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestClock;

/**
 * Unlinking a sign-in method: never the last one, and only within ten minutes of signing in or of
 * confirming by signing in again, enforced on the server whatever the page showed.
 */
class MethodsIntegrationTest {

    static final TestClock clock = new TestClock();
    static AppInstance app;
    static JdbcClient db;

    @BeforeAll
    static void start() {
        app = AppInstance.start(SharedApp.providers(), SharedApp.signinSettings(), clock);
        db = app.bean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aFreshlySignedInPersonUnlinksOneOfTwoMethodsAndItNoLongerLeadsHere() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        Person yandexSide = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        link(browser, dashboard.body(), "yandex", yandexSide);
        UUID account = app.accountOf("vk", person.subject());

        var unlinked = unlink(browser, "yandex");

        assertThat(unlinked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(unlinked.body()).contains("Яндекс ID отвязан").contains("id=\"link-yandex\"");
        assertThat(identities(account)).isEqualTo(1);
        assertThat(browser.get(app.url("/sessions")).body())
                .contains("Отвязан Яндекс ID")
                .contains("Привязан Яндекс ID");
        ProviderFlow.signIn(new TestBrowser(), app, "yandex", yandexSide);
        assertThat(app.accountOf("yandex", yandexSide.subject()))
                .as("the unlinked identity now signs in to a new, empty account")
                .isNotEqualTo(account);
    }

    @Test
    void theOnlyMethodIsNeverUnlinkedEvenByAFormThePageNeverShowed() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "google", person);
        assertThat(dashboard.body()).as("no «Отвязать» for the only method").doesNotContain("id=\"unlink-google\"");
        UUID account = app.accountOf("google", person.subject());

        var refused = unlink(browser, "google");

        assertThat(refused.body()).contains("Нельзя отвязать Google: это ваш единственный способ входа");
        assertThat(identities(account)).isEqualTo(1);
        assertThat(browser.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
    }

    @Test
    void tenMinutesAfterSigningInUnlinkingAndLinkingAskToConfirmFirst() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        link(browser, dashboard.body(), "google", Person.fresh());
        UUID account = app.accountOf("vk", person.subject());
        clock.advance(Duration.ofMinutes(11));

        var unlinkAsked = browser.post(app.url("/methods/google/unlink"), csrf(browser));
        var linkAsked = browser.post(app.url("/link/yandex"), csrf(browser));

        assertThat(TestBrowser.location(unlinkAsked).getPath()).isEqualTo("/confirm");
        assertThat(TestBrowser.location(linkAsked).getPath()).isEqualTo("/confirm");
        assertThat(identities(account)).isEqualTo(2);
        String confirmPage = browser.get(app.url("/confirm")).body();
        assertThat(confirmPage)
                .contains("Подтвердите, что это вы")
                .contains("id=\"confirm-vk\"")
                .contains("id=\"confirm-google\"")
                .doesNotContain("id=\"confirm-yandex\"");

        var confirmed = confirmWith(browser, "vk", person);

        assertThat(confirmed.uri().getPath()).isEqualTo("/dashboard");
        assertThat(confirmed.body()).contains("Вход подтверждён").contains(person.fullName());
        assertThat(unlink(browser, "google").body()).contains("Google отвязан");
        assertThat(identities(account)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(11));
        assertThat(TestBrowser.location(browser.post(app.url("/link/yandex"), csrf(browser)))
                        .getPath())
                .as("a confirmation, too, lasts ten minutes")
                .isEqualTo("/confirm");
    }

    @Test
    void confirmingWithSomeoneElsesOrAnUnknownAccountFailsAndChangesNoOne() {
        Person other = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "yandex", other);
        UUID otherAccount = app.accountOf("yandex", other.subject());
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "yandex", person);
        link(browser, dashboard.body(), "vk", Person.fresh());
        UUID account = app.accountOf("yandex", person.subject());
        int accountsBefore = accountCount();
        clock.advance(Duration.ofMinutes(11));

        var someoneElse = confirmWith(browser, "yandex", other);
        var nobody = confirmWith(browser, "yandex", Person.fresh());

        assertThat(someoneElse.uri().getPath()).isEqualTo("/confirm");
        assertThat(someoneElse.body()).contains("Этот аккаунт Яндекс ID не привязан к вашему кабинету");
        assertThat(nobody.uri().getPath()).isEqualTo("/confirm");
        assertThat(accountCount()).as("no account created by a confirmation").isEqualTo(accountsBefore);
        assertThat(browser.get(app.url("/dashboard")).body()).contains(person.fullName());
        assertThat(TestBrowser.location(browser.post(app.url("/methods/vk/unlink"), csrf(browser)))
                        .getPath())
                .as("still not fresh")
                .isEqualTo("/confirm");
        assertThat(identities(account)).isEqualTo(2);
        assertThat(identities(otherAccount)).isEqualTo(1);
    }

    @Test
    void aConfirmationCannotGoThroughAMethodTheAccountDoesNotHave() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        var refused = browser.post(app.url("/confirm/google"), csrf(browser));

        assertThat(TestBrowser.location(refused).toString()).endsWith("/confirm?error=failed");
    }

    @Test
    void anAccountThatSignsInByCodeConfirmsWithACodeToItsOwnAddress() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);
        String address = "confirm-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru";
        UUID account = app.accountOf("vk", person.subject());
        // Added earlier (codes are rate-limited per address by the database's clock, not the test's).
        db.sql("""
                        insert into identities (account_id, provider, subject, email, email_verified)
                        values (:account, 'email', :address, :address, true)
                        """).param("account", account).param("address", address).update();
        clock.advance(Duration.ofMinutes(11));
        assertThat(TestBrowser.location(browser.post(app.url("/methods/vk/unlink"), csrf(browser)))
                        .getPath())
                .isEqualTo("/confirm");
        var confirmPage = browser.get(app.url("/confirm"));
        assertThat(confirmPage.body()).contains("Получить код на " + address);

        var sent = browser.follow(browser.post(
                app.url("/confirm/email"), Map.of("address", address, "_csrf", TestBrowser.csrf(confirmPage))));
        assertThat(sent.uri().getPath()).isEqualTo("/signin/email/code");
        assertThat(sent.body()).contains(address).contains(">Подтвердить<").contains("Подтвердить другим способом");
        var confirmed = browser.follow(browser.post(
                app.url("/signin/email/code"),
                Map.of("code", SharedApp.mail().latestCode(address), "_csrf", TestBrowser.csrf(sent))));

        assertThat(confirmed.uri().getPath()).isEqualTo("/dashboard");
        assertThat(confirmed.body()).contains("Вход подтверждён").contains(person.fullName());
        assertThat(browser.get(app.url("/sessions")).body())
                .as("a confirmation is not a new sign-in: the device still says how it signed in")
                .contains("через VK ID")
                .doesNotContain("через Электронная почта");
        assertThat(unlink(browser, "vk").body()).contains("VK ID отвязан");
        assertThat(identities(account)).isEqualTo(1);
    }

    @Test
    void aCodeIsNeverSentToAnAddressThatIsNotTheAccountsOwn() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());
        String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru";

        var refused = browser.follow(browser.post(
                app.url("/confirm/email"),
                Map.of("address", stranger, "_csrf", csrf(browser).get("_csrf"))));

        assertThat(refused.uri().getPath()).isEqualTo("/confirm");
        assertThat(refused.body()).contains("Не удалось подтвердить вход кодом из письма");
        assertThat(SharedApp.mail().lettersTo(stranger))
                .as("no letter to the forged address")
                .isEmpty();
    }

    @Test
    void anAccountThatSignsInWithTelegramConfirmsThroughTelegramsWidget() {
        long telegramId = java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000_000L, 9_000_000_000L);
        var browser = new TestBrowser();
        var dashboard = postTelegram(browser, telegramId, 60);
        assertThat(dashboard.uri().getPath()).isEqualTo("/dashboard");
        link(browser, dashboard.body(), "vk", Person.fresh());
        UUID account = app.accountOf("telegram", Long.toString(telegramId));
        clock.advance(Duration.ofMinutes(11));
        assertThat(browser.get(app.url("/confirm")).body()).contains("id=\"confirm-telegram\"");

        var widget = browser.follow(browser.post(app.url("/confirm/telegram"), csrf(browser)));
        assertThat(widget.uri().getPath()).isEqualTo("/confirm/telegram");
        assertThat(widget.body()).contains("Подтверждение через Telegram").contains("data-bot-id=");
        var someoneElse = postTelegram(browser, telegramId + 1, 0);
        assertThat(someoneElse.uri().getPath()).isEqualTo("/confirm");
        assertThat(someoneElse.body()).contains("Этот аккаунт Telegram не привязан к вашему кабинету");

        browser.post(app.url("/confirm/telegram"), csrf(browser));
        var confirmed = postTelegram(browser, telegramId, 0);

        assertThat(confirmed.uri().getPath()).isEqualTo("/dashboard");
        assertThat(confirmed.body()).contains("Вход подтверждён");
        assertThat(unlink(browser, "vk").body()).contains("VK ID отвязан");
        assertThat(identities(account)).isEqualTo(1);
    }

    /** Telegram's signed login, as its widget hands it over {@code secondsAgo} (each one is accepted once). */
    private HttpResponse<String> postTelegram(TestBrowser browser, long telegramId, int secondsAgo) {
        var fields = new java.util.HashMap<>(SharedApp.telegram()
                .signedLogin(
                        SharedApp.TELEGRAM_TOKEN,
                        telegramId,
                        "Мария",
                        "Иванова",
                        "maria_" + telegramId,
                        null,
                        java.time.Instant.now().getEpochSecond() - secondsAgo));
        fields.put("_csrf", TestBrowser.csrf(browser.open(app.url("/signin"))));
        return browser.follow(browser.post(app.url("/signin/telegram"), fields));
    }

    private HttpResponse<String> confirmWith(TestBrowser browser, String provider, Person who) {
        var start = browser.post(app.url("/confirm/" + provider), csrf(browser));
        URI authorize =
                TestBrowser.location(browser.get(TestBrowser.location(start).toString()));
        URI callback = ProviderFlow.consent(browser, authorize, who, true);
        return browser.open(callback.toString());
    }

    private HttpResponse<String> unlink(TestBrowser browser, String provider) {
        var answer = browser.post(app.url("/methods/" + provider + "/unlink"), csrf(browser));
        return browser.open(TestBrowser.location(answer).toString());
    }

    private void link(TestBrowser browser, String dashboardHtml, String provider, Person who) {
        var start = browser.post(app.url("/link/" + provider), Map.of("_csrf", TestBrowser.csrf(dashboardHtml)));
        URI authorize =
                TestBrowser.location(browser.get(TestBrowser.location(start).toString()));
        URI callback = ProviderFlow.consent(browser, authorize, who, true);
        browser.open(callback.toString());
    }

    private Map<String, String> csrf(TestBrowser browser) {
        return Map.of("_csrf", TestBrowser.csrf(browser.get(app.url("/dashboard"))));
    }

    private static int identities(UUID account) {
        return db.sql("select count(*) from identities where account_id = :a")
                .param("a", account)
                .query(Integer.class)
                .single();
    }

    private static int accountCount() {
        return db.sql("select count(*) from accounts").query(Integer.class).single();
    }
}
