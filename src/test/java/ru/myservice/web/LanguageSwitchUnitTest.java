package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import ru.myservice.config.Page;
import ru.myservice.config.SiteProperties;

/** The footer's language switch and how the chosen language is read back. */
class LanguageSwitchUnitTest {

    private final LanguageSwitch filter = new LanguageSwitch(Languages.resolver(true));

    @Test
    void aChoiceIsRememberedInAGuardedCookieAndThePersonStaysOnThePage() throws Exception {
        var request = new MockHttpServletRequest("GET", "/signin");
        request.setQueryString("error=cancelled&lang=en&provider=vk");
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).as("the page itself is not served").isNull();
        assertThat(response.getStatus()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/signin?error=cancelled&provider=vk");
        assertThat(response.getHeader("Set-Cookie"))
                .startsWith("lang=en;")
                .contains("Path=/")
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Secure");
    }

    @Test
    void behindPlainHttpTheCookieIsNotSecure() throws Exception {
        var request = new MockHttpServletRequest("GET", "/dashboard");
        request.setQueryString("lang=ru");
        var response = new MockHttpServletResponse();

        new LanguageSwitch(Languages.resolver(false)).doFilter(request, response, new MockFilterChain());

        assertThat(response.getHeader("Location")).isEqualTo("/dashboard");
        assertThat(response.getHeader("Set-Cookie")).startsWith("lang=ru;").doesNotContain("Secure");
    }

    @Test
    void formsJsonCallsAndOtherLanguagesPassThrough() throws Exception {
        for (var request : new MockHttpServletRequest[] {
            request("POST", "/signin/email", "lang=en"),
            request("GET", "/api/topups/1", "lang=en"),
            request("GET", "/signin", "lang=de"),
            request("GET", "/signin", "language=en")
        }) {
            var response = new MockHttpServletResponse();
            var chain = new MockFilterChain();

            filter.doFilter(request, response, chain);

            assertThat(chain.getRequest())
                    .as(request.getMethod() + " " + request.getQueryString())
                    .isNotNull();
            assertThat(response.getHeader("Set-Cookie")).isNull();
        }
    }

    @Test
    void theSwitchLinksToThisPageInEachLanguage() {
        var request = request("GET", "/dashboard", "page=2&lang=ru");

        var languages = Page.of(
                        request,
                        Locale.ENGLISH,
                        new StaticMessageSource(),
                        new SiteProperties.Footer(null, null, null),
                        false,
                        LanguageSwitch.here(request))
                .footer()
                .languages();

        assertThat(languages)
                .extracting("code", "name", "href", "current")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ru", "Русский", "/dashboard?page=2&lang=ru", false),
                        org.assertj.core.groups.Tuple.tuple("en", "English", "/dashboard?page=2&lang=en", true));
    }

    @Test
    void anErrorPageSwitchesAtTheAddressThatFailed() {
        var request = request("GET", "/error", null);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/no-such-page");

        assertThat(LanguageSwitch.here(request)).isEqualTo("/no-such-page");
    }

    @Test
    void aPageAnsweringAFormSwitchesAtTheStart() {
        assertThat(LanguageSwitch.here(request("POST", "/signin/email", null))).isEqualTo("/");
    }

    @Test
    void onlyOurOwnPathsComeBack() {
        assertThat(Page.address("//evil.example/x", "lang=en")).isEqualTo("/");
        assertThat(Page.address("/\\evil.example", null)).isEqualTo("/");
        assertThat(Page.address("/signin", "lang")).isEqualTo("/signin");
    }

    @Test
    void theCookieDecidesThenTheBrowserThenRussian() {
        var resolver = Languages.resolver(false);

        var chosen = request("GET", "/signin", null);
        chosen.addHeader("Accept-Language", "ru-RU,ru;q=0.9");
        chosen.setCookies(new Cookie("lang", "en"));
        assertThat(resolver.resolveLocale(chosen)).isEqualTo(Locale.ENGLISH);

        var english = request("GET", "/signin", null);
        english.addHeader("Accept-Language", "en-GB,en;q=0.9");
        assertThat(resolver.resolveLocale(english)).isEqualTo(Locale.ENGLISH);

        var german = request("GET", "/signin", null);
        german.addHeader("Accept-Language", "de-DE");
        german.setCookies(new Cookie("lang", "de"));
        assertThat(resolver.resolveLocale(german)).isEqualTo(Languages.RUSSIAN);

        var garbled = request("GET", "/signin", null);
        garbled.addHeader("Accept-Language", "en");
        garbled.setCookies(new Cookie("lang", "%%%"));
        assertThat(resolver.resolveLocale(garbled)).isEqualTo(Locale.ENGLISH);
    }

    private static MockHttpServletRequest request(String method, String path, String query) {
        var request = new MockHttpServletRequest(method, path);
        request.setQueryString(query);
        return request;
    }
}
