package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/**
 * Sessions live server-side, carry safe cookie flags, begin only when something must be kept, stay
 * short until sign-in, and die when the person signs out.
 */
class SessionIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);

    @Test
    void theSessionCookieIsHttpOnlyAndLaxAndNotSecureOnPlainHttp() {
        var browser = new TestBrowser();
        var signin = browser.get(app.url("/oauth2/authorization/vk"));

        String cookie = signin.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void theCsrfCookieIsHttpOnlyAndLaxAndNotSecureOnPlainHttp() {
        var signin = new TestBrowser().get(app.url("/signin"));

        String cookie = signin.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("XSRF-TOKEN="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie)
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Path=/")
                .doesNotContain("Secure");
    }

    @Test
    void lookingAtTheSigninPageStoresNoSession() {
        long start = System.currentTimeMillis();

        for (int i = 0; i < 50; i++) {
            var visitor = new TestBrowser();
            var page = visitor.get(app.url("/signin"));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(TestBrowser.csrf(page)).isNotBlank();
            // A crawler following the code page's address is only sent back.
            assertThat(visitor.open(app.url("/signin/email/code")).uri().getPath())
                    .isEqualTo("/signin");
            assertThat(visitor.cookie("SESSION")).isEmpty();
        }

        assertThat(db.sql("select count(*) from sessions where creation_time >= :start")
                        .param("start", start)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aSessionBegunAtAProviderButtonEndsAfterAQuarterOfAnHourUnused() {
        var browser = new TestBrowser();
        URI authorize = ProviderFlow.start(browser, app, "vk");
        assertThat(maxInactiveInterval(browser)).isEqualTo(Duration.ofMinutes(15));

        // The person comes back from the provider after sixteen minutes.
        lastUsedAgo(browser, Duration.ofMinutes(16));
        var page = browser.open(
                ProviderFlow.consent(browser, authorize, Person.fresh(), true).toString());

        assertThat(page.uri().getPath()).isEqualTo("/signin");
        assertThat(page.body()).contains("Время на вход истекло");
    }

    @Test
    void signingInKeepsTheSessionForTheConfiguredIdleTimeout() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "google", person);
        assertThat(maxInactiveInterval(browser)).isEqualTo(Duration.ofDays(7));

        lastUsedAgo(browser, Duration.ofDays(6));
        var dashboard = browser.get(app.url("/dashboard"));

        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains(person.fullName());
    }

    @Test
    void theDashboardRequiresSigningInAndReturnsThereAfterwards() {
        var browser = new TestBrowser();
        var first = browser.get(app.url("/dashboard"));
        assertThat(TestBrowser.location(first).getPath()).isEqualTo("/signin");

        var page = ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        assertThat(page.uri().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void signingOutWithoutTheCsrfTokenIsRefused() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);

        var response = browser.post(app.url("/signout"), Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(browser.open(app.url("/dashboard")).body()).contains(person.fullName());
    }

    @Test
    void signingOutDeletesTheSessionOnTheServer() {
        var browser = new TestBrowser();
        var dashboard = ProviderFlow.signIn(browser, app, "yandex", Person.fresh());
        String stolen = browser.cookie("SESSION").orElseThrow().getValue();
        String account = SigninTestSupport.accountId(db, browser);
        assertThat(sessionsOf(account)).isEqualTo(1);

        var out = browser.open(signOut(browser, dashboard.body(), "/signout"));

        assertThat(out.uri().getPath()).isEqualTo("/signin");
        assertThat(out.body()).contains("Вы вышли");
        assertThat(sessionsOf(account)).isZero();
        var thief = new TestBrowser();
        thief.setCookie(app.url("/"), "SESSION", stolen);
        assertThat(TestBrowser.location(thief.get(app.url("/dashboard"))).getPath())
                .isEqualTo("/signin");
    }

    @Test
    void signingOutEverywhereEndsTheOtherDevicesToo() {
        Person person = Person.fresh();
        var phone = new TestBrowser();
        var laptop = new TestBrowser();
        ProviderFlow.signIn(phone, app, "google", person);
        var dashboard = ProviderFlow.signIn(laptop, app, "google", person);
        String account = SigninTestSupport.accountId(db, laptop);
        assertThat(sessionsOf(account)).isEqualTo(2);

        var told = laptop.open(signOut(laptop, dashboard.body(), "/signout/everywhere"));

        assertThat(told.body()).contains("Вы вышли на всех устройствах");
        assertThat(sessionsOf(account)).isZero();
        var phonePage = phone.open(app.url("/dashboard"));
        assertThat(phonePage.uri().getPath()).isEqualTo("/signin");
        assertThat(phonePage.body()).contains("Сеанс завершён — войдите снова");
        assertThat(TestBrowser.location(laptop.get(app.url("/dashboard"))).getPath())
                .isEqualTo("/signin");
    }

    private String signOut(TestBrowser browser, String dashboardHtml, String path) {
        var response = browser.post(app.url(path), Map.of("_csrf", TestBrowser.csrf(dashboardHtml)));
        assertThat(TestBrowser.isRedirect(response)).isTrue();
        return TestBrowser.location(response).toString();
    }

    private Duration maxInactiveInterval(TestBrowser browser) {
        return Duration.ofSeconds(db.sql("select max_inactive_interval from sessions where session_id = :id")
                .param("id", SigninTestSupport.sessionId(browser))
                .query(Integer.class)
                .single());
    }

    /** Moves the session's last use into the past, as if the browser had been away that long. */
    private void lastUsedAgo(TestBrowser browser, Duration ago) {
        int updated = db.sql("""
                        update sessions set last_access_time = last_access_time - :ms, expiry_time = expiry_time - :ms
                        where session_id = :id
                        """)
                .param("ms", ago.toMillis())
                .param("id", SigninTestSupport.sessionId(browser))
                .update();
        assertThat(updated).isEqualTo(1);
    }

    private int sessionsOf(String account) {
        return db.sql("select count(*) from sessions where principal_name = :p")
                .param("p", account)
                .query(Integer.class)
                .single();
    }
}
