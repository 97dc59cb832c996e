package ru.myservice.spend.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeCasdoorCert;
import ru.myservice.sandbox.FakeCasdoorTokens;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spend API as a calling service meets it, with Casdoor's certificate in CASDOOR_CERT_FILE: a good token reaches
 * the endpoint as its caller, and every bad one is the same 401 problem, whatever was wrong with it.
 */
class SpendTokensIntegrationTest {

    static final String AUTH_URL = "https://auth.example.test";
    static final String INVALID_TOKEN_RU =
            "Токен доступа отсутствует, недействителен или истёк. Получите новый в Casdoor.";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static FakeCasdoor casdoor;
    private static FakeCasdoorTokens tokens;
    private static AppInstance app;

    @BeforeAll
    static void start() {
        casdoor = casdoorWithClients();
        tokens = casdoor.tokens();
        app = AppInstance.start(
                SharedApp.providers(),
                settings(
                        casdoor,
                        Map.of(
                                "myservice.spend.tokens.cert-file",
                                tokens.certFile().toString())));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        casdoor.close();
    }

    /** A Casdoor whose origin is AUTH_URL, with the clients the tests call as. */
    static FakeCasdoor casdoorWithClients() {
        FakeCasdoor fake = FakeCasdoor.start(0);
        fake.registerApplication("myservice", "Myservice", "myservice-client", "myservice-secret");
        fake.registerApplication("myservice", "AI demo", "ai-demo", "ai-demo-secret");
        fake.registerApplication("myservice", "AI site", "ai-site", "ai-site-secret");
        fake.registerApplication("myservice", "AI charger", "ai-charger", "ai-charger-secret");
        fake.registerApplication("myservice", "Stranger", "ai-stranger", "ai-stranger-secret");
        fake.tokens().setOrigin(AUTH_URL);
        return fake;
    }

    /** AUTH_URL with a trailing slash, which the check must forgive; Casdoor reached at the stand-in's address. */
    static Map<String, String> settings(FakeCasdoor fake, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("myservice.auth-url", AUTH_URL + "/");
        settings.put("myservice.casdoor.endpoint", fake.baseUri().toString());
        settings.put("myservice.spend.tokens.clients", "ai-demo:read|charge|refund,ai-site:read,ai-charger:charge");
        settings.put(SpendCallerProbe.ENABLED, "true");
        settings.putAll(more);
        return settings;
    }

