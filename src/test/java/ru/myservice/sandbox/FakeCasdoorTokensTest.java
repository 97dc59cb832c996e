package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stand-in's tokens against {@code shared/contracts/casdoor-tokens.md} §1–4 and §8. */
class FakeCasdoorTokensTest {

    private static final String ORG = "myservice";
    private static final String CLIENT_ID = "ai-demo";
    private static final String SECRET = "ai-demo-secret";
    private static final String ORIGIN = "https://auth.example.test";
    private static final String TOKEN_ENDPOINT = "/api/login/oauth/access_token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeCasdoor casdoor;

    @BeforeEach
    void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication(ORG, "AI demo", CLIENT_ID, SECRET);
        casdoor.tokens().setOrigin(ORIGIN);
    }

    @AfterEach
    void stop() {
        casdoor.close();
        http.close();
    }

    @Test
    void clientCredentialsGiveTheApplicationsOwnAccessTokenAsTheContractDescribesIt() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        var response = post(
                TOKEN_ENDPOINT,
                "application/x-www-form-urlencoded",
                form(Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        CLIENT_ID,
                        "client_secret",
                        SECRET,
                        "scope",
                        "spend")),
                null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(names(body))
                .containsExactly("access_token", "id_token", "refresh_token", "token_type", "expires_in", "scope");
        String token = body.path("access_token").asString();
        assertThat(body.path("id_token").asString()).isEqualTo(token);
        assertThat(body.path("refresh_token").asString()).isEmpty();
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(168 * 3600);
        assertThat(body.path("scope").asString()).isEqualTo("spend");

        JWSObject jws = JWSObject.parse(token);
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jws.getHeader().getKeyID()).isEqualTo("cert-built-in");
        assertThat(jws.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jws.verify(new RSASSAVerifier(publicKeyInCertFile()))).isTrue();
        JsonNode claims = JSON.readTree(jws.getPayload().toString());
        assertThat(claims.path("owner").asString()).isEqualTo("admin");
        assertThat(claims.path("name").asString()).isEqualTo("AI demo");
        assertThat(claims.path("id").asString()).isEqualTo("admin/AI demo");
        assertThat(claims.path("sub").asString()).isEqualTo("admin/AI demo");
        assertThat(claims.path("tokenType").asString()).isEqualTo("access-token");
        assertThat(claims.path("azp").asString()).isEqualTo(CLIENT_ID);
        assertThat(claims.path("aud").isArray()).as("aud is always an array").isTrue();
        assertThat(claims.path("aud").get(0).asString()).isEqualTo(CLIENT_ID);
        assertThat(claims.path("aud").size()).isEqualTo(1);
        assertThat(claims.path("iss").asString()).isEqualTo(ORIGIN);
        assertThat(claims.path("jti").asString()).startsWith("admin/");
        assertThat(claims.path("scope").asString()).isEqualTo("spend");
        long iat = claims.path("iat").asLong();
        assertThat(Instant.ofEpochSecond(iat)).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(claims.path("nbf").asLong()).isEqualTo(iat);
        assertThat(claims.path("exp").asLong()).isEqualTo(iat + 168 * 3600);
        // JWT-Empty: the user fields are there, empty; nothing else of a user.
        assertThat(claims.path("email").asString()).isEmpty();
        assertThat(claims.has("email_verified")).isFalse();
        assertThat(claims.has("nonce")).isFalse();
        assertThat(claims.has("type")).isFalse();
    }

    @Test
    void theCredentialsMayComeInTheQueryAJsonBodyOrBasic() throws Exception {
        var query = post(
                TOKEN_ENDPOINT + "?grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=" + SECRET,
                null,
                "",
                null);
        var json = post(
                TOKEN_ENDPOINT,
                "application/json",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\""
                        + SECRET + "\"}",
                null);
        var basic = post(
                TOKEN_ENDPOINT,
                "application/x-www-form-urlencoded",
                "grant_type=client_credentials",
                "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(UTF_8)));

        for (var response : List.of(query, json, basic)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String token = JSON.readTree(response.body()).path("access_token").asString();
            assertThat(claims(token).path("azp").asString()).isEqualTo(CLIENT_ID);
            // No scope asked, none in the token.
            assertThat(claims(token).has("scope")).isFalse();
        }
    }

    @Test
    void aWrongClientIs401WithBasicChallengeAndEveryOtherError400() throws Exception {
        var wrongSecret = post(
                TOKEN_ENDPOINT,
                "application/x-www-form-urlencoded",
                form(Map.of("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", "nope")),
                null);
        var unknownClient = post(
                TOKEN_ENDPOINT,
                "application/x-www-form-urlencoded",
                form(Map.of("grant_type", "client_credentials", "client_id", "nobody", "client_secret", SECRET)),
                null);
        var wrongGrant = post(
                TOKEN_ENDPOINT,
                "application/x-www-form-urlencoded",
                form(Map.of("grant_type", "magic", "client_id", CLIENT_ID, "client_secret", SECRET)),
                null);

        for (var response : List.of(wrongSecret, unknownClient)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"OAuth2\"");
            JsonNode error = JSON.readTree(response.body());
            assertThat(names(error)).containsExactly("error", "error_description");
            assertThat(error.path("error").asString()).isEqualTo("invalid_client");
        }
        assertThat(JSON.readTree(wrongSecret.body()).path("error_description").asString())
                .isEqualTo("client_secret is invalid");
        assertThat(wrongGrant.statusCode()).isEqualTo(400);
        assertThat(wrongGrant.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(JSON.readTree(wrongGrant.body()).path("error").asString()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void withoutAnOriginTheIssuerFollowsTheHostTheTokenWasAskedAt() throws Exception {
        casdoor.tokens().setOrigin(null);
        String body = form(Map.of("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", SECRET));

        var local = http.send(
                HttpRequest.newBuilder(casdoor.baseUri().resolve(TOKEN_ENDPOINT))
                        .header("Host", "casdoor:8000")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var named = http.send(
                HttpRequest.newBuilder(casdoor.baseUri().resolve(TOKEN_ENDPOINT))
                        .header("Host", "auth.example.ru")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(claims(JSON.readTree(local.body()).path("access_token").asString())
                        .path("iss")
                        .asString())
                .isEqualTo("http://casdoor:8000");
        assertThat(claims(JSON.readTree(named.body()).path("access_token").asString())
                        .path("iss")
                        .asString())
                .isEqualTo("https://auth.example.ru");
    }

    @Test
    void discoveryNamesTheOriginAndTheKeySetsListTheCertificate() throws Exception {
        JsonNode discovery =
                JSON.readTree(get("/.well-known/openid-configuration").body());
        JsonNode ofApp =
                JSON.readTree(get("/.well-known/AI%20demo/openid-configuration").body());
        var appKeys = get("/.well-known/AI%20demo/jwks");
        var allKeys = get("/.well-known/jwks");
        JsonNode missing = JSON.readTree(get("/.well-known/Nobody/jwks").body());

        assertThat(discovery.path("issuer").asString()).isEqualTo(ORIGIN);
        assertThat(discovery.path("jwks_uri").asString()).isEqualTo(ORIGIN + "/.well-known/jwks");
        assertThat(discovery.path("end_session_endpoint").asString()).isEqualTo(ORIGIN + "/api/logout");
        assertThat(discovery.path("code_challenge_methods_supported").toString())
                .isEqualTo("[\"S256\"]");
        assertThat(ofApp.path("issuer").asString()).isEqualTo(ORIGIN);
        assertThat(ofApp.path("jwks_uri").asString()).isEqualTo(ORIGIN + "/.well-known/AI demo/jwks");

        FakeCasdoorCert cert = casdoor.tokens().cert();
        for (var keys : List.of(appKeys, allKeys)) {
            assertThat(keys.statusCode()).isEqualTo(200);
            RSAKey key = JWKSet.parse(keys.body()).getKeys().getFirst().toRSAKey();
            assertThat(key.getKeyID()).isEqualTo("cert-built-in");
            assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
            assertThat(key.toRSAPublicKey()).isEqualTo(cert.publicKey());
            assertThat(key.getParsedX509CertChain().getFirst()).isEqualTo(cert.certificate());
        }
        assertThat(missing.path("status").asString()).isEqualTo("error");
        assertThat(missing.path("msg").asString()).isEqualTo("The application: admin/Nobody does not exist");
    }

    @Test
    void theCertificateFileIsSelfSignedAndNamedAsCasdoorNamesIt() throws Exception {
        X509Certificate certificate = certificateInCertFile();

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=cert-built-in,O=admin");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getSerialNumber()).isEqualTo(BigInteger.valueOf(123456));
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength())
                .isEqualTo(2048);
        certificate.verify(certificate.getPublicKey());
        assertThat(Files.readString(casdoor.tokens().certFile())).startsWith("-----BEGIN CERTIFICATE-----\n");

        casdoor.tokens().useCert(FakeCasdoorCert.publiclyKnown());
        assertThat(certificateInCertFile().getSubjectX500Principal().getName())
                .isEqualTo("CN=Casdoor Cert,O=Casdoor Organization");
    }

    @Test
    void aPersonsTokensAreJwtEmptyAndTheRefreshTokenHasNoKid() throws Exception {
        var claims = casdoor.tokens().userClaims(ORG, "u-42", CLIENT_ID);
        String access = casdoor.tokens().accessToken(claims);
        String refresh = casdoor.tokens().refreshToken(claims);

        JWSObject accessJws = JWSObject.parse(access);
        JWSObject refreshJws = JWSObject.parse(refresh);
        assertThat(accessJws.getHeader().getKeyID()).isEqualTo("cert-built-in");
        assertThat(refreshJws.getHeader().getKeyID()).isNull();
        assertThat(refreshJws.verify(new RSASSAVerifier(publicKeyInCertFile())))
                .as("a refresh token verifies like an access token")
                .isTrue();
        JsonNode a = claims(access);
        assertThat(names(a))
                .containsExactly(
                        "owner",
                        "name",
                        "id",
                        "displayName",
                        "avatar",
                        "email",
                        "phone",
                        "tokenType",
                        "scope",
                        "azp",
                        "iss",
                        "sub",
                        "aud",
                        "exp",
                        "nbf",
                        "iat",
                        "jti");
        assertThat(a.path("owner").asString()).isEqualTo(ORG);
        assertThat(a.path("name").asString()).isEqualTo("u-42");
        assertThat(a.path("sub").asString()).isEqualTo(a.path("id").asString()).doesNotContain("/");
        assertThat(claims(refresh).path("tokenType").asString()).isEqualTo("refresh-token");
        assertThat(claims(refresh).path("sub").asString())
                .isEqualTo(a.path("sub").asString());
    }

    // ---------------------------------------------------------------- helpers

    private RSAPublicKey publicKeyInCertFile() throws Exception {
        return (RSAPublicKey) certificateInCertFile().getPublicKey();
    }

    private X509Certificate certificateInCertFile() throws Exception {
        try (InputStream in = Files.newInputStream(casdoor.tokens().certFile())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static JsonNode claims(String token) throws Exception {
        return JSON.readTree(JWSObject.parse(token).getPayload().toString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(casdoor.baseUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String authorization)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(casdoor.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, UTF_8) + "=" + URLEncoder.encode(v, UTF_8)));
        return String.join("&", pairs);
    }

    private static List<String> names(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }
}
