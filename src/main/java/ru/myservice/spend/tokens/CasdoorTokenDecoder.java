package ru.myservice.spend.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Checks a Casdoor access token the way contract §7 asks, without asking Casdoor: the pinned algorithm, the
 * configured certificate as {@code kid} (which refresh tokens lack), the signature, {@code iss}, {@code aud} and
 * {@code azp}, the times with at most a minute of skew, and {@code tokenType}. Which owner a token may have is the
 * business of {@link SpendCallers}.
 *
 * <p>The header is read before anything else, so a token naming another key never makes us fetch Casdoor's key set.
 */
final class CasdoorTokenDecoder implements JwtDecoder {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final String ACCESS_TOKEN = "access-token";

    private final JWSAlgorithm algorithm;
    private final String certName;
    private final NimbusJwtDecoder verifier;

    CasdoorTokenDecoder(
            JWKSource<SecurityContext> keys,
            JWSAlgorithm algorithm,
            String certName,
            String issuer,
            SpendClients clients,
            Clock clock) {
        this.algorithm = algorithm;
        this.certName = certName;
        this.verifier = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.from(algorithm.getName()))
                .build();
        var times = new JwtTimestampValidator(CLOCK_SKEW);
        times.setAllowEmptyExpiryClaim(false);
        times.setAllowEmptyNotBeforeClaim(false);
        times.setClock(clock);
        verifier.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(List.of(times, new Claims(issuer, clients, clock))));
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        JWSHeader header = header(token);
        if (!algorithm.equals(header.getAlgorithm())) {
            throw new BadJwtException(
                    "alg " + Printable.of(header.getAlgorithm()) + " is not the configured " + algorithm);
        }
        if (header.getKeyID() == null) {
            throw new BadJwtException("no kid: not an access token (refresh tokens carry none)");
        }
        if (!certName.equals(header.getKeyID())) {
            throw new BadJwtException(
                    "kid " + Printable.of(header.getKeyID()) + " is not the configured certificate " + certName);
        }
        return verifier.decode(token);
    }

    private static JWSHeader header(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new BadJwtException("malformed token", e);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new BadJwtException(
                    "not a signed token (alg " + Printable.of(jwt.getHeader().getAlgorithm()) + ")");
        }
        return signed.getHeader();
    }

    /** The claims Casdoor sets on every access token our clients may use. */
    private record Claims(String issuer, SpendClients clients, Clock clock) implements OAuth2TokenValidator<Jwt> {

        @Override
        public OAuth2TokenValidatorResult validate(Jwt jwt) {
            // Not Spring's JwtIssuedAtValidator: it also refuses tokens issued over a minute ago.
            Instant issuedAt = jwt.getIssuedAt();
            if (issuedAt == null) {
                return invalid("no iat");
            }
            if (issuedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
                return invalid("iat " + issuedAt + " is in the future");
            }
            Object iss = jwt.getClaims().get("iss");
            if (iss == null || !issuer.equals(iss.toString())) {
                return invalid("iss " + Printable.of(iss) + " is not AUTH_URL " + issuer);
            }
            String azp = jwt.getClaimAsString("azp");
            if (azp == null || !clients.allows(azp)) {
                return invalid("azp " + Printable.of(azp) + " is not on SPEND_CLIENTS");
            }
            List<String> audience = jwt.getAudience();
            if (audience == null || !audience.contains(azp)) {
                return invalid("aud " + Printable.of(audience) + " does not name azp " + azp);
            }
            Object tokenType = jwt.getClaims().get("tokenType");
            if (!ACCESS_TOKEN.equals(tokenType)) {
                return invalid("tokenType " + Printable.of(tokenType) + " is not " + ACCESS_TOKEN);
            }
            // JWT-Custom refresh tokens keep tokenType "access-token" and add this one (contract §2).
            if (jwt.hasClaim("TokenType")) {
                return invalid("TokenType claim present: a refresh token");
            }
            return OAuth2TokenValidatorResult.success();
        }

        private static OAuth2TokenValidatorResult invalid(String description) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
        }
    }
}
