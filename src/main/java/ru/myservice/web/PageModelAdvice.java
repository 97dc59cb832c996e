package ru.myservice.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import ru.myservice.config.Page;
import ru.myservice.config.SiteProperties;

/**
 * Gives every page template its {@link Page}: texts in the reader's language, the CSRF token, and
 * the footer with the operator's links and the language switch.
 *
 * <p>Only for the controllers of pages, which live in these two modules: the JSON controllers
 * elsewhere (YooKassa's notifications, the spend API, the page's top-up calls) render no template, and
 * asking for the token there would issue a new CSRF cookie in every answer to a caller that has none.
 */
@ControllerAdvice(basePackages = {"ru.myservice.web", "ru.myservice.signin"})
class PageModelAdvice {

    private final MessageSource messages;
    private final SiteProperties.Footer footer;

    PageModelAdvice(MessageSource messages, SiteProperties site) {
        this.messages = messages;
        this.footer = site.footer();
    }

    @ModelAttribute("page")
    Page page(HttpServletRequest request, Locale locale) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        return Page.of(request, locale, messages, footer, signedIn, LanguageSwitch.here(request));
    }
}
