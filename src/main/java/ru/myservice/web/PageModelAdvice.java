package ru.myservice.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import ru.myservice.config.Page;

/** Gives every page template its {@link Page}: texts in the reader's language and the CSRF token. */
@ControllerAdvice
class PageModelAdvice {

    private final MessageSource messages;

    PageModelAdvice(MessageSource messages) {
        this.messages = messages;
    }

    @ModelAttribute("page")
    Page page(HttpServletRequest request, Locale locale) {
        return page(request, locale, messages);
    }

    static Page page(HttpServletRequest request, Locale locale, MessageSource messages) {
        Page.Csrf csrf = null;
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            csrf = new Page.Csrf(token.getParameterName(), token.getHeaderName(), token.getToken());
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        return new Page(locale, messages, csrf, signedIn);
    }
}
