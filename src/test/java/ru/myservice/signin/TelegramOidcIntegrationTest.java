package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeProviders.Failure;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Telegram's OpenID Connect login, configured instead of the widget, under the same account rules. */
class TelegramOidcIntegrationTest {

    /** Telegram's client id is the bot's numeric id, and its ID tokens carry it as a JSON number. */
    static final String BOT_ID = "8012345678";

    static AppInstance app;

    @BeforeAll
    static void start() {
        SharedApp.providers().registerClient("telegram", BOT_ID, "telegram-oidc-secret");
        Map<String, String> settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.signin.telegram-oidc.client-id", BOT_ID);
        settings.put("myservice.signin.telegram-oidc.client-secret", "telegram-oidc-secret");
        settings.put(
                "myservice.signin.telegram-oidc.issuer", SharedApp.providers().baseUri() + "/telegram");
        app = AppInstance.start(SharedApp.providers(), settings);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aTelegramUserSignsInThroughOpenIdConnectWithoutEmail() {
        Person person = Person.fresh();

        var page = ProviderFlow.signIn(new TestBrowser(), app, "telegram", person);

        assertThat(page.uri().getPath()).isEqualTo("/dashboard");
        assertThat(page.body()).contains(person.fullName()).contains("Адрес почты не указан");
        assertThat(app.bean(JdbcClient.class)
                        .sql(
                                "select count(*) from identities where provider = 'telegram' and subject = :s and email is null")
                        .param("s", person.subject())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theButtonRunsTheOpenIdFlowInsteadOfTheWidget() {
        var page = new TestBrowser().open(app.url("/signin"));

        assertThat(page.body())
                .contains("href=\"/oauth2/authorization/telegram\"")
                .doesNotContain("data-bot-id");
    }

    @Test
    void theSameTelegramUserIsTheSameAccountWhicheverWayTheyCameIn() {
        long id = ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L);
        var widgetBrowser = new TestBrowser();
        var signin = widgetBrowser.open(SharedApp.app().url("/signin"));
        var form = new HashMap<>(SharedApp.telegram()
                .signedLogin(
                        SharedApp.TELEGRAM_TOKEN,
                        id,
                        "Пётр",
                        "Сидоров",
                        null,
                        null,
                        Instant.now().getEpochSecond()));
        form.put("_csrf", TestBrowser.csrf(signin));
        widgetBrowser.follow(widgetBrowser.post(SharedApp.app().url("/signin/telegram"), form));

        var page = ProviderFlow.signIn(
                new TestBrowser(), app, "telegram", Person.fresh().withSubject(Long.toString(id)));

        assertThat(page.body()).contains("Пётр Сидоров");
        assertThat(app.bean(JdbcClient.class)
                        .sql(
                                "select count(distinct account_id) from identities where provider = 'telegram' and subject = :s")
                        .param("s", Long.toString(id))
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anIdTokenWithoutSubjectEndsOnTheSigninPage() {
        var browser = new TestBrowser();
        var callback =
                ProviderFlow.consent(browser, ProviderFlow.start(browser, app, "telegram"), Person.fresh(), true);
        SharedApp.providers().failNext("telegram", Failure.PROFILE_WITHOUT_ID);

        var page = browser.open(callback.toString());

        assertThat(page.uri().getPath()).isEqualTo("/signin");
        assertThat(page.body()).contains("id=\"signin-error\"");
    }
}
