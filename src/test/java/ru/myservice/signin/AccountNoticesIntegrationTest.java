package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestMail;

/**
 * The letters an owner gets when a way to sign in is added to the account or the account is deleted,
 * read from a real SMTP server as they would land in the inbox.
 */
class AccountNoticesIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Pattern NUMBER = Pattern.compile("id=\"account-number\">(\\d+)<");

    private final AppInstance app = SharedApp.app();
    private final TestMail mail = SharedApp.mail();

    @Test
    void linkingGoogleToAVkAccountTellsTheAccountsAddressInRussian() {
        var browser = new TestBrowser();
        Person vk = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", vk);
        Person google = Person.fresh();

        var linked = link(browser, dashboard.body(), "google", google);

        assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(linked.body())
                .as(
                        "Google's verified address is the main one now; the notice still goes to the address the person had")
                .contains(google.email());
        awaitNotices(vk.email(), 1);
        var notice = notices(vk.email()).getLast();
        assertThat(notice.subject()).isEqualTo("Новый способ входа в личный кабинет");
        assertThat(notice.text())
                .contains("привязан новый способ входа")
                .contains("Google")
                .contains("№\u00a0" + number(dashboard))
                .containsPattern("Когда: \\d{1,2}\u00a0[а-я]+ \\d{4}\u00a0г\\., \\d{2}:\\d{2} \\(МСК\\)\\.")
                .contains("отвяжите этот способ")
                .contains("«Выйти на всех устройствах»")
                .contains(app.url(""));
        assertThat(notice.html()).contains("lang=\"ru\"").contains("Google").contains("(МСК)");
        assertThat(mail.lettersTo(google.email()))
                .as("Google's own address is not the account's")
                .isEmpty();
    }

    @Test
    void anEnglishBrowserGetsTheNoticeInEnglish() {
        var browser = new TestBrowser().english();
        Person vk = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", vk);

        link(browser, dashboard.body(), "google", Person.fresh());

        awaitNotices(vk.email(), 1);
        var notice = notices(vk.email()).getLast();
        assertThat(notice.subject()).isEqualTo("A new way to sign in to your account");
        assertThat(notice.text())
                .contains("Google")
                .contains("No.\u00a0" + number(dashboard))
                .containsPattern("When: [A-Z][a-z]+\u00a0\\d{1,2}, \\d{4}, \\d{2}:\\d{2} \\(Moscow\u00a0time\\)\\.")
                .contains("“Sign out on all devices”")
                .doesNotContainPattern("[А-Яа-яЁё]");
        assertThat(notice.html()).contains("lang=\"en\"");
    }

    @Test
    void theLanguageChosenOnTheSiteWinsOverTheBrowsers() {
        var browser = new TestBrowser();
        Person vk = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", vk);
        var dashboard = browser.open(app.url("/dashboard?lang=en"));
        assertThat(dashboard.body()).contains("lang=\"en\"");

        link(browser, dashboard.body(), "google", Person.fresh());

        awaitNotices(vk.email(), 1);
        assertThat(notices(vk.email()).getLast().subject()).isEqualTo("A new way to sign in to your account");
    }

    @Test
    void anIdentityJoiningByVerifiedEmailAtSignInIsToldToThatAddress() {
        Person first = Person.fresh().withEmail(newAddress(), true);
        ProviderFlow.signIn(new TestBrowser(), app, "google", first);
        Person second = Person.fresh().withEmail(first.email(), true);

        ProviderFlow.signIn(new TestBrowser(), app, "google", second);

        assertThat(app.accountOf("google", second.subject())).isEqualTo(app.accountOf("google", first.subject()));
        awaitNotices(first.email(), 1);
        assertThat(notices(first.email()))
                .as("one notice: for the identity that joined, none for the account's creation")
                .singleElement()
                .satisfies(notice -> {
                    assertThat(notice.subject()).isEqualTo("Новый способ входа в личный кабинет");
                    assertThat(notice.text()).contains("Google");
                });
    }

    @Test
    void anAccountWithoutAnAddressLinksAsUsualAndIsToldNothing() {
        var browser = new TestBrowser();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", Person.fresh().withEmail("", false));

        var linked = link(browser, dashboard.body(), "yandex", Person.fresh().withEmail("", false));

        assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(linked.body()).contains("id=\"notice\"").doesNotContain("id=\"link-yandex\"");
        // An address added afterwards gets the notice of its own linking, and nothing about Yandex ID:
        // notices go out one after another, so once this one is here, an earlier one would be too.
        String address = newAddress();
        addEmail(browser, linked, address);
        awaitNotices(address, 1);
        assertThat(notices(address))
                .singleElement()
                .satisfies(notice ->
                        assertThat(notice.text()).contains("Электронная почта").doesNotContain("Яндекс ID"));
    }

    @Test
    void deletingTheAccountTellsTheAddressItHad() {
        var browser = new TestBrowser().english();
        Person person = Person.fresh().withEmail(newAddress(), true);
        var dashboard = ProviderFlow.signIn(browser, app, "google", person);

        var done = delete(browser, app);

        assertThat(done.body()).contains("Your account has been deleted");
        awaitNotices(person.email(), 1);
        var letter = notices(person.email()).getLast();
        assertThat(letter.subject()).isEqualTo("Your account was deleted");
        assertThat(letter.text())
                .contains("Personal account No.\u00a0" + number(dashboard) + " was deleted")
                .contains("(Moscow\u00a0time)")
                .contains("stay in our books")
                .contains("we no longer keep the address")
                .as("no support address is configured here")
                .doesNotContain("write to support");
        assertThat(letter.html()).contains("lang=\"en\"").doesNotContain("mailto:");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMailServerThatRefusesDoesNotStopLinkingOrDeletion(CapturedOutput output) {
        var settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("spring.mail.port", Integer.toString(AppInstance.freePort()));
        try (var broken = AppInstance.start(SharedApp.providers(), settings)) {
            var browser = new TestBrowser();
            Person person = Person.fresh().withEmail(newAddress(), true);
            var dashboard = ProviderFlow.signIn(browser, broken.url(""), "google", person);
            UUID account = broken.accountOf("google", person.subject());

            var linked = link(browser, broken, dashboard.body(), "vk", Person.fresh());

            assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
            assertThat(linked.body()).contains("id=\"notice\"").doesNotContain("id=\"link-vk\"");
            Eventually.within(
                    PATIENCE,
                    "the unsent notice logged",
                    () -> output.getOut()
                            .contains("Could not send the new sign-in method notice of account " + account));

            var done = delete(browser, broken);

            assertThat(done.body()).contains("Личный кабинет удалён");
            Eventually.within(
                    PATIENCE,
                    "the unsent deletion notice logged",
                    () -> output.getOut().contains("Could not send the account deleted notice of account " + account));
            assertThat(output.getOut())
                    .as("the log says why, and names no address")
                    .containsPattern("notice of account " + account + ": MailSendException < \\w*ConnectException")
                    .doesNotContain(person.email());
        }
    }

    private static String newAddress() {
        return "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru";
    }

    /** Letters to {@code address} other than sign-in codes, oldest first. */
    private List<TestMail.Letter> notices(String address) {
        return mail.lettersTo(address).stream().filter(l -> !l.signinCode()).toList();
    }

    private void awaitNotices(String address, int count) {
        Eventually.within(
                PATIENCE,
                count + " notice(s) to " + address,
                () -> notices(address).size() >= count);
    }

    private static String number(HttpResponse<String> dashboard) {
        var matcher = NUMBER.matcher(dashboard.body());
        assertThat(matcher.find()).as("the account number on the dashboard").isTrue();
        return matcher.group(1);
    }

    /**
     * Adds {@code address} from the dashboard with the code sent to it; returns the dashboard. Each call
     * comes from a client address of its own, so the per-client limits other tests use up do not apply.
     */
    private HttpResponse<String> addEmail(TestBrowser browser, HttpResponse<String> dashboard, String address) {
        String client = ru.myservice.testing.ClientAddresses.fresh();
        var codePage = browser.follow(browser.post(
                app.url("/signin/email"),
                Map.of("email", address, "link", "email", "_csrf", TestBrowser.csrf(dashboard)),
                "X-Forwarded-For",
                client));
        var linked = browser.follow(browser.post(
                app.url("/signin/email/code"),
                Map.of("code", mail.latestCode(address), "_csrf", TestBrowser.csrf(codePage)),
                "X-Forwarded-For",
                client));
        assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(linked.body()).contains(address);
        return linked;
    }

    private HttpResponse<String> link(TestBrowser browser, String dashboardHtml, String provider, Person person) {
        return link(browser, app, dashboardHtml, provider, person);
    }

    private static HttpResponse<String> link(
            TestBrowser browser, AppInstance app, String dashboardHtml, String provider, Person person) {
        var start = browser.post(app.url("/link/" + provider), Map.of("_csrf", TestBrowser.csrf(dashboardHtml)));
        assertThat(TestBrowser.isRedirect(start)).isTrue();
        var toProvider = browser.get(TestBrowser.location(start).toString());
        URI authorize = TestBrowser.location(toProvider);
        URI callback = ProviderFlow.consent(browser, authorize, person, true);
        return browser.open(callback.toString());
    }

    /** Deletes the signed-in person's account from its page, as right after a sign-in it may be. */
    private static HttpResponse<String> delete(TestBrowser browser, AppInstance app) {
        var page = browser.get(app.url("/account/delete"));
        var done = browser.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(page)));
        return browser.open(TestBrowser.location(done).toString());
    }
}
