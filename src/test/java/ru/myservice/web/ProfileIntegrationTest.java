package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/**
 * The profile page: the display name (limits, HTML as text, sign-ins keep it), the main e-mail among the
 * verified addresses and the picture among the methods' ones or none; the activity list records each.
 */
class ProfileIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);

    @Test
    void aNewNameIsShownAsTextKeptAcrossSignInsAndListedInTheActivity() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);

        var saved = rename(browser, "  Мария   <b>Иванова</b>  ");

        assertThat(TestBrowser.location(saved).toString()).endsWith("/dashboard?renamed");
        String dashboard = browser.get(app.url("/dashboard")).body();
        assertThat(dashboard)
                .contains("Мария &lt;b&gt;Иванова&lt;/b&gt;")
                .doesNotContain("<b>Иванова</b>")
                .doesNotContain(person.fullName());
        ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
        assertThat(browser.get(app.url("/dashboard")).body())
                .as("a sign-in does not overwrite a chosen name")
                .contains("Мария &lt;b&gt;Иванова&lt;/b&gt;");
        assertThat(browser.get(app.url("/sessions")).body())
                .contains("Изменено имя: «Мария &lt;b&gt;Иванова&lt;/b&gt;»")
                .contains("Вход через VK ID");
    }

    @Test
    void aRefusedNameIsExplainedAndKeptInTheFieldToBeCorrected() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "google", person);

        var empty = rename(browser, "   ");
        var tooLong = rename(browser, "Я".repeat(65));
        var invisible = rename(browser, "Анна\u200bПетрова");

        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(empty.body()).contains("Введите имя.").contains("aria-invalid=\"true\"");
        assertThat(tooLong.body()).contains("не больше 64 символов").contains("value=\"" + "Я".repeat(65) + "\"");
        assertThat(invisible.body()).contains("невидимые или служебные символы");
        assertThat(browser.get(app.url("/dashboard")).body()).contains(person.fullName());
        assertThat(rename(browser, "Я".repeat(64)).statusCode()).isEqualTo(302);
    }

    @Test
    void renamingOverAndOverIsStoppedWithAPageThatSaysToWait() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        for (int i = 0; i < 10; i++) {
            assertThat(rename(browser, "Имя " + i).statusCode()).isEqualTo(302);
        }
        var stopped = rename(browser, "Имя 10");

        assertThat(stopped.statusCode()).isEqualTo(429);
        assertThat(stopped.body()).contains("Слишком много попыток");
        assertThat(browser.get(app.url("/dashboard")).body()).contains("Имя 9");
    }

    @Test
    void renamingNeedsTheFormsToken() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        assertThat(browser.post(app.url("/profile/name"), Map.of("name", "Взломщик"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theMainEmailIsChosenAmongTheVerifiedAddressesAndTheActivitySaysSo() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "google", person);
        String added = "added-" + UUID.randomUUID() + "@example.ru";
        linkEmail(browser, dashboard.body(), added);

        String page = browser.get(app.url("/profile")).body();
        assertThat(page)
                .contains("<legend>Основной адрес почты</legend>")
                .contains("value=\"" + person.email() + "\" checked")
                .contains("value=\"" + added + "\">")
                .doesNotContain("не подтверждён");

        var saved = chooseEmail(browser, added);

        assertThat(TestBrowser.location(saved).toString()).endsWith("/profile?saved=email");
        assertThat(browser.get(app.url("/profile?saved=email")).body())
                .contains("role=\"status\" id=\"profile-saved\">Основной адрес почты сохранён.")
                .contains("value=\"" + added + "\" checked");
        assertThat(browser.get(app.url("/dashboard")).body()).contains("title=\"" + added + "\"");
        assertThat(browser.get(app.url("/sessions")).body()).contains("Основной адрес почты: " + added);
        assertThat(browser.english().get(app.url("/sessions")).body()).contains("Main e-mail address set to " + added);
    }

    @Test
    void aForgedOrUnverifiedAddressIsRefusedWithThePageSayingWhy() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        Person google = Person.fresh();
        link(browser, dashboard.body(), "google", google);
        assertThat(browser.get(app.url("/dashboard")).body())
                .as("the verified address took the unverified one's place")
                .contains("title=\"" + google.email() + "\"");

        var unverified = chooseEmail(browser, person.email());
        var forged = chooseEmail(browser, "someone-else@example.ru");

        for (var refused : java.util.List.of(unverified, forged)) {
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body())
                    .contains("role=\"alert\" id=\"profile-email-error\">Этот адрес нельзя сделать основным.");
        }
        assertThat(browser.get(app.url("/dashboard")).body()).contains("title=\"" + google.email() + "\"");
        assertThat(browser.post(app.url("/profile/email"), Map.of("email", google.email(), "_csrf", "not-the-token"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void anUnverifiedMainEmailFromBeforeIsShownMarkedUntilAVerifiedOneIsChosen() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        Person google = Person.fresh();
        link(browser, dashboard.body(), "google", google);
        // As accounts linked before verified addresses took the place of unverified ones still are.
        db.sql("update accounts set email = :e, email_verified = false where id = :id")
                .param("e", person.email())
                .param("id", accountOf("vk", person.subject()))
                .update();

        String page = browser.get(app.url("/profile")).body();
        assertThat(page)
                .contains("value=\"" + person.email() + "\" checked")
                .contains("не подтверждён")
                .contains("value=\"" + google.email() + "\">");
        assertThat(chooseEmail(browser, person.email()).statusCode())
                .as("the address as it is can be kept")
                .isEqualTo(302);

        chooseEmail(browser, google.email());

        assertThat(browser.get(app.url("/profile")).body())
                .doesNotContain(person.email())
                .doesNotContain("не подтверждён");
        assertThat(chooseEmail(browser, person.email()).statusCode()).isEqualTo(422);
    }

    @Test
    void thePictureIsOneOfTheMethodsOrNoneAndSignInsKeepTheChoice() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        link(browser, dashboard.body(), "google", Person.fresh());
        assertThat(browser.get(app.url("/dashboard")).body()).contains("/vk/avatar.svg\" alt=\"\"");

        String page = browser.get(app.url("/profile")).body();
        assertThat(page)
                .contains("<legend>Какое фото показывать</legend>")
                .contains("value=\"vk\" checked")
                .contains("Фото из VK ID")
                .contains("Фото из Google")
                .contains("Без фото")
                .doesNotContain("value=\"yandex\"");

        assertThat(TestBrowser.location(chooseAvatar(browser, "google")).toString())
                .endsWith("/profile?saved=avatar");
        assertThat(browser.get(app.url("/dashboard")).body())
                .contains("/google/avatar.svg\" alt=\"\"")
                .doesNotContain("/vk/avatar.svg\" alt=\"\"");

        chooseAvatar(browser, "none");
        ProviderFlow.signIn(new TestBrowser(), app, "vk", person);

        String shown = browser.get(app.url("/dashboard")).body();
        assertThat(shown).contains("avatar avatar-initials").doesNotContain("<img class=\"avatar\"");
        assertThat(browser.get(app.url("/profile")).body()).contains("value=\"none\" checked");
        assertThat(browser.get(app.url("/sessions")).body())
                .contains("Выбрано фото из Google")
                .contains("Фото убрано: показаны инициалы");
        assertThat(browser.english().get(app.url("/profile")).body())
                .contains("Picture from VK ID")
                .contains("Picture from Google")
                .contains("No picture");
        assertThat(browser.get(app.url("/sessions")).body())
                .contains("Picture from Google chosen")
                .contains("Picture turned off: initials shown");
    }

    @Test
    void aPictureThatIsNotThereIsRefusedWithThePageSayingWhy() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        for (String choice : java.util.List.of("yandex", "google", "https://example.com/me.jpg", "")) {
            var refused = chooseAvatar(browser, choice);
            assertThat(refused.statusCode()).as(choice).isEqualTo(422);
            assertThat(refused.body()).contains("role=\"alert\" id=\"profile-avatar-error\">Такого фото нет.");
        }
        assertThat(browser.get(app.url("/dashboard")).body()).contains("/vk/avatar.svg\" alt=\"\"");
        assertThat(browser.post(app.url("/profile/avatar"), Map.of("avatar", "none"))
                        .statusCode())
                .isEqualTo(403);
    }

    private HttpResponse<String> rename(TestBrowser browser, String name) {
        String form = browser.get(app.url("/profile")).body();
        return browser.post(app.url("/profile/name"), Map.of("_csrf", TestBrowser.csrf(form), "name", name));
    }

    private HttpResponse<String> chooseEmail(TestBrowser browser, String address) {
        String form = browser.get(app.url("/profile")).body();
        return browser.post(app.url("/profile/email"), Map.of("_csrf", TestBrowser.csrf(form), "email", address));
    }

    private HttpResponse<String> chooseAvatar(TestBrowser browser, String choice) {
        String form = browser.get(app.url("/profile")).body();
        return browser.post(app.url("/profile/avatar"), Map.of("_csrf", TestBrowser.csrf(form), "avatar", choice));
    }

    /** Adds an address from the dashboard, confirmed with the code from the letter. */
    private void linkEmail(TestBrowser browser, String dashboardHtml, String address) {
        var codePage = browser.follow(browser.post(
                app.url("/signin/email"),
                Map.of("email", address, "link", "email", "_csrf", TestBrowser.csrf(dashboardHtml))));
        var linked = browser.follow(browser.post(
                app.url("/signin/email/code"),
                Map.of("code", SharedApp.mail().latestCode(address), "_csrf", TestBrowser.csrf(codePage))));
        assertThat(linked.body()).contains("Адрес привязан");
    }

    private void link(TestBrowser browser, String dashboardHtml, String provider, Person person) {
        var start = browser.post(app.url("/link/" + provider), Map.of("_csrf", TestBrowser.csrf(dashboardHtml)));
        URI authorize =
                TestBrowser.location(browser.get(TestBrowser.location(start).toString()));
        URI callback = ProviderFlow.consent(browser, authorize, person, true);
        assertThat(browser.open(callback.toString()).body()).contains("id=\"notice\"");
    }

    private UUID accountOf(String provider, String subject) {
        return db.sql("select account_id from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(UUID.class)
                .single();
    }
}
