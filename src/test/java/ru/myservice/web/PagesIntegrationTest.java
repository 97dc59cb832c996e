package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** The pages as a visitor meets them: language, headers, errors, redirects, health. */
class PagesIntegrationTest {

    private final AppInstance app = SharedApp.app();

    @Test
    void theSigninPageIsRussianByDefault() {
        var page = new TestBrowser().open(app.url("/signin"));

        assertThat(page.body())
                .contains("lang=\"ru\"")
                .contains("Войти через VK ID")
                .contains("Войти через Google")
                .contains("Войти через Яндекс ID");
    }

    @Test
    void theSigninPageIsEnglishForEnglishBrowsers() {
        var page = new TestBrowser().english().open(app.url("/signin"));

        assertThat(page.body())
                .contains("lang=\"en\"")
                .contains("Sign in with VK ID")
                .contains("Sign in with Yandex ID")
                .doesNotContain("Войти");
    }

    @Test
    void aChosenLanguageOutranksTheBrowsersAndIsKept() {
        var browser = new TestBrowser();

        var switched = browser.get(app.url("/signin?signedOut&lang=en"));

        assertThat(switched.statusCode()).isEqualTo(303);
        assertThat(TestBrowser.location(switched).toString()).isEqualTo(app.url("/signin?signedOut"));
        assertThat(switched.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("lang=en;")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
        assertThat(browser.open(app.url("/signin")).body())
                .as("Accept-Language asks for Russian")
                .contains("lang=\"en\"")
                .contains("Sign in with VK ID");
        assertThat(browser.open(app.url("/signin?lang=ru")).body()).contains("lang=\"ru\"");
        assertThat(browser.open(app.url("/signin")).body()).contains("Войти через VK ID");
    }

    @Test
    void theFooterLeavesOutLinksThatAreNotSet() {
        var page = new TestBrowser().open(app.url("/signin"));

        assertThat(page.body())
                .contains("id=\"language-switch\"")
                .doesNotContain("footer-links")
                .doesNotContain("id=\"footer-offer\"")
                .doesNotContain("id=\"footer-privacy\"")
                .doesNotContain("mailto:");
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        var page = new TestBrowser().open(app.url("/signin"));

        var headers = page.headers();
        assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'")
                .contains("frame-ancestors 'none'")
                .contains("script-src 'self'");
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
    }

    @Test
    void theDashboardShowsProfileBalanceAndMethods() {
        Person person = Person.fresh();
        var page = ProviderFlow.signIn(new TestBrowser(), app, "google", person);

        assertThat(page.body())
                .contains(person.fullName())
                .contains(person.email())
                .contains("подтверждён")
                .contains("0,00\u00a0₽")
                .contains("id=\"link-vk\"")
                .contains("id=\"link-yandex\"")
                .doesNotContain("id=\"link-google\"");
    }

    @Test
    void eachAccountShowsItsOwnShortNumberForSupport() {
        var db = app.bean(org.springframework.jdbc.core.simple.JdbcClient.class);
        Person one = Person.fresh();
        Person other = Person.fresh();
        long oneNumber = shownNumber(
                ProviderFlow.signIn(new TestBrowser(), app, "vk", one).body());
        long otherNumber = shownNumber(
                ProviderFlow.signIn(new TestBrowser(), app, "vk", other).body());

        assertThat(oneNumber).isGreaterThanOrEqualTo(100001);
        assertThat(otherNumber).isNotEqualTo(oneNumber);
        assertThat(db.sql("""
                        select i.subject from accounts a join identities i on i.account_id = a.id
                        where a.number = :number and i.provider = 'vk'
                        """).param("number", oneNumber).query(String.class).single())
                .as("support finds the person by the number they read out")
                .isEqualTo(one.subject());
    }

    private static long shownNumber(String html) {
        var found =
                java.util.regex.Pattern.compile("id=\"account-number\">(\\d+)<").matcher(html);
        assertThat(found.find()).as("the account number on the dashboard").isTrue();
        return Long.parseLong(found.group(1));
    }

    @Test
    void afterSignInPeopleAreNeverSentToAnotherHost() throws Exception {
        var browser = new TestBrowser();
        // A forged Host header would make the saved request point elsewhere; we redirect by path only.
        var forged = browser.get(app.url("/dashboard?tab=history"), "Host", "evil.example");
        assertThat(forged.statusCode()).isEqualTo(302);

        URI authorize = ProviderFlow.start(browser, app, "vk");
        URI callback = ProviderFlow.consent(browser, authorize, Person.fresh(), true);
        var landing = browser.get(callback.toString());

        String location = landing.headers().firstValue("Location").orElseThrow();
        assertThat(location).doesNotContain("evil.example");
        assertThat(URI.create(app.url("/")).resolve(location))
                .hasHost("localhost")
                .hasPath("/dashboard");
    }

    @Test
    void anUnknownPageGetsOurOwnErrorPage() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        var page = browser.get(app.url("/no-such-page"));

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body())
                .contains("Страница не найдена")
                .contains("/css/app.css")
                .doesNotContain("Whitelabel");
    }

    @Test
    void aFormFromAPageOlderThanTheCurrentSignInIsCalledOutdatedNotForbidden() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var before = ProviderFlow.signIn(browser, app, "vk", person);
        // Signing in again (say, in another tab) issues a new CSRF token; the old page keeps the old one.
        ProviderFlow.signIn(browser, app, "vk", person);

        var refused = browser.post(app.url("/link/yandex"), java.util.Map.of("_csrf", TestBrowser.csrf(before)));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body())
                .contains("Страница устарела")
                .contains("Открыть кабинет заново")
                .contains("Код ошибки: 403")
                .doesNotContain("Нет доступа");
    }

    @Test
    void aPageNumberThatIsNotANumberShowsTheFirstPageInsteadOfAnError() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        for (String odd : new String[] {"abc", "-1", "0", "99999999999", "1.5"}) {
            assertThat(browser.get(app.url("/dashboard?page=" + odd)).statusCode())
                    .as("?page=%s", odd)
                    .isEqualTo(200);
            assertThat(browser.get(app.url("/dashboard/history?page=" + odd)).statusCode())
                    .as("history ?page=%s", odd)
                    .isEqualTo(200);
        }
    }

    @Test
    void healthIsServedOnTheManagementPortOnly() throws Exception {
        var http = HttpClient.newHttpClient();
        String management = "http://localhost:" + app.managementPort();

        var readiness = http.send(
                HttpRequest.newBuilder(URI.create(management + "/actuator/health/readiness"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var liveness = http.send(
                HttpRequest.newBuilder(URI.create(management + "/actuator/health/liveness"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var publicPort = new TestBrowser().get(app.url("/actuator/health"));

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"").contains("\"db\"");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(publicPort.statusCode()).isEqualTo(404);
        assertThat(publicPort.body()).contains("Страница не найдена").doesNotContain("\"status\"");
    }

    @Test
    void metricsOnTheManagementPortCountPageRequestsButNotEachSecurityFilter() throws Exception {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());
        assertThat(browser.get(app.url("/dashboard")).statusCode()).isEqualTo(200);

        var metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + app.managementPort() + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/dashboard\"")
                .as("requests are timed, not also counted in flight by a second timer")
                .doesNotContain("http_server_requests_active_seconds")
                .as("no timers of security filters, authentications or authorizations")
                .doesNotContain("spring_security_");
        assertThat(new TestBrowser().get(app.url("/actuator/prometheus")).statusCode())
                .isEqualTo(404);
    }
}
