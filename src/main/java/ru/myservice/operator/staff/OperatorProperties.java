package ru.myservice.operator.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * How staff sign in to the console: a Casdoor application of its own, and who counts as staff.
 *
 * @param clientId the staff application's client id ({@code OPERATOR_CLIENT_ID}); empty: no console,
 *     every {@code /operator} address is «not found»
 * @param clientSecret its secret ({@code OPERATOR_CLIENT_SECRET})
 * @param application its name in Casdoor ({@code OPERATOR_APPLICATION}), whose key set checks the ID tokens
 * @param group members of this Casdoor group may look and act ({@code OPERATOR_GROUP}, {@code "<org>/<group>"})
 * @param readOnlyGroup members of this one only may look ({@code OPERATOR_READONLY_GROUP})
 * @param issuer Casdoor's public address ({@code AUTH_URL}): browsers are sent there, and it is the tokens' {@code iss}
 * @param endpoint where the app calls Casdoor ({@code CASDOOR_ENDPOINT}): tokens, userinfo and keys
 * @param organization our Casdoor organization: staff belong to it ({@code CASDOOR_ORGANIZATION})
 * @param idleTimeout a staff session unused this long ends ({@code OPERATOR_SESSION_IDLE_TIMEOUT})
 * @param maxAge a staff session ends this long after sign-in, however busy ({@code OPERATOR_SESSION_MAX_AGE})
 */
@Validated
@ConfigurationProperties("myservice.operator")
record OperatorProperties(
        String clientId,
        String clientSecret,
        @NotBlank String application,
        @NotBlank String group,
        @NotBlank String readOnlyGroup,
        @NotNull URI issuer,
        @NotNull URI endpoint,
        @NotBlank String organization,
        @NotNull Duration idleTimeout,
        @NotNull Duration maxAge,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout) {

    OperatorProperties {
        clientId = clientId == null ? "" : clientId.strip();
        clientSecret = clientSecret == null ? "" : clientSecret;
        if (!clientId.isEmpty() && clientSecret.isBlank()) {
            throw new IllegalArgumentException("OPERATOR_CLIENT_SECRET is missing: OPERATOR_CLIENT_ID needs it");
        }
        if (idleTimeout != null && maxAge != null && idleTimeout.compareTo(maxAge) > 0) {
            throw new IllegalArgumentException(
                    "OPERATOR_SESSION_IDLE_TIMEOUT must not exceed OPERATOR_SESSION_MAX_AGE");
        }
    }

    /** Whether the console is on: a staff application is configured. */
    boolean enabled() {
        return !clientId.isEmpty();
    }

    /** {@code AUTH_URL} as Casdoor writes it into {@code iss}: its {@code origin} has no trailing slash. */
    String issuerBase() {
        return withoutTrailingSlash(issuer.toString());
    }

    String authorizationUri() {
        return issuerBase() + "/login/oauth/authorize";
    }

    /** Casdoor's {@code end_session_endpoint} (contract §5). */
    String endSessionUri() {
        return issuerBase() + "/api/logout";
    }

    String tokenUri() {
        return withoutTrailingSlash(endpoint.toString()) + "/api/login/oauth/access_token";
    }

    String userInfoUri() {
        return withoutTrailingSlash(endpoint.toString()) + "/api/userinfo";
    }

    /** The staff application's own key set: one malformed certificate elsewhere cannot break it (contract §4). */
    String jwksUri() {
        return UriComponentsBuilder.fromUri(endpoint)
                .pathSegment(".well-known", application, "jwks")
                .build()
                .encode()
                .toUriString();
    }

    private static String withoutTrailingSlash(String s) {
        String out = s;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
