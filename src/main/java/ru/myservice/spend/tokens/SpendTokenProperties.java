package ru.myservice.spend.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * How the spend API checks the Casdoor access tokens its callers send.
 *
 * @param issuer Casdoor's public address ({@code AUTH_URL}); a token's {@code iss} must equal it exactly, so only a
 *     trailing slash here is dropped, never anything in the token
 * @param casdoorEndpoint the address the app calls Casdoor at ({@code CASDOOR_ENDPOINT}); the key set is fetched
 *     from there when no certificate file is set
 * @param application the Casdoor application whose key set is fetched ({@code CASDOOR_APPLICATION})
 * @param organization our Casdoor organization ({@code CASDOOR_ORGANIZATION}): a person's token must belong to it
 * @param certFile Casdoor's signing certificate as its console downloads it ({@code CASDOOR_CERT_FILE}); empty:
 *     the keys come from Casdoor's JWKS
 * @param algorithm the one signing algorithm accepted ({@code SPEND_TOKEN_ALGORITHM})
 * @param certName the Casdoor certificate the tokens are signed with, which is their {@code kid}
 *     ({@code SPEND_TOKEN_CERT_NAME})
 * @param clients who may call and what each may do ({@code SPEND_CLIENTS}, {@code clientId:right|right,…})
 */
@Validated
@ConfigurationProperties("myservice.spend.tokens")
record SpendTokenProperties(
        @NotNull URI issuer,
        @NotNull URI casdoorEndpoint,
        @NotBlank String application,
        @NotBlank String organization,
        String certFile,
        @NotBlank String algorithm,
        @NotBlank String certName,
        String clients,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout) {

    /** The algorithms Casdoor signs with (an application's {@code tokenSigningMethod}). */
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS512", "ES256", "ES384", "ES512");

    SpendTokenProperties {
        certFile = certFile == null ? "" : certFile.strip();
        clients = clients == null ? "" : clients;
        if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("SPEND_TOKEN_ALGORITHM must be one of "
                    + ALGORITHMS.stream().sorted().toList() + " (the Casdoor application's token signing method), got '"
                    + algorithm + "'");
        }
        // Parsed here so a malformed list stops the start, naming the entry at fault.
        SpendClients.parse(clients);
    }

    /** {@code AUTH_URL} as Casdoor writes it into {@code iss}: its {@code origin} setting has no trailing slash. */
    String expectedIssuer() {
        String s = issuer.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    SpendClients allowedClients() {
        return SpendClients.parse(clients);
    }

    /** Casdoor's key set for our application: it lists that application's certificate only (contract §4). */
    URI jwksUri() {
        return UriComponentsBuilder.fromUri(casdoorEndpoint)
                .pathSegment(".well-known", application, "jwks")
                .build()
                .encode()
                .toUri();
    }
}
