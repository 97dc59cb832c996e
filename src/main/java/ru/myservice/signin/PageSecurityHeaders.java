package ru.myservice.signin;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The headers every page and file of ours carries: the content security policy (our own scripts and
 * styles, plus what modules add), the referrer policy, no framing. A filter chain of another module
 * that serves pages applies them too, so no page of the site is less guarded than another.
 */
public final class PageSecurityHeaders {

    private final String contentSecurityPolicy;

    PageSecurityHeaders(String contentSecurityPolicy) {
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /** Adds the pages' headers to {@code http}. */
    public HttpSecurity apply(HttpSecurity http) throws Exception {
        return http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
                .referrerPolicy(referrer ->
                        referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                .frameOptions(frame -> frame.deny()));
    }
}
