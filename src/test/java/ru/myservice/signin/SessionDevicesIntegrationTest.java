package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** «Сеансы и устройства»: each signed-in device listed in words, and ending sessions, on any instance. */
class SessionDevicesIntegrationTest {

    static final String ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    static final String WINDOWS_FIREFOX =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    private static final Pattern SESSION_KEY = Pattern.compile("name=\"session\" value=\"([0-9a-f]+)\"");

    private final AppInstance app = SharedApp.app();
    static AppInstance second;

    @BeforeAll
    static void startSecondInstance() {
        second = AppInstance.start(SharedApp.providers(), SharedApp.signinSettings());
    }

    @AfterAll
    static void stopSecondInstance() {
        second.close();
    }

    @Test
    void eachDeviceIsListedInWordsWithItsMethodAndThisOneFirst() {
        Person person = Person.fresh();
        var phone = new TestBrowser().userAgent(ANDROID_CHROME);
        ProviderFlow.signIn(phone, app, "vk", person);
        var laptop = new TestBrowser().userAgent(WINDOWS_FIREFOX);
        ProviderFlow.signIn(laptop, app, "vk", person);

        String page = laptop.get(app.url("/sessions")).body();

        assertThat(page)
                .contains("Chrome, Android")
                .contains("Firefox, Windows")
                .contains("через VK ID");
        assertThat(page.indexOf("Firefox, Windows")).isLessThan(page.indexOf("Chrome, Android"));
        assertThat(page.indexOf("это устройство"))
                .isBetween(page.indexOf("Firefox, Windows"), page.indexOf("Chrome, Android"));
        assertThat(SESSION_KEY.matcher(page).results().count())
                .as("an «Завершить» for the other only")
                .isEqualTo(1);
        String phoneCookie = phone.cookie("SESSION").orElseThrow().getValue();
        String phoneSessionId = new String(
                Base64.getDecoder().decode(URLDecoder.decode(phoneCookie, StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(page)
                .as("no session id on the page")
                .doesNotContain(phoneCookie)
                .doesNotContain(phoneSessionId);
    }

    @Test
    void endingASessionSignsThatDeviceOutAtOnceOnEveryInstance() {
        Person person = Person.fresh();
        var phone = new TestBrowser().userAgent(IPHONE_SAFARI);
        ProviderFlow.signIn(phone, second, "google", person);
        var laptop = new TestBrowser().userAgent(WINDOWS_FIREFOX);
        ProviderFlow.signIn(laptop, app, "google", person);
        assertThat(phone.get(second.url("/dashboard")).statusCode()).isEqualTo(200);
        var sessions = laptop.get(app.url("/sessions"));
        assertThat(sessions.body()).contains("Safari, iPhone");

        var ended = laptop.open(TestBrowser.location(laptop.post(
                        app.url("/sessions/end"),
                        Map.of("_csrf", TestBrowser.csrf(sessions), "session", onlyKey(sessions.body()))))
                .toString());

        assertThat(ended.body()).contains("Сеанс завершён: на том устройстве нужно будет войти снова.");
        assertThat(SESSION_KEY.matcher(ended.body()).results().count())
                .as("no other session listed")
                .isZero();
        assertThat(ended.body()).contains("Завершён сеанс на другом устройстве");
        var phonePage = phone.open(second.url("/dashboard"));
        assertThat(phonePage.uri().getPath()).isEqualTo("/signin");
        assertThat(phonePage.body()).contains("Сеанс завершён — войдите снова");
        assertThat(laptop.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutOnAllOtherDevicesKeepsThisOne() {
        Person person = Person.fresh();
        var phone = new TestBrowser().userAgent(ANDROID_CHROME);
        var tablet = new TestBrowser().userAgent(IPHONE_SAFARI);
        var laptop = new TestBrowser().userAgent(WINDOWS_FIREFOX);
        ProviderFlow.signIn(phone, app, "yandex", person);
        ProviderFlow.signIn(tablet, second, "yandex", person);
        ProviderFlow.signIn(laptop, app, "yandex", person);
        var sessions = laptop.get(app.url("/sessions"));

        var done = laptop.open(TestBrowser.location(
                        laptop.post(app.url("/sessions/end-others"), Map.of("_csrf", TestBrowser.csrf(sessions))))
                .toString());

        assertThat(done.body())
                .contains("Готово: вход сохранён только на этом устройстве.")
                .contains("Выход на всех остальных устройствах (сеансов: 2)")
                .contains("Вход через Яндекс ID с нового устройства — Firefox, Windows");
        assertThat(SESSION_KEY.matcher(done.body()).results().count()).isZero();
        assertThat(phone.get(app.url("/dashboard")).statusCode()).isEqualTo(302);
        assertThat(tablet.get(second.url("/dashboard")).statusCode()).isEqualTo(302);
        assertThat(laptop.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyOfAnotherPersonsSessionEndsNothing() {
        var victim = new TestBrowser().userAgent(ANDROID_CHROME);
        Person victimPerson = Person.fresh();
        ProviderFlow.signIn(victim, app, "vk", victimPerson);
        var victimLaptop = new TestBrowser().userAgent(WINDOWS_FIREFOX);
        ProviderFlow.signIn(victimLaptop, app, "vk", victimPerson);
        String victimKey = onlyKey(victimLaptop.get(app.url("/sessions")).body());
        var attacker = new TestBrowser();
        var attackerPage = ProviderFlow.signIn(attacker, app, "vk", Person.fresh());

        var refused = attacker.open(TestBrowser.location(attacker.post(
                        app.url("/sessions/end"),
                        Map.of("_csrf", TestBrowser.csrf(attackerPage), "session", victimKey)))
                .toString());

        assertThat(refused.body()).contains("Этот сеанс уже завершён.");
        assertThat(victim.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
        assertThat(attacker.post(app.url("/sessions/end"), Map.of("session", victimKey))
                        .statusCode())
                .as("without the CSRF token")
                .isEqualTo(403);
    }

    @Test
    void theSessionsPageNeedsASignedInPerson() {
        var anonymous = new TestBrowser();

        assertThat(TestBrowser.location(anonymous.get(app.url("/sessions"))).getPath())
                .isEqualTo("/signin");
    }

    private static String onlyKey(String html) {
        var keys = SESSION_KEY.matcher(html).results().toList();
        assertThat(keys).hasSize(1);
        return keys.getFirst().group(1);
    }
}
