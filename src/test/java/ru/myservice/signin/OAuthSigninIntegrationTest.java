package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeProviders;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Each provider's happy path through the real HTTP flow against the contract-faithful fakes. */
class OAuthSigninIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final FakeProviders providers = SharedApp.providers();
    private final JdbcClient db = app.bean(JdbcClient.class);

    @ParameterizedTest
    @ValueSource(strings = {"vk", "google", "yandex"})
    void aNewPersonLandsOnTheDashboardWithAZeroBalance(String provider) {
        var browser = new TestBrowser();
        Person person = Person.fresh();

        var page = ProviderFlow.signIn(browser, app, provider, person);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/dashboard");
        assertThat(page.body())
                .contains(person.fullName())
                .contains("0,00\u00a0₽")
                .contains(person.email());
        assertThat(accountsWith(provider, person.subject())).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vk", "google", "yandex"})
    void signingInAgainFindsTheSameAccount(String provider) {
        Person person = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, provider, person);
        String first = accountOf(provider, person.subject());

        var again = ProviderFlow.signIn(new TestBrowser(), app, provider, person);

        assertThat(again.uri().getPath()).isEqualTo("/dashboard");
        assertThat(accountOf(provider, person.subject())).isEqualTo(first);
        assertThat(db.sql("select count(*) from wallets where account_id = :id::uuid")
                        .param("id", first)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void vkCodeIsExchangedWithPkceAndTheDeviceIdFromTheCallback() {
        var browser = new TestBrowser();
        URI authorize = ProviderFlow.start(browser, app, "vk");
        var request = TestBrowser.query(authorize);
        assertThat(request).containsEntry("code_challenge_method", "S256").containsKey("code_challenge");
        assertThat(request.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(request.get("scope")).contains("vkid.personal_info").contains("email");

        URI callback = ProviderFlow.consent(browser, authorize, Person.fresh(), true);
        String deviceId = TestBrowser.query(callback).get("device_id");
        var page = browser.open(callback.toString());

        assertThat(page.uri().getPath()).isEqualTo("/dashboard");
        var exchange = providers.requests("vk").stream()
                .filter(r -> r.path().endsWith("/oauth2/auth")
                        && deviceId.equals(r.form().get("device_id")))
                .findFirst()
                .orElseThrow();
        assertThat(exchange.form()).containsKey("code_verifier").containsEntry("client_id", AppInstance.VK_CLIENT);
        assertThat(providers.requests("vk"))
                .anySatisfy(r -> assertThat(r.path()).endsWith("/oauth2/user_info"));
    }

    @Test
    void yandexProfileIsReadWithTheOAuthAuthorizationScheme() {
        ProviderFlow.signIn(new TestBrowser(), app, "yandex", Person.fresh());

        assertThat(providers.requests("yandex"))
                .filteredOn(r -> r.path().endsWith("/info"))
                .last()
                .satisfies(r -> assertThat(r.headers().get("authorization")).startsWith("OAuth "));
    }

    @Test
    void theSessionIdChangesAtSignIn() {
        var browser = new TestBrowser();
        browser.open(app.url("/signin"));
        URI authorize = ProviderFlow.start(browser, app, "google");
        String before = browser.cookie("SESSION").orElseThrow().getValue();

        browser.open(
                ProviderFlow.consent(browser, authorize, Person.fresh(), true).toString());

        assertThat(browser.cookie("SESSION").orElseThrow().getValue()).isNotEqualTo(before);
    }

    private int accountsWith(String provider, String subject) {
        return db.sql("select count(distinct account_id) from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(Integer.class)
                .single();
    }

    private String accountOf(String provider, String subject) {
        return db.sql("select account_id::text from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(String.class)
                .single();
    }
}
