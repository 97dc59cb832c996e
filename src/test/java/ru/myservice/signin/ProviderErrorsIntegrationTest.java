package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeProviders;
import ru.myservice.sandbox.FakeProviders.Failure;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/**
 * Every way a provider sign-in can go wrong ends on /signin with a clear localized message, and
 * nobody gets an account out of it.
 */
class ProviderErrorsIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final FakeProviders providers = SharedApp.providers();
    private final JdbcClient db = app.bean(JdbcClient.class);

    static Stream<Arguments> providerFailures() {
        return Stream.of("vk", "google", "yandex")
                .flatMap(provider -> Stream.of(
                        Arguments.of(provider, Failure.TOKEN_BAD_REQUEST, "expired"),
                        Arguments.of(provider, Failure.TOKEN_SERVER_ERROR, "provider"),
                        Arguments.of(provider, Failure.TOKEN_TIMEOUT, "provider"),
                        Arguments.of(provider, Failure.TOKEN_ERROR_BODY_200, "provider"),
                        Arguments.of(provider, Failure.PROFILE_SERVER_ERROR, "profile"),
                        Arguments.of(provider, Failure.PROFILE_UNAUTHORIZED, "profile"),
                        Arguments.of(provider, Failure.PROFILE_TIMEOUT, "profile"),
                        Arguments.of(provider, Failure.PROFILE_WITHOUT_ID, "profile")));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("providerFailures")
    void aFailingProviderEndsOnTheSigninPageWithAReason(String provider, Failure failure, String reason) {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        URI authorize = ProviderFlow.start(browser, app, provider);
        URI callback = ProviderFlow.consent(browser, authorize, person, true);
        providers.failNext(provider, failure);

        var page = browser.open(callback.toString());

        assertLandsOnSigninWith(page, reason, provider);
        assertThat(identities(provider, person.subject())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vk", "google", "yandex"})
    void cancellingAtTheProviderSaysSo(String provider) {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        URI callback = ProviderFlow.consent(browser, ProviderFlow.start(browser, app, provider), person, false);

        var page = browser.open(callback.toString());

        assertLandsOnSigninWith(page, "cancelled", provider);
        assertThat(page.body()).contains("отменён");
        assertThat(identities(provider, person.subject())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vk", "google", "yandex"})
    void aCallbackWithAForeignStateIsRefused(String provider) {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        URI callback = ProviderFlow.consent(browser, ProviderFlow.start(browser, app, provider), person, true);
        var params = TestBrowser.query(callback);
        params.put("state", "forged-state-value-0123456789abcdefghijklmno");

        var page = browser.open(withQuery(callback, params));

        assertLandsOnSigninWith(page, "expired", provider);
        assertThat(identities(provider, person.subject())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vk", "google", "yandex"})
    void aCallbackWithoutStateIsRefused(String provider) {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        URI callback = ProviderFlow.consent(browser, ProviderFlow.start(browser, app, provider), person, true);
        var params = TestBrowser.query(callback);
        params.remove("state");

        var page = browser.open(withQuery(callback, params));

        assertLandsOnSigninWith(page, "expired", provider);
        assertThat(identities(provider, person.subject())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vk", "google", "yandex"})
    void aCallbackFromAnotherBrowserIsRefused(String provider) {
        Person person = Person.fresh();
        var victim = new TestBrowser();
        var attacker = new TestBrowser();
        URI callback = ProviderFlow.consent(attacker, ProviderFlow.start(attacker, app, provider), person, true);

        var page = victim.open(callback.toString());

        assertLandsOnSigninWith(page, "expired", provider);
        assertThat(identities(provider, person.subject())).isZero();
    }

    private static void assertLandsOnSigninWith(HttpResponse<String> page, String reason, String provider) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/signin");
        assertThat(TestBrowser.query(page.uri())).containsEntry("error", reason);
        assertThat(page.body())
                .contains("id=\"signin-error\"")
                .doesNotContain("Exception")
                .doesNotContain("Whitelabel");
        if (!reason.equals("expired")) {
            // The message names the provider, so the person knows which way in failed.
            assertThat(page.body())
                    .contains(
                            switch (provider) {
                                case "vk" -> "VK ID";
                                case "google" -> "Google";
                                default -> "Яндекс ID";
                            });
        }
    }

    private int identities(String provider, String subject) {
        return db.sql("select count(*) from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(Integer.class)
                .single();
    }

    private static String withQuery(URI uri, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "="
                        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + query;
    }
}
