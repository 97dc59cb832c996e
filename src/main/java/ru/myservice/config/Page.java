package ru.myservice.config;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * What every page template needs besides its own view: localized texts, the CSRF token for forms,
 * whether someone is signed in, and the footer.
 */
public record Page(
        Locale locale, MessageSource messages, @Nullable Csrf csrf, boolean signedIn, Footer footer) {

    /** The languages pages come in, in the order the switch lists them. */
    public static final List<Locale> LANGUAGES = List.of(Locale.forLanguageTag("ru"), Locale.ENGLISH);

    /** The query parameter of the language switch. */
    public static final String LANGUAGE_PARAMETER = "lang";

    /**
     * A site page's model for {@code request}: its CSRF token when security issued one, and the footer
     * with the operator's links and a language switch that shows {@code here} again in each language.
     */
    public static Page of(
            HttpServletRequest request,
            Locale locale,
            MessageSource messages,
            SiteProperties.Footer links,
            boolean signedIn,
            String here) {
        Csrf csrf = null;
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            csrf = new Csrf(token.getParameterName(), token.getHeaderName(), token.getToken());
        }
        var languages = LANGUAGES.stream()
                .map(language -> new Language(
                        language.getLanguage(),
                        ownName(language),
                        withLanguage(here, language),
                        language.getLanguage().equals(locale.getLanguage())))
                .toList();
        var footer = new Footer(
                links.offerUrl() == null ? null : links.offerUrl().toString(),
                links.privacyUrl() == null ? null : links.privacyUrl().toString(),
                links.supportEmail(),
                languages);
        return new Page(locale, messages, csrf, signedIn, footer);
    }

    /** The language's name in itself, as a person looking for it would recognise it. */
    public static String ownName(Locale language) {
        String name = language.getDisplayLanguage(language);
        return name.substring(0, 1).toUpperCase(language) + name.substring(1);
    }

    /**
     * {@code path} with its query less any language choice. Only a path of our own site comes back: a
     * request for {@code //elsewhere.example} must not turn into a link to another host.
     */
    public static String address(String path, @Nullable String query) {
        if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) {
            return "/";
        }
        List<String> kept = new ArrayList<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty() && !pair.equals(LANGUAGE_PARAMETER) && !pair.startsWith(LANGUAGE_PARAMETER + "=")) {
                    kept.add(pair);
                }
            }
        }
        return kept.isEmpty() ? path : path + "?" + String.join("&", kept);
    }

    /** {@code address} (without a language choice) asking for it in {@code language}. */
    public static String withLanguage(String address, Locale language) {
        return address + (address.contains("?") ? "&" : "?") + LANGUAGE_PARAMETER + "=" + language.getLanguage();
    }

    /** The hidden form field that proves a POST came from our own page. */
    public record Csrf(String parameterName, String headerName, String token) {}

    /**
     * The footer's links, each null while the operator has not set it, and the language switch.
     *
     * @param offerUrl the public offer
     * @param privacyUrl the privacy policy
     * @param supportEmail support's address, for a {@code mailto:} link
     */
    public record Footer(
            @Nullable String offerUrl,
            @Nullable String privacyUrl,
            @Nullable String supportEmail,
            List<Language> languages) {

        /** A letter has no links of the site's footer and no switch. */
        public static final Footer NONE = new Footer(null, null, null, List.of());

        public boolean hasLinks() {
            return offerUrl != null || privacyUrl != null || supportEmail != null;
        }
    }

    /**
     * A language of the switch.
     *
     * @param code its tag, also the {@code lang} of its name
     * @param name the language's name in itself («Русский», «English»)
     * @param href this page in that language
     * @param current whether the page is in it
     */
    public record Language(String code, String name, String href, boolean current) {}

    /** What an e-mail letter's template gets: texts in the letter's language, nothing of the site's pages. */
    public static Page letter(Locale locale, MessageSource messages) {
        return new Page(locale, messages, null, false, Footer.NONE);
    }

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
