package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestClock;

/** Sessions across restarts, their maximum age, and a deployment with only some providers set up. */
class SessionLifecycleIntegrationTest {

    @Test
    void aSessionSurvivesAnApplicationRestart() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        try (var before = AppInstance.start(SharedApp.providers(), Map.of())) {
            ProviderFlow.signIn(browser, before, "vk", person);
        }

        try (var after = AppInstance.start(SharedApp.providers(), Map.of())) {
            var page = browser.get(after.url("/dashboard"));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(person.fullName());
        }
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverActiveAndUnconfiguredProvidersShowNoButton() {
        var clock = new TestClock();
        var overrides = Map.of(
                "myservice.session.max-age", "30d",
                "myservice.signin.yandex.client-id", "");
        try (var app = AppInstance.start(SharedApp.providers(), overrides, clock)) {
            var browser = new TestBrowser();
            var signin = browser.open(app.url("/signin"));
            assertThat(signin.body())
                    .contains("id=\"signin-vk\"")
                    .contains("id=\"signin-google\"")
                    .doesNotContain("id=\"signin-yandex\"");
            var yandex = new TestBrowser().get(app.url("/oauth2/authorization/yandex"));
            assertThat(TestBrowser.location(yandex).getPath()).isEqualTo("/signin");

            Person person = Person.fresh();
            var dashboard = ProviderFlow.signIn(browser, app, "google", person);
            assertThat(dashboard.uri().getPath()).isEqualTo("/dashboard");
            assertThat(dashboard.body()).doesNotContain("id=\"link-yandex\"").contains("id=\"link-vk\"");

            clock.advance(Duration.ofDays(30).minusMinutes(1));
            var lastMinute = browser.get(app.url("/dashboard"));
            assertThat(lastMinute.statusCode()).isEqualTo(200);
            assertThat(lastMinute.body()).contains(person.fullName());

            clock.advance(Duration.ofMinutes(2));
            var later = browser.get(app.url("/dashboard"));
            assertThat(TestBrowser.location(later).getPath()).isEqualTo("/signin");
        }
    }
}
