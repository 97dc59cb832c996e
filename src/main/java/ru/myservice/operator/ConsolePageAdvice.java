package ru.myservice.operator;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import ru.myservice.config.Page;
import ru.myservice.config.SiteProperties;

/**
 * Gives every console template its {@link Page} (texts in the reader's language, the CSRF token, the
 * footer's links and language switch) and the signed-in {@code staff} member, null on the pages shown
 * to someone the console did not let in.
 */
@ControllerAdvice(basePackages = "ru.myservice.operator")
class ConsolePageAdvice {

    private final MessageSource messages;
    private final SiteProperties.Footer footer;

    ConsolePageAdvice(MessageSource messages, SiteProperties site) {
        this.messages = messages;
        this.footer = site.footer();
    }

    @ModelAttribute("page")
    Page page(HttpServletRequest request, Locale locale) {
        return Page.of(request, locale, messages, footer, staff() != null, here(request));
    }

    @ModelAttribute("staff")
    @Nullable
    StaffMember staff() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof StaffMember staff ? staff : null;
    }

    /**
     * This page again, for the language switch: a page the console's security forwarded to (a refusal)
     * and any form's answer are not worth asking for again, so those switch on the console's start.
     */
    private static String here(HttpServletRequest request) {
        boolean rereadable = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (!rereadable || request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) != null) {
            return "/operator";
        }
        return Page.address(request.getRequestURI(), request.getQueryString());
    }
}
