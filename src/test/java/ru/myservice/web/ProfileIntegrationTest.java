package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Changing the display name: limits, HTML as text, sign-ins keep it, the activity list records it. */
class ProfileIntegrationTest {

    private final AppInstance app = SharedApp.app();

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

    private HttpResponse<String> rename(TestBrowser browser, String name) {
        String form = browser.get(app.url("/profile")).body();
        return browser.post(app.url("/profile/name"), Map.of("_csrf", TestBrowser.csrf(form), "name", name));
    }
}
