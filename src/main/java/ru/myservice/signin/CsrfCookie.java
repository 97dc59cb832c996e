package ru.myservice.signin;

import java.net.URI;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Pages keep their CSRF token in a cookie rather than in a server-side session, so showing the
 * sign-in page to a visitor (or a crawler) stores nothing. A post is accepted only when its form
 * field or header matches the cookie, which another site can neither read nor set. Behind https the
 * cookie is {@code __Host-} prefixed: Secure, host-only, for the whole site, so a sibling host (such
 * as Casdoor's) cannot plant a token of its choosing either.
 */
final class CsrfCookie {

    private static final String NAME = "XSRF-TOKEN";

    private CsrfCookie() {}

    static CsrfTokenRepository repository(URI siteUrl) {
        boolean https = "https".equals(siteUrl.getScheme());
        var repository = new CookieCsrfTokenRepository();
        repository.setCookieName(https ? "__Host-" + NAME : NAME);
        repository.setCookiePath("/");
        // The names pages and scripts have always sent (the cookie repository's own default differs).
        repository.setHeaderName("X-CSRF-TOKEN");
        repository.setParameterName("_csrf");
        repository.setCookieCustomizer(
                cookie -> cookie.httpOnly(true).sameSite("Lax").secure(https));
        return repository;
    }
}
