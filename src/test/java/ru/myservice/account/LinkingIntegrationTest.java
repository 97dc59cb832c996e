package ru.myservice.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Who ends up in which account: the linking rules, seen through real sign-ins. */
class LinkingIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);

    @Test
    void aSecondIdentityWithTheSameVerifiedEmailJoinsTheAccount() {
        Person first = Person.fresh();
        Person second = Person.fresh().withEmail(first.email(), true);
        ProviderFlow.signIn(new TestBrowser(), app, "google", first);

        var joined = new TestBrowser();
        ProviderFlow.signIn(joined, app, "google", second);

        assertThat(accountOf("google", second.subject())).isEqualTo(accountOf("google", first.subject()));
        assertThat(joined.get(app.url("/sessions")).body())
                .as("the account's activity says a method joined it")
                .contains("Привязан Google");
    }

    @Test
    void anUnverifiedEmailFromGoogleDoesNotJoinAnAccount() {
        Person owner = Person.fresh();
        Person claimant = Person.fresh().withEmail(owner.email(), false);
        ProviderFlow.signIn(new TestBrowser(), app, "google", owner);

        ProviderFlow.signIn(new TestBrowser(), app, "google", claimant);

        assertThat(accountOf("google", claimant.subject())).isNotEqualTo(accountOf("google", owner.subject()));
    }

    @Test
    void vkAndYandexEmailsNeverJoinAnAccountBecauseTheyAreUnverified() {
        Person owner = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "google", owner);
        Person viaVk = Person.fresh().withEmail(owner.email(), true);
        Person viaYandex = Person.fresh().withEmail(owner.email(), true);

        ProviderFlow.signIn(new TestBrowser(), app, "vk", viaVk);
        ProviderFlow.signIn(new TestBrowser(), app, "yandex", viaYandex);

        String ownerAccount = accountOf("google", owner.subject());
        assertThat(accountOf("vk", viaVk.subject())).isNotEqualTo(ownerAccount);
        assertThat(accountOf("yandex", viaYandex.subject()))
                .isNotEqualTo(ownerAccount)
                .isNotEqualTo(accountOf("vk", viaVk.subject()));
    }

    @Test
    void aVerifiedGoogleEmailDoesNotJoinAnAccountWhoseOwnEmailIsUnverified() {
        Person vkOwner = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", vkOwner);
        Person google = Person.fresh().withEmail(vkOwner.email(), true);

        ProviderFlow.signIn(new TestBrowser(), app, "google", google);

        assertThat(accountOf("google", google.subject())).isNotEqualTo(accountOf("vk", vkOwner.subject()));
    }

    @Test
    void aSignedInPersonLinksAnotherProviderAndCanThenSignInWithIt() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        Person yandexSide = Person.fresh();

        var linked = link(browser, dashboard.body(), "yandex", yandexSide);

        assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(linked.body())
                .contains("id=\"notice\"")
                .contains("Яндекс ID")
                .doesNotContain("id=\"link-yandex\"");
        String account = accountOf("vk", person.subject());
        assertThat(accountOf("yandex", yandexSide.subject())).isEqualTo(account);

        var viaYandex = ProviderFlow.signIn(new TestBrowser(), app, "yandex", yandexSide);
        assertThat(viaYandex.body()).contains(person.fullName());
        assertThat(accountOf("yandex", yandexSide.subject())).isEqualTo(account);
    }

    @Test
    void anIdentityOfAnotherAccountIsNotLinkedAndThePersonStaysSignedIn() {
        Person vkOwner = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", vkOwner);
        String vkAccount = accountOf("vk", vkOwner.subject());
        var browser = new TestBrowser();
        Person googlePerson = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "google", googlePerson);

        var page = link(browser, dashboard.body(), "vk", vkOwner);

        assertThat(page.uri().getPath()).isEqualTo("/dashboard");
        assertThat(page.body())
                .contains("id=\"problem\"")
                .contains("Этот аккаунт VK ID уже служит для входа в другой личный кабинет");
        assertThat(accountOf("vk", vkOwner.subject())).isEqualTo(vkAccount);
        assertThat(browser.open(app.url("/dashboard")).body()).contains(googlePerson.fullName());
    }

    @Test
    void linkingWithoutTheCsrfTokenIsRefused() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        var response = browser.post(app.url("/link/google"), Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    private java.net.http.HttpResponse<String> link(
            TestBrowser browser, String dashboardHtml, String provider, Person person) {
        var start = browser.post(app.url("/link/" + provider), Map.of("_csrf", TestBrowser.csrf(dashboardHtml)));
        assertThat(TestBrowser.isRedirect(start)).isTrue();
        var toProvider = browser.get(TestBrowser.location(start).toString());
        URI authorize = TestBrowser.location(toProvider);
        URI callback = ProviderFlow.consent(browser, authorize, person, true);
        return browser.open(callback.toString());
    }

    private String accountOf(String provider, String subject) {
        return db.sql("select account_id::text from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(String.class)
                .single();
    }
}
