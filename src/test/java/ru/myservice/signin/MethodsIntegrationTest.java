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
