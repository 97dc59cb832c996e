package ru.myservice.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import ru.myservice.config.ApiProblems;
import ru.myservice.config.Page;

/**
 * The footer's language switch: a page's address with {@code ?lang=en} (or {@code ru}) stores the
 * choice in the language cookie and sends the browser back to the same address without the
 * parameter, so a reload or a bookmark does not carry it. It runs ahead of security, so the choice
 * holds even when that page then asks the person to sign in first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class LanguageSwitch extends OncePerRequestFilter {

    static final String PARAMETER = Page.LANGUAGE_PARAMETER;

    /** The failed request's query on an error page; Tomcat sets it since Servlet 6.1. */
    private static final String ERROR_QUERY_STRING = "jakarta.servlet.error.query_string";

    private final LocaleResolver locales;

    LanguageSwitch(LocaleResolver locales) {
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Locale chosen = rereadable(request) && !ApiProblems.isApi(request) ? chosen(request.getQueryString()) : null;
        if (chosen == null) {
            chain.doFilter(request, response);
            return;
        }
        locales.setLocale(request, response, chosen);
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader("Location", Page.address(request.getRequestURI(), request.getQueryString()));
    }

    /**
     * The page being shown, as an address to ask for again: the one that failed when this is an error
     * page, the site's start when the page answers a form (asking for it again would not show it).
     */
    static String here(HttpServletRequest request) {
        if (!rereadable(request)) {
            return "/";
        }
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String failed) {
            return Page.address(failed, (String) request.getAttribute(ERROR_QUERY_STRING));
        }
        return Page.address(request.getRequestURI(), request.getQueryString());
    }

    private static boolean rereadable(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /** The language a query string asks for, or null when it asks for none we have. */
    static @Nullable Locale chosen(@Nullable String query) {
        Locale chosen = null;
        for (String pair : pairs(query)) {
            if (pair.startsWith(PARAMETER + "=")) {
                chosen = Languages.byTag(decode(pair.substring(PARAMETER.length() + 1)));
            }
        }
        return chosen;
    }

    private static List<String> pairs(@Nullable String query) {
        if (query == null || query.isEmpty()) {
            return List.of();
        }
        return List.of(query.split("&")).stream()
                .filter(pair -> !pair.isEmpty())
                .toList();
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