    @Test
    void aServicesOwnTokenReachesTheEndpointAsItsClientWithoutASession() {
        var response = call("GET", "/api/v1/probe/caller", tokens.appAccessToken("ai-demo"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode caller = JSON.readTree(response.body());
        assertThat(caller.path("clientId").asString()).isEqualTo("ai-demo");
        assertThat(caller.path("rights").toString()).isEqualTo("[\"READ\",\"CHARGE\",\"REFUND\"]");
        assertThat(caller.path("person").isNull()).isTrue();
        assertThat(response.headers().allValues("Set-Cookie"))
                .as("no session, no CSRF cookie")
                .isEmpty();
    }

    @Test
    void aTokenThatPassesMeetsTheUsualProblemsBeyond() {
        var response = call("GET", "/api/v1/no-such-thing", tokens.appAccessToken("ai-site"));

        assertThat(problem(response, 404, "not_found").path("detail").asString())
                .isEqualTo("Такого адреса нет.");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void aPersonsOwnTokenReadsAsThatPerson() {
        var response = call("GET", "/api/v1/probe/caller", tokens.userAccessToken("myservice", "u-42", "ai-demo"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode caller = JSON.readTree(response.body());
        assertThat(caller.path("clientId").asString()).isEqualTo("ai-demo");
        assertThat(caller.path("person").asString()).isEqualTo("u-42");
        assertThat(caller.path("rights").toString()).isEqualTo("[\"READ\"]");
    }

    @Test
    void everyBadTokenIsTheSame401ProblemWithABearerChallenge() {
        var claims = tokens.appClaims("ai-demo");
        long now = Instant.now().getEpochSecond();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("malformed", "not-a-token");
        bad.put(
                "signed with another key",
                FakeCasdoorTokens.sign(FakeCasdoorCert.generate("cert-built-in", "admin"), "cert-built-in", claims));
        bad.put(
                "HS256 keyed with the public key",
                hs256(claims, tokens.cert().publicKey().getEncoded()));
        bad.put("alg none", unsigned(claims));
        bad.put("expired beyond the skew", with(claims, c -> mintedAt(c, now - 3600 - 90)));
        bad.put("another audience", with(claims, c -> c.put("aud", List.of("another-api"))));
        bad.put("a client not on SPEND_CLIENTS", tokens.appAccessToken("ai-stranger"));
        bad.put(
                "an allowed audience but another authorized party",
                with(tokens.appClaims("ai-stranger"), c -> c.put("aud", List.of("ai-demo"))));
        bad.put("a refresh token", tokens.refreshToken(claims));
        bad.put("another issuer", with(claims, c -> c.put("iss", "http://casdoor:8000")));
        bad.put("a person of another organization", tokens.userAccessToken("other-org", "u-42", "ai-demo"));

        var missing = call("GET", "/api/v1/probe/caller", null);
        assertThat(problem(missing, 401, "invalid_token").path("detail").asString())
                .isEqualTo(INVALID_TOKEN_RU);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        bad.forEach((kind, token) -> {
            var response = call("GET", "/api/v1/probe/caller", token);
            JsonNode problem = problem(response, 401, "invalid_token");
            assertThat(problem.path("detail").asString()).as(kind).isEqualTo(INVALID_TOKEN_RU);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(kind)
                    .contains("Bearer error=\"invalid_token\"");
            assertThat(response.headers().allValues("Set-Cookie")).as(kind).isEmpty();
        });
    }

    @Test
    void aTokenExpiredWithinTheMinuteOfSkewStillPasses() {
        long now = Instant.now().getEpochSecond();
        var response = call(
                "GET", "/api/v1/probe/caller", with(tokens.appClaims("ai-demo"), c -> mintedAt(c, now - 3600 - 20)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void theRefusalSpeaksTheCallersLanguage() {
        var response = HttpRequest.newBuilder(URI.create(app.url("/api/v1/probe/caller")))
                .header("Accept-Language", "en")
                .header("Authorization", "Bearer not-a-token");

        assertThat(problem(send(response), 401, "invalid_token").path("detail").asString())
                .isEqualTo("The access token is missing, invalid or expired. Get a new one from Casdoor.");
    }

    @Test
    void aCallerWithoutTheRightIs403InsufficientRights() {
        // ai-site may only read; ai-charger may charge but neither read nor refund; a person may only read.
        var readerRefunding = call("POST", "/api/v1/probe/refund", tokens.appAccessToken("ai-site"));
        var chargerRefunding = call("POST", "/api/v1/probe/refund", tokens.appAccessToken("ai-charger"));
        var chargerReading = call("GET", "/api/v1/probe/caller", tokens.appAccessToken("ai-charger"));
        var personRefunding =
                call("POST", "/api/v1/probe/refund", tokens.userAccessToken("myservice", "u-42", "ai-demo"));
        var refunding = call("POST", "/api/v1/probe/refund", tokens.appAccessToken("ai-demo"));

        for (var denied : List.of(readerRefunding, chargerRefunding, chargerReading, personRefunding)) {
            assertThat(problem(denied, 403, "insufficient_rights")
                            .path("detail")
                            .asString())
                    .isEqualTo("У этого клиента нет права на такое действие.");
        }
        assertThat(refunding.statusCode())
                .as("a POST with a bearer token needs no CSRF token: " + refunding.body())
                .isEqualTo(200);
    }

    @Test
    void aSignedInBrowserIsNoSpendCaller() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        var response = browser.call("GET", app.url("/api/v1/probe/caller"), null, null, null);

        problem(response, 401, "invalid_token");
    }

    @Test
    void theCertificateWhosePrivateKeyIsPublicStopsTheStart() {
        String file = FakeCasdoorCert.publiclyKnown().writeTempFile().toString();

        assertThatThrownBy(() -> AppInstance.start(
                                SharedApp.providers(),
                                settings(casdoor, Map.of("myservice.spend.tokens.cert-file", file)))
                        .close())
                .rootCause()
                .hasMessageContaining("O=Casdoor Organization, CN=Casdoor Cert")
                .hasMessageContaining(file);
    }

    // ---------------------------------------------------------------- helpers

    static HttpResponse<String> call(AppInstance app, String method, String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(app.url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static HttpResponse<String> call(String method, String path, String token) {
        return call(app, method, path, token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as("content type of " + response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("code").asString()).as(response.body()).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }

    private static void mintedAt(Map<String, Object> claims, long epochSecond) {
        claims.put("iat", epochSecond);
        claims.put("nbf", epochSecond);
        claims.put("exp", epochSecond + 3600);
    }

    private static String with(Map<String, Object> claims, Consumer<Map<String, Object>> change) {
        var changed = new LinkedHashMap<>(claims);
        change.accept(changed);
        return tokens.accessToken(changed);
    }

    private static String hs256(Map<String, Object> claims, byte[] secret) {
        try {
            var jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID("cert-built-in")
                            .build(),
                    payload(claims));
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
        return new Payload(JSON.writeValueAsString(claims));
    }
}
