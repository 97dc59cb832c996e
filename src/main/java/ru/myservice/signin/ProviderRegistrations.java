package ru.myservice.signin;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import ru.myservice.account.Provider;
import ru.myservice.config.SiteProperties;

/**
 * The OAuth clients of the configured providers, built from our own settings rather than Boot's
 * {@code spring.security.oauth2.client.*} so that the original {@code .env} names work and an
 * unconfigured provider simply does not exist.
 */
class ProviderRegistrations implements ClientRegistrationRepository, Iterable<ClientRegistration> {

    private final Map<String, ClientRegistration> registrations;

    ProviderRegistrations(SigninProperties settings, SiteProperties site) {
        String callback = site.siteBase() + "/login/oauth2/code/{registrationId}";
        Map<String, ClientRegistration> built = new LinkedHashMap<>();
        if (configured(settings.vk().clientId())) {
            String base = trimSlash(settings.vk().baseUrl().toString());
            built.put(
                    Provider.VK.id(),
                    ClientRegistration.withRegistrationId(Provider.VK.id())
                            .clientName("VK ID")
                            .clientId(settings.vk().clientId())
                            .clientSecret(settings.vk().clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri(callback)
                            .scope("vkid.personal_info", "email")
                            .authorizationUri(base + "/authorize")
                            .tokenUri(base + "/oauth2/auth")
                            .userInfoUri(base + "/oauth2/user_info")
                            .userNameAttributeName("user_id")
                            .build());
        }
        if (configured(settings.google().clientId())) {
            var google = settings.google();
            built.put(
                    Provider.GOOGLE.id(),
                    ClientRegistration.withRegistrationId(Provider.GOOGLE.id())
                            .clientName("Google")
                            .clientId(google.clientId())
                            .clientSecret(google.clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri(callback)
                            .scope("openid", "profile", "email")
                            .authorizationUri(google.authorizationUrl().toString())
                            .tokenUri(google.tokenUrl().toString())
                            .jwkSetUri(google.jwkSetUrl().toString())
                            .userInfoUri(google.userInfoUrl().toString())
                            .issuerUri(google.issuer())
                            .userNameAttributeName(IdTokenClaimNames.SUB)
                            .build());
        }
        if (configured(settings.yandex().clientId())) {
            var yandex = settings.yandex();
            String base = trimSlash(yandex.oauthUrl().toString());
            built.put(
                    Provider.YANDEX.id(),
                    ClientRegistration.withRegistrationId(Provider.YANDEX.id())
                            .clientName("Yandex ID")
                            .clientId(yandex.clientId())
                            .clientSecret(yandex.clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri(callback)
                            .scope("login:info", "login:email", "login:avatar")
                            .authorizationUri(base + "/authorize")
                            .tokenUri(base + "/token")
                            .userInfoUri(yandex.infoUrl().toString())
                            .userNameAttributeName("id")
                            .build());
        }
        if (configured(settings.telegramOidc().clientId())) {
            var telegram = settings.telegramOidc();
            String issuer = trimSlash(telegram.issuer());
            built.put(
                    Provider.TELEGRAM.id(),
                    ClientRegistration.withRegistrationId(Provider.TELEGRAM.id())
                            .clientName("Telegram")
                            .clientId(telegram.clientId())
                            .clientSecret(telegram.clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri(callback)
                            .scope("openid", "profile")
                            .authorizationUri(issuer + "/auth")
                            .tokenUri(issuer + "/token")
                            .jwkSetUri(issuer + "/.well-known/jwks.json")
                            // No userinfo endpoint: every claim is in the ID token (contract section 4.2).
                            .issuerUri(issuer)
                            .userNameAttributeName(IdTokenClaimNames.SUB)
                            .build());
        }
        this.registrations = Collections.unmodifiableMap(built);
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        return registrations.get(registrationId);
    }

    @Override
    public Iterator<ClientRegistration> iterator() {
        return registrations.values().iterator();
    }

    List<Provider> providers() {
        return registrations.keySet().stream()
                .map(id -> Provider.byId(id).orElseThrow())
                .toList();
    }

    private static boolean configured(@Nullable String clientId) {
        return clientId != null && !clientId.isBlank();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
