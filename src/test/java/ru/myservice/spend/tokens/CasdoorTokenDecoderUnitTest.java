package ru.myservice.spend.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeCasdoorCert;
import ru.myservice.sandbox.FakeCasdoorTokens;

/** Every check of contract §7 refuses what it should, and nothing more: tokens as the Casdoor stand-in mints them. */
class CasdoorTokenDecoderUnitTest {

    private static final String ISSUER = "https://auth.example.test";
    private static final String CERT = "cert-built-in";

    private static FakeCasdoor casdoor;
    private static FakeCasdoorTokens tokens;

    private final Instant now = Instant.now();
    private final CasdoorTokenDecoder decoder = new CasdoorTokenDecoder(
            SigningKeys.fromCertificateFile(tokens.certFile(), CERT, JWSAlgorithm.RS256),
            JWSAlgorithm.RS256,
            CERT,
            ISSUER,
            SpendClients.parse("ai-demo:read|charge|refund,ai-site:read"),
            Clock.fixed(now, ZoneOffset.UTC));

    @BeforeAll
    static void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication("myservice", "AI demo", "ai-demo", "s1");
        casdoor.registerApplication("myservice", "AI site", "ai-site", "s2");
        casdoor.registerApplication("myservice", "Stranger", "ai-stranger", "s3");
        tokens = casdoor.tokens();
        tokens.setOrigin(ISSUER);
    }

    @AfterAll
    static void stop() {
        casdoor.close();
    }

    @Test
    void anApplicationsTokenPassesWithItsClaims() {
        Jwt jwt = decoder.decode(tokens.appAccessToken("ai-demo"));

        assertThat(jwt.getClaimAsString("azp")).isEqualTo("ai-demo");
        assertThat(jwt.getSubject()).isEqualTo("admin/AI demo");
        assertThat(jwt.getHeaders()).containsEntry("kid", CERT);
    }

    @Test
    void aPersonsTokenPassesTheTokenChecks() {
        Jwt jwt = decoder.decode(tokens.userAccessToken("myservice", "u-42", "ai-site"));

        assertThat(jwt.getClaimAsString("name")).isEqualTo("u-42");
    }

    @Test
    void onlyTheConfiguredAlgorithmAndCertificateAreAccepted() {
        var claims = tokens.appClaims("ai-demo");
        String publicKeyPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder()
                        .encodeToString(tokens.cert().publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";

        refused(hs256(claims, publicKeyPem.getBytes(StandardCharsets.US_ASCII)), "alg HS256");
        refused(hs256(claims, tokens.cert().publicKey().getEncoded()), "alg HS256");
        refused(unsigned(claims), "not a signed token");
        refused(FakeCasdoorTokens.sign(tokens.cert(), "cert-other", claims), "kid cert-other");
        refused(FakeCasdoorTokens.sign(FakeCasdoorCert.generate(CERT, "admin"), CERT, claims), "signature");
        refused("not.a.token", "malformed");
        refused("", "malformed");
    }

    @Test
    void refreshTokensAreRefusedWhateverTheirShape() {
        var claims = tokens.appClaims("ai-demo");

        refused(tokens.refreshToken(claims), "no kid");
        // JWT-Custom's refresh token: tokenType stays "access-token" and TokenType is added.
        refused(with(claims, c -> c.put("TokenType", "refresh-token")), "TokenType");
        refused(with(claims, c -> c.put("tokenType", "refresh-token")), "tokenType");
        refused(with(claims, c -> c.remove("tokenType")), "tokenType");
    }

    @Test
    void theIssuerMustBeAuthUrlExactly() {
        refused(with(tokens.appClaims("ai-demo"), c -> c.put("iss", ISSUER + "/")), "iss");
        refused(with(tokens.appClaims("ai-demo"), c -> c.put("iss", "http://casdoor:8000")), "iss");
        refused(with(tokens.appClaims("ai-demo"), c -> c.remove("iss")), "iss");
    }

    @Test
    void theAudienceMustNameAnAllowedClientThatIsAlsoTheAuthorizedParty() {
        // A token of a client not on the list.
        refused(tokens.appAccessToken("ai-stranger"), "azp ai-stranger is not on SPEND_CLIENTS");
        // Another application's token whose audience names an allowed client (RFC 8707 resource).
        refused(
                with(tokens.appClaims("ai-stranger"), c -> c.put("aud", List.of("ai-demo"))),
                "azp ai-stranger is not on SPEND_CLIENTS");
        // An allowed client's token meant for someone else.
        refused(with(tokens.appClaims("ai-demo"), c -> c.put("aud", List.of("other-api"))), "aud");
        refused(with(tokens.appClaims("ai-demo"), c -> c.put("aud", List.of("ai-site"))), "aud");
        // A shared application's audience.
        refused(with(tokens.appClaims("ai-demo"), c -> c.put("aud", List.of("ai-demo-org-myservice"))), "aud");
        refused(with(tokens.appClaims("ai-demo"), c -> c.remove("azp")), "azp");
    }

    @Test
    void timesAllowAMinuteOfSkewAndNoMore() {
        long t = now.getEpochSecond();

        refused(with(tokens.appClaims("ai-demo"), c -> mintedAt(c, t - 3600 - 61, 3600)), "expired");
        accepted(with(tokens.appClaims("ai-demo"), c -> mintedAt(c, t - 3600 - 30, 3600)));
        // Casdoor's tokens live a week: one issued two days ago is as good as a fresh one.
        accepted(with(tokens.appClaims("ai-demo"), c -> mintedAt(c, t - 2 * 86400, 168 * 3600)));
        refused(with(tokens.appClaims("ai-demo"), c -> c.put("nbf", t + 61)), "used before");
        accepted(with(tokens.appClaims("ai-demo"), c -> c.put("nbf", t + 30)));
        refused(with(tokens.appClaims("ai-demo"), c -> c.put("iat", t + 61)), "iat");
        accepted(with(tokens.appClaims("ai-demo"), c -> {
            c.put("iat", t + 30);
            c.put("nbf", t + 30);
        }));
        refused(with(tokens.appClaims("ai-demo"), c -> c.remove("exp")), "exp");
        refused(with(tokens.appClaims("ai-demo"), c -> c.remove("iat")), "iat");
    }

    private static void mintedAt(Map<String, Object> claims, long epochSecond, long lifetimeSeconds) {
        claims.put("iat", epochSecond);
        claims.put("nbf", epochSecond);
        claims.put("exp", epochSecond + lifetimeSeconds);
    }

    private void refused(String token, String reason) {
        assertThatThrownBy(() -> decoder.decode(token))
                .as(reason)
                .isInstanceOf(BadJwtException.class)
                .satisfies(e -> assertThat(reasons(e)).containsIgnoringCase(reason));
    }

    private void accepted(String token) {
        assertThat(decoder.decode(token).getClaimAsString("azp")).isEqualTo("ai-demo");
    }

    /** The decoder's own words and those of every check that failed. */
    private static String reasons(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        if (e instanceof org.springframework.security.oauth2.jwt.JwtValidationException invalid) {
            invalid.getErrors().forEach(error -> out.append(" | ").append(error.getDescription()));
        }
        return out.toString();
    }

    private static String with(Map<String, Object> claims, Consumer<Map<String, Object>> change) {
        var changed = new java.util.LinkedHashMap<>(claims);
        change.accept(changed);
        return tokens.accessToken(changed);
    }

    private static String hs256(Map<String, Object> claims, byte[] secret) {
        try {
            var jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(CERT).build(), payload(claims));
            jws.sign(new MACSigner(secret));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"kid\":\"cert-built-in\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload(claims).toBytes()) + ".";
    }

    private static Payload payload(Map<String, Object> claims) {
        return new Payload(
                tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(claims));
    }
}
