package ru.myservice.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import ru.myservice.config.Page;

/**
 * The languages pages come in, and which one a request gets: the person's own choice (kept in a
 * cookie by {@link LanguageSwitch}), else what the browser asks for in Accept-Language, else Russian.
 */
final class Languages {

    static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    /** In the order the switch lists them. */
    static final List<Locale> SUPPORTED = Page.LANGUAGES;

    static final String COOKIE = "lang";

    private Languages() {}

    /** A supported language by its tag ({@code ru}, {@code en}); null for anything else. */
    static @Nullable Locale byTag(@Nullable String tag) {
        return SUPPORTED.stream()
                .filter(locale -> locale.getLanguage().equals(tag))
                .findFirst()
                .orElse(null);
    }

    /** The cookie is as guarded as the session's: HttpOnly, SameSite=Lax, Secure behind https. */
    static LocaleResolver resolver(boolean https) {
        var fromBrowser = new AcceptHeaderLocaleResolver();
        fromBrowser.setSupportedLocales(SUPPORTED);
        fromBrowser.setDefaultLocale(RUSSIAN);
        var resolver = new ChoiceResolver();
        resolver.setDefaultLocaleFunction(fromBrowser::resolveLocale);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookiePath("/");
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setCookieSecure(https);
        // A cookie we did not write (or an old format) counts as no choice instead of failing the page.
        resolver.setRejectInvalidCookies(false);
        return resolver;
    }

    /** Only our own languages are read back from the cookie; anything else falls back to the browser's. */
    private static final class ChoiceResolver extends CookieLocaleResolver {

        ChoiceResolver() {
            super(COOKIE);
        }

        @Override
        protected @Nullable Locale parseLocaleValue(String value) {
            return byTag(value);
        }

        @Override
        protected String toLocaleValue(Locale locale) {
            return locale.getLanguage();
        }
    }
}
