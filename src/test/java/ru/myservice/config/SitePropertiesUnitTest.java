package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The site's settings as the environment gives them, the footer's links among them. */
class SitePropertiesUnitTest {

    private static SiteProperties bind(Map<String, String> footer) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "myservice.site-url", "https://lk.example.ru",
                "myservice.auth-url", "https://auth.example.ru",
                "myservice.db-schema", "myservice",
                "myservice.session.idle-timeout", "7d",
                "myservice.session.max-age", "30d",
                "myservice.session.anonymous-timeout", "15m"));
        footer.forEach((name, value) -> settings.put("myservice.footer." + name, value));
        return new Binder(new MapConfigurationPropertySource(settings))
                .bind("myservice", SiteProperties.class)
                .get();
    }

    @Test
    void emptyFooterSettingsLeaveTheLinksOut() {
        var footer = bind(Map.of("offer-url", "", "privacy-url", "", "support-email", ""))
                .footer();

        assertThat(footer.offerUrl()).isNull();
        assertThat(footer.privacyUrl()).isNull();
        assertThat(footer.supportEmail()).isNull();
    }

    @Test
    void missingFooterSettingsLeaveTheLinksOutToo() {
        var footer = bind(Map.of()).footer();

        assertThat(footer.offerUrl()).isNull();
        assertThat(footer.supportEmail()).isNull();
    }

    @Test
    void setFooterSettingsAreKept() {
        var footer = bind(Map.of(
                        "offer-url", "https://example.ru/offer.pdf",
                        "privacy-url", "http://example.ru/privacy?v=2",
                        "support-email", " help@пример.рф "))
                .footer();

        assertThat(footer.offerUrl()).isEqualTo(URI.create("https://example.ru/offer.pdf"));
        assertThat(footer.privacyUrl()).isEqualTo(URI.create("http://example.ru/privacy?v=2"));
        assertThat(footer.supportEmail()).isEqualTo("help@пример.рф");
    }

    @Test
    void anAddressThatIsNotAWebPageStopsTheStart() {
        for (String offer :
                new String[] {"example.ru/offer", "ftp://example.ru/offer", "javascript:alert(1)", "https:///"}) {
            assertThatThrownBy(() -> bind(Map.of("offer-url", offer)))
                    .as(offer)
                    .isInstanceOf(BindException.class)
                    .rootCause()
                    .hasMessageContaining("SITE_OFFER_URL");
        }
        assertThatThrownBy(() -> bind(Map.of("privacy-url", "mailto:privacy@example.ru")))
                .rootCause()
                .hasMessageContaining("SITE_PRIVACY_URL");
    }

    @Test
    void aSupportAddressThatIsNotAnEmailStopsTheStart() {
        for (String email :
                new String[] {"support", "support@example", "@example.ru", "a b@example.ru", "x@y.ru?cc=z"}) {
            assertThatThrownBy(() -> bind(Map.of("support-email", email)))
                    .as(email)
                    .isInstanceOf(BindException.class)
                    .rootCause()
                    .hasMessageContaining("SITE_SUPPORT_EMAIL");
        }
    }
}
