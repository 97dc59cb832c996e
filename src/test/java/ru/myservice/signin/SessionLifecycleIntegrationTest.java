package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestClock;

/** Sessions across restarts, their maximum age, and a deployment with only some providers set up. */
class SessionLifecycleIntegrationTest {

    /** An instance whose signed-in sessions end after two minutes unused, so idleness is quick to reach. */
    private static AppInstance shortIdle;

    @AfterAll
    static void stop() {
        if (shortIdle != null) {
            shortIdle.close();
        }
    }

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

    @Test
    void aSessionUsedEveryHalfMinuteOutlivesItsIdleTimeoutAndIsWrittenAtMostOnceAMinute() {
        var app = shortIdle();
        var db = app.bean(JdbcClient.class);
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);

        // Six requests half a minute apart: three minutes in all, longer than the two-minute idle timeout.
        for (int step = 1; step <= 6; step++) {
            passes(db, browser, Duration.ofSeconds(30));
            long storedBefore = lastAccess(db, browser);

            var page = browser.get(app.url("/dashboard"));

            assertThat(page.statusCode()).as("request %d", step).isEqualTo(200);
            assertThat(page.body()).contains(person.fullName());
            long storedAfter = lastAccess(db, browser);
            if (step % 2 == 1) {
                assertThat(storedAfter)
                        .as("a use half a minute after the stored one is not written")
                        .isEqualTo(storedBefore);
            } else {
                assertThat(storedAfter)
                        .as("a use a minute after the stored one is written")
                        .isGreaterThanOrEqualTo(
                                storedBefore + Duration.ofMinutes(1).toMillis());
            }
        }
    }

    @Test
    void aSessionUnusedForItsIdleTimeoutEnds() {
        var app = shortIdle();
        var db = app.bean(JdbcClient.class);
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());
        passes(db, browser, Duration.ofSeconds(50));
        assertThat(browser.get(app.url("/dashboard")).statusCode()).isEqualTo(200);

        // Unused for a little over the idle timeout after that request.
        passes(db, browser, Duration.ofMinutes(2).plusSeconds(1));
        var later = browser.get(app.url("/dashboard"));

        assertThat(TestBrowser.location(later).getPath()).isEqualTo("/signin");
    }

    private static synchronized AppInstance shortIdle() {
        if (shortIdle == null) {
            shortIdle = AppInstance.start(SharedApp.providers(), Map.of("myservice.session.idle-timeout", "2m"));
        }
        return shortIdle;
    }

    /** Moves the stored times of the browser's session back, as if this much time had passed. */
    private static void passes(JdbcClient db, TestBrowser browser, Duration time) {
        int updated = db.sql("""
                        update sessions set last_access_time = last_access_time - :ms,
                            creation_time = creation_time - :ms, expiry_time = expiry_time - :ms
                        where session_id = :id
                        """)
                .param("ms", time.toMillis())
                .param("id", SigninTestSupport.sessionId(browser))
                .update();
        assertThat(updated).isEqualTo(1);
    }

    private static long lastAccess(JdbcClient db, TestBrowser browser) {
        return db.sql("select last_access_time from sessions where session_id = :id")
                .param("id", SigninTestSupport.sessionId(browser))
                .query(Long.class)
                .single();
    }
}
