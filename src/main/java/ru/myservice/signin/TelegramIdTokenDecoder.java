package ru.myservice.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Decodes Telegram's ID tokens. Telegram writes the numeric bot id as a JSON number in {@code aud},
 * which Nimbus's claim parser refuses ("Illegal aud claim"); so the signature is verified with
 * Nimbus, but the claims are read as plain JSON and then converted and validated the way Spring's
 * own ID-token decoder does.
 */
final class TelegramIdTokenDecoder implements JwtDecoder {

    private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);

    private final String jwkSetUri;
    private final RestClient http;
    private final Converter<Map<String, Object>, Map<String, Object>> claimTypes;
    private final OAuth2TokenValidator<Jwt> validator;
    private final AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet());
    private volatile Instant fetchedAt = Instant.EPOCH;

    TelegramIdTokenDecoder(
            String jwkSetUri,
            RestClient http,
            Converter<Map<String, Object>, Map<String, Object>> claimTypes,
            OAuth2TokenValidator<Jwt> validator) {
        this.jwkSetUri = jwkSetUri;
        this.http = http;
        this.claimTypes = claimTypes;
        this.validator = validator;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new BadJwtException("Malformed ID token", e);
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new BadJwtException(
                    "Unexpected ID token algorithm " + jwt.getHeader().getAlgorithm());
        }
        RSAKey key = key(jwt.getHeader().getKeyID());
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw new BadJwtException("ID token signature does not verify");
            }
        } catch (JOSEException e) {
            throw new BadJwtException("ID token signature cannot be checked", e);
        }
        Map<String, Object> raw = new HashMap<>(jwt.getPayload().toJSONObject());
        if (raw.get("aud") instanceof Number number) {
            raw.put("aud", List.of(number.toString()));
        }
        Map<String, Object> claims = claimTypes.convert(raw);
        Jwt decoded = Jwt.withTokenValue(token)
                .headers(headers -> headers.putAll(jwt.getHeader().toJSONObject()))
                .claims(all -> all.putAll(claims))
                .build();
        OAuth2TokenValidatorResult result = validator.validate(decoded);
        if (result.hasErrors()) {
            throw new JwtValidationException("ID token rejected: " + result.getErrors(), result.getErrors());
        }
        return decoded;
    }

    /** The signing key by id, fetching the key set again (at most once a minute) when the id is new. */
    private RSAKey key(String keyId) {
        JWK found = keyId == null ? null : keys.get().getKeyByKeyId(keyId);
        if (found == null && Duration.between(fetchedAt, Instant.now()).compareTo(REFETCH_AT_MOST_EVERY) > 0) {
            fetchedAt = Instant.now();
            try {
                keys.set(JWKSet.parse(http.get().uri(jwkSetUri).retrieve().body(String.class)));
            } catch (RestClientException | ParseException e) {
                throw new JwtException("Could not fetch Telegram's signing keys: " + e.getMessage(), e);
            }
            found = keyId == null ? null : keys.get().getKeyByKeyId(keyId);
            if (found == null && keyId == null && keys.get().getKeys().size() == 1) {
                found = keys.get().getKeys().getFirst();
            }
        }
        if (!(found instanceof RSAKey rsa)) {
            throw new BadJwtException("No RSA signing key " + keyId + " at " + jwkSetUri);
        }
        return rsa;
    }
}
