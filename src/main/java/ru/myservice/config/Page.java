package ru.myservice.config;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/**
 * What every page template needs besides its own view: localized texts, the CSRF token for forms,
 * and whether someone is signed in.
 */
public record Page(
        Locale locale, MessageSource messages, @Nullable Csrf csrf, boolean signedIn) {

    /** The hidden form field that proves a POST came from our own page. */
    public record Csrf(String parameterName, String headerName, String token) {}

    /** A localized text; {@code args} fill {@code {0}}, {@code {1}}… */
    public String t(String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    public String lang() {
        return "en".equals(locale.getLanguage()) ? "en" : "ru";
    }

    /** The browser tab's title: the page's own and the site's name, once when they are the same. */
    public String documentTitle(String title) {
        String site = t("app.name");
        return title.equals(site) ? site : title + " — " + site;
    }
}
