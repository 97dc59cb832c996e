package ru.myservice.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service lives and how long people stay signed in.
 *
 * @param siteUrl the public address people open ({@code SITE_URL}); OAuth callbacks are built on it
 * @param authUrl Casdoor's public address ({@code AUTH_URL})
 * @param dbSchema the PostgreSQL schema holding our tables inside the shared database
 */
@Validated
@ConfigurationProperties("myservice")
public record SiteProperties(URI siteUrl, URI authUrl, String dbSchema, Session session) {

    /**
     * @param idleTimeout a signed-in session unused this long ends
     * @param maxAge a session ends this long after sign-in, however active
     * @param anonymousTimeout a session begun before sign-in (a provider's button pressed, a code sent
     *     by e-mail, a page to come back to) ends when unused this long; signing in raises it to
     *     {@code idleTimeout}
     */
    public record Session(Duration idleTimeout, Duration maxAge, Duration anonymousTimeout) {}

    public SiteProperties {
        if (!"http".equals(siteUrl.getScheme()) && !"https".equals(siteUrl.getScheme())) {
            throw new IllegalArgumentException("SITE_URL must be an http(s) address, got " + siteUrl);
        }
        if (!dbSchema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("DB_SCHEMA must be a lower-case PostgreSQL identifier, got " + dbSchema);
        }
    }

    /** The site address without a trailing slash, ready to have paths appended. */
    public String siteBase() {
        String s = siteUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
