package ru.myservice.config;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service lives and how long people stay signed in.
 *
 * @param siteUrl the public address people open ({@code SITE_URL}); OAuth callbacks are built on it
 * @param authUrl Casdoor's public address ({@code AUTH_URL})
 * @param dbSchema the PostgreSQL schema holding our tables inside the shared database
 * @param footer what every page's footer links to
 */
@Validated
@ConfigurationProperties("myservice")
public record SiteProperties(
        URI siteUrl,
        URI authUrl,
        String dbSchema,
        Session session,
        @DefaultValue Footer footer) {

    /**
     * @param idleTimeout a signed-in session unused this long ends
     * @param maxAge a session ends this long after sign-in, however active
     * @param anonymousTimeout a session begun before sign-in (a provider's button pressed, a code sent
     *     by e-mail, a page to come back to) ends when unused this long; signing in raises it to
     *     {@code idleTimeout}
     */
    public record Session(Duration idleTimeout, Duration maxAge, Duration anonymousTimeout) {}

    /**
     * The shop's documents and its support address, each left out of the footer while unset.
     *
     * @param offerUrl the public offer ({@code SITE_OFFER_URL})
     * @param privacyUrl the privacy policy ({@code SITE_PRIVACY_URL})
     * @param supportEmail where people write for help ({@code SITE_SUPPORT_EMAIL})
     */
    public record Footer(
            @Nullable URI offerUrl,
            @Nullable URI privacyUrl,
            @Nullable String supportEmail) {

        // Plausible, not RFC 5322: a typo such as a missing '@' or domain stops the start.
        private static final Pattern EMAIL =
                Pattern.compile("[\\p{L}\\p{N}._%+'-]+@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");

        public Footer {
            offerUrl = web(offerUrl, "SITE_OFFER_URL");
            privacyUrl = web(privacyUrl, "SITE_PRIVACY_URL");
            if (supportEmail != null) {
                supportEmail = supportEmail.strip();
                if (supportEmail.isEmpty()) {
                    supportEmail = null;
                } else if (supportEmail.length() > 254
                        || !EMAIL.matcher(supportEmail).matches()) {
                    throw new IllegalArgumentException(
                            "SITE_SUPPORT_EMAIL must be an e-mail address such as support@example.ru, got "
                                    + supportEmail);
                }
            }
        }

        private static @Nullable URI web(@Nullable URI address, String variable) {
            if (address == null || address.toString().isBlank()) {
                return null;
            }
            if (!("https".equals(address.getScheme()) || "http".equals(address.getScheme()))
                    || address.getHost() == null) {
                throw new IllegalArgumentException(
                        variable + " must be an http(s) address such as https://example.ru/offer, got " + address);
            }
            return address;
        }
    }

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
