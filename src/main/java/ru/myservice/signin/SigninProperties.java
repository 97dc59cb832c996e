package ru.myservice.signin;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in providers. A provider whose client id is empty is switched off: no button, no endpoint.
 * Endpoint addresses default to the real providers and are overridable for the sandbox and tests.
 */
@ConfigurationProperties("myservice.signin")
record SigninProperties(
        Duration connectTimeout, Duration readTimeout, Vk vk, Yandex yandex, Google google, TelegramOidc telegramOidc) {

    /**
     * Telegram's OpenID Connect login (2026), an alternative to the Login Widget: the client id is the
     * bot's numeric id, the secret comes from BotFather. Endpoints follow the issuer's published layout.
     */
    record TelegramOidc(String clientId, String clientSecret, String issuer) {}

    record Vk(String clientId, String clientSecret, URI baseUrl) {}

    record Yandex(String clientId, String clientSecret, URI oauthUrl, URI infoUrl, URI avatarUrl) {}

    record Google(
            String clientId,
            String clientSecret,
            URI authorizationUrl,
            URI tokenUrl,
            URI jwkSetUrl,
            URI userInfoUrl,
            String issuer) {}
}
