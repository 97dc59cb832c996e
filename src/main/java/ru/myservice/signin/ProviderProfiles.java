package ru.myservice.signin;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import ru.myservice.account.Provider;
import ru.myservice.account.ProviderProfile;

/**
 * Reads the profile of a person who just signed in with VK ID or Yandex, which are not OpenID
 * Connect providers and need calls of their own shape (see the providers contract, §1 and §2).
 */
class ProviderProfiles {

    private static final Logger log = LoggerFactory.getLogger(ProviderProfiles.class);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {};

    private final RestClient http;
    private final SigninProperties settings;

    ProviderProfiles(RestClient http, SigninProperties settings) {
        this.http = http;
        this.settings = settings;
    }

    ProviderProfile load(OAuth2UserRequest request) {
        String registrationId = request.getClientRegistration().getRegistrationId();
        Provider provider = Provider.byId(registrationId).orElseThrow();
        Map<String, Object> body = fetch(provider, request);
        return switch (provider) {
            case VK -> vk(body);
            case YANDEX -> yandex(body);
            case GOOGLE, TELEGRAM, EMAIL ->
                throw new IllegalStateException(provider + " is not read from a profile endpoint");
        };
    }

    /** VK ID: POST with the token in a form body and our client id in the query (contract §1.2). */
    private Map<String, Object> fetch(Provider provider, OAuth2UserRequest request) {
        var registration = request.getClientRegistration();
        String token = request.getAccessToken().getTokenValue();
        try {
            Map<String, Object> body;
            if (provider == Provider.VK) {
                var form = new LinkedMultiValueMap<String, String>();
                form.add("access_token", token);
                String uri = UriComponentsBuilder.fromUriString(registration
                                .getProviderDetails()
                                .getUserInfoEndpoint()
                                .getUri())
                        .queryParam("client_id", registration.getClientId())
                        .build()
                        .toUriString();
                body = http.post()
                        .uri(uri)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .accept(MediaType.APPLICATION_JSON)
                        .body(form)
                        .retrieve()
                        .body(JSON_OBJECT);
            } else {
                body = http.get()
                        .uri(registration
                                .getProviderDetails()
                                .getUserInfoEndpoint()
                                .getUri())
                        .header(HttpHeaders.AUTHORIZATION, "OAuth " + token)
                        .accept(MediaType.APPLICATION_JSON)
                        .retrieve()
                        .body(JSON_OBJECT);
            }
            if (body == null) {
                throw unavailable(provider, "empty profile response");
            }
            if (body.containsKey("error")) {
                throw unavailable(provider, "profile error " + body.get("error"));
            }
            return body;
        } catch (RestClientException e) {
            throw unavailable(provider, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private ProviderProfile vk(Map<String, Object> body) {
        if (!(body.get("user") instanceof Map<?, ?> user)) {
            throw unavailable(Provider.VK, "profile response without a user object");
        }
        String id = string(user.get("user_id"));
        if (id == null) {
            throw withoutId(Provider.VK);
        }
        String name = join(string(user.get("first_name")), string(user.get("last_name")));
        // VK has no e-mail verification claim; "verified" is the person's check-mark, not the address.
        return new ProviderProfile(Provider.VK, id, string(user.get("email")), false, name, string(user.get("avatar")));
    }

    private ProviderProfile yandex(Map<String, Object> body) {
        String id = string(body.get("id"));
        if (id == null) {
            throw withoutId(Provider.YANDEX);
        }
        // The person's real name reads best on a personal account; the public nickname is the fallback.
        String name = firstPresent(
                string(body.get("real_name")),
                join(string(body.get("first_name")), string(body.get("last_name"))),
                string(body.get("display_name")),
                string(body.get("login")));
        String avatar = null;
        String avatarId = string(body.get("default_avatar_id"));
        if (avatarId != null && !Boolean.TRUE.equals(body.get("is_avatar_empty"))) {
            avatar = settings.yandex().avatarUrl() + "/" + avatarId + "/islands-200";
        }
        // Yandex has no verification flag either: its address is never used to link accounts.
        return new ProviderProfile(Provider.YANDEX, id, string(body.get("default_email")), false, name, avatar);
    }

    private static OAuth2AuthenticationException unavailable(Provider provider, String detail) {
        return unavailable(provider, detail, null);
    }

    private static OAuth2AuthenticationException unavailable(
            Provider provider, String detail, @Nullable Throwable cause) {
        String description = provider.id() + " profile unavailable: " + detail;
        log.warn("Sign-in with {} failed: {}", provider.id(), description);
        return cause == null
                ? SigninFailure.of(SigninFailure.PROFILE_UNAVAILABLE, description)
                : SigninFailure.of(SigninFailure.PROFILE_UNAVAILABLE, description, cause);
    }

    private static OAuth2AuthenticationException withoutId(Provider provider) {
        log.warn("Sign-in with {} failed: the profile has no user id", provider.id());
        return SigninFailure.of(SigninFailure.PROFILE_WITHOUT_ID, provider.id() + " profile without a user id");
    }

    static @Nullable String string(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static String firstPresent(@Nullable String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return "";
    }

    private static String join(@Nullable String first, @Nullable String last) {
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
    }
}
