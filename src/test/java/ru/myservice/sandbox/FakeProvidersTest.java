package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ru.myservice.sandbox.FakeProviders.Failure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FakeProvidersTest {

    private static final String REDIRECT = "http://localhost:8081/login/oauth2/code/";
    private static final String SECRET = "s3cr3t";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    // Telegram's client id is the bot's numeric id.
    private static final String TELEGRAM_BOT_ID = "8012345678";

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeProviders fake;

    @BeforeEach
    void start() {
        fake = FakeProviders.start(0);
        fake.registerClient("vk", "vk-app", SECRET);
        fake.registerClient("yandex", "ya-app", SECRET);
        fake.registerClient("google", "g-app.apps.googleusercontent.com", SECRET);
        fake.registerClient("telegram", TELEGRAM_BOT_ID, SECRET);
    }

    @AfterEach
    void stop() {
        fake.close();
        http.close();
    }

    // ---------------------------------------------------------------- VK ID

    @Test
    void vkCodeFlowWithPkceAndDeviceIdReturnsTokensAndUser() throws Exception {
        Flow flow = authorizeAndAllow("vk");

        assertThat(flow.callback)
                .containsEntry("state", flow.state)
                .containsEntry("type", "code_v2")
                .containsEntry("expires_in", "600")
                .containsKeys("code", "device_id");

        HttpResponse<String> token = token("vk", flow, Map.of());
        assertThat(token.statusCode()).isEqualTo(200);
        JsonNode body = json(token);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("user_id").isNumber()).isTrue();
        assertThat(body.get("user_id").asLong()).isEqualTo(100000001L);
        assertThat(body.get("state").asString()).isEqualTo(flow.state);
        assertThat(body.get("scope").asString()).isEqualTo("vkid.personal_info email");
        assertThat(body.get("refresh_token").asString()).isNotBlank();
        assertThat(body.get("id_token").asString().split("\\.")).hasSize(3);

        HttpResponse<String> info = profile("vk", body.get("access_token").asString());
        assertThat(info.statusCode()).isEqualTo(200);
        JsonNode user = json(info).get("user");
        assertThat(user.get("user_id").asString()).isEqualTo("100000001");
        assertThat(user.get("first_name").asString()).isEqualTo("Иван");
        assertThat(user.get("last_name").asString()).isEqualTo("Петров");
        assertThat(user.get("email").asString()).isEqualTo("ivan.petrov@example.ru");
        assertThat(user.get("verified").asBoolean()).isFalse();
        assertThat(user.get("avatar").asString()).startsWith(fake.baseUri().toString());

        FakeRequest tokenCall = fake.requests("vk").stream()
                .filter(r -> r.path().equals("/vk/oauth2/auth"))
                .findFirst()
                .orElseThrow();
        assertThat(tokenCall.form())
                .containsEntry("device_id", flow.callback.get("device_id"))
                .containsEntry("code_verifier", flow.verifier);
        assertThat(tokenCall.headers()).containsKey("content-type");
    }

    @Test
    void vkOmitsEmailWithoutTheEmailScopeOrAddress() throws Exception {
        Flow withoutScope = authorizeAndAllow("vk", Map.of("scope", "vkid.personal_info"), Map.of());
        JsonNode user = json(profile("vk", accessToken("vk", withoutScope))).get("user");
        assertThat(user.has("email")).isFalse();

        Flow withoutAddress = authorizeAndAllow("vk", Map.of(), Map.of("email", ""));
        assertThat(json(profile("vk", accessToken("vk", withoutAddress)))
                        .get("user")
                        .has("email"))
                .isFalse();
    }

    @Test
    void vkRefusesAReusedCode() throws Exception {
        Flow flow = authorizeAndAllow("vk");
        assertThat(token("vk", flow, Map.of()).statusCode()).isEqualTo(200);

        HttpResponse<String> again = token("vk", flow, Map.of());

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void vkRefusesAnotherRedirectUri() throws Exception {
        Flow flow = authorizeAndAllow("vk");

        HttpResponse<String> response = token("vk", flow, Map.of("redirect_uri", REDIRECT + "other"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void vkRefusesAMissingDeviceId() throws Exception {
        Flow flow = authorizeAndAllow("vk");

        HttpResponse<String> response = token("vk", flow, Map.of("device_id", ""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).isEqualTo("invalid_request");
        assertThat(json(response).get("state").asString()).isEqualTo(flow.state);
    }

    @Test
    void vkRefusesAnotherDeviceIdOrVerifier() throws Exception {
        HttpResponse<String> wrongDevice = token("vk", authorizeAndAllow("vk"), Map.of("device_id", "other-device"));
        assertThat(wrongDevice.statusCode()).isEqualTo(400);
        assertThat(json(wrongDevice).get("error").asString()).isEqualTo("invalid_grant");

        HttpResponse<String> wrongVerifier = token("vk", authorizeAndAllow("vk"), Map.of("code_verifier", verifier()));
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(json(wrongVerifier).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void vkChecksTheClientSecretOnlyWhenSent() throws Exception {
        assertThat(token("vk", authorizeAndAllow("vk"), Map.of("client_secret", ""))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> wrong = token("vk", authorizeAndAllow("vk"), Map.of("client_secret", "wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void vkUserInfoRejectsAnUnknownToken() throws Exception {
        HttpResponse<String> response = profile("vk", "vk2.a.nonsense");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asString()).isEqualTo("invalid_token");
    }

    @Test
    void vkAuthorizeRequiresStateAndPkce() throws Exception {
        Map<String, String> params = authorizeParams("vk", "state-1", challenge(verifier()), null);
        params.remove("code_challenge");

        HttpResponse<String> response = get("/vk/authorize?" + form(params));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("code_challenge");
    }

    // ---------------------------------------------------------------- Yandex ID

    @Test
    void yandexInfoAcceptsTheOAuthHeader() throws Exception {
        Flow flow = authorizeAndAllow("yandex");
        HttpResponse<String> token = token("yandex", flow, Map.of());
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(json(token).get("token_type").asString()).isEqualTo("bearer");
        String accessToken = json(token).get("access_token").asString();

        HttpResponse<String> info = get("/yandex/info?format=json", "Authorization", "OAuth " + accessToken);

        assertThat(info.statusCode()).isEqualTo(200);
        JsonNode body = json(info);
        assertThat(body.get("id").asString()).isEqualTo("200000001");
        assertThat(body.get("client_id").asString()).isEqualTo("ya-app");
        assertThat(body.get("default_email").asString()).isEqualTo("ivan.petrov@example.ru");
        assertThat(body.get("emails").get(0).asString()).isEqualTo("ivan.petrov@example.ru");
        assertThat(body.get("real_name").asString()).isEqualTo("Иван Петров");
        assertThat(body.get("is_avatar_empty").asBoolean()).isTrue();
        assertThat(body.get("psuid").asString()).isNotBlank();

        assertThat(get("/yandex/info?format=json", "Authorization", "Bearer " + accessToken)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/yandex/info?format=json", "Authorization", "OAuth wrong")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void yandexAcceptsCredentialsInTheBodyAndRejectsAWrongSecret() throws Exception {
        Map<String, String> inBody = Map.of("client_id", "ya-app", "client_secret", SECRET, "basic", "");
        assertThat(token("yandex", authorizeAndAllow("yandex"), inBody).statusCode())
                .isEqualTo(200);

        HttpResponse<String> wrong = token("yandex", authorizeAndAllow("yandex"), Map.of("basic", "ya-app:wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asString()).isEqualTo("invalid_client");
    }

    // ---------------------------------------------------------------- Google

    @Test
    void googleIdTokenVerifiesAgainstTheJwks() throws Exception {
        Flow flow = authorizeAndAllow("google");
        HttpResponse<String> token = token("google", flow, Map.of());
        assertThat(token.statusCode()).isEqualTo(200);
        JsonNode body = json(token);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");

        JWKSet jwks = JWKSet.parse(get("/google/certs").body());
        SignedJWT idToken = SignedJWT.parse(body.get("id_token").asString());
        RSAKey key = jwks.getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey();
        assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(key.isPrivate()).isFalse();

        JWTClaimsSet claims = idToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(fake.baseUri() + "/google");
        assertThat(claims.getAudience()).containsExactly("g-app.apps.googleusercontent.com");
        assertThat(claims.getStringClaim("azp")).isEqualTo("g-app.apps.googleusercontent.com");
        assertThat(claims.getStringClaim("nonce")).isEqualTo(flow.nonce);
        assertThat(claims.getSubject()).isEqualTo("300000000000000000001");
        assertThat(claims.getStringClaim("email")).isEqualTo("ivan.petrov@example.ru");
        assertThat(claims.getBooleanClaim("email_verified")).isTrue();
        assertThat(claims.getStringClaim("name")).isEqualTo("Иван Петров");
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(1));

        HttpResponse<String> userinfo =
                profile("google", body.get("access_token").asString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(json(userinfo).get("sub").asString()).isEqualTo("300000000000000000001");
        assertThat(json(userinfo).get("email_verified").asBoolean()).isTrue();
    }

    @Test
    void googleReportsAnUncheckedEmailAsUnverified() throws Exception {
        Flow flow = authorizeAndAllow("google", Map.of(), Map.of("email_verified", ""));

        JsonNode body = json(token("google", flow, Map.of()));

        JWTClaimsSet claims = SignedJWT.parse(body.get("id_token").asString()).getJWTClaimsSet();
        assertThat(claims.getBooleanClaim("email_verified")).isFalse();
    }

    @Test
    void googleAuthorizeRequiresOpenidScope() throws Exception {
        Map<String, String> params = authorizeParams("google", "st", null, "n");
        params.put("scope", "email profile");

        assertThat(get("/google/authorize?" + form(params)).statusCode()).isEqualTo(400);
    }

    @Test
    void googlePublishesDiscovery() throws Exception {
        JsonNode discovery = json(get("/google/.well-known/openid-configuration"));

        assertThat(discovery.get("issuer").asString()).isEqualTo(fake.baseUri() + "/google");
        assertThat(discovery.get("jwks_uri").asString()).isEqualTo(fake.baseUri() + "/google/certs");
    }

    // ---------------------------------------------------------------- Telegram (OpenID Connect)

    @Test
    void telegramCodeFlowWithPkceIssuesAnIdTokenThatVerifiesAgainstTheJwks() throws Exception {
        Flow flow = authorizeAndAllow("telegram");
        assertThat(flow.callback).containsEntry("state", flow.state).containsKey("code");

        HttpResponse<String> token = token("telegram", flow, Map.of());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode body = json(token);
        assertThat(body.get("access_token").asString()).isNotBlank();
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("scope").asString()).isEqualTo("openid profile");
        assertThat(body.has("refresh_token")).isFalse();

        JWSObject idToken = JWSObject.parse(body.get("id_token").asString());
        assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(idToken.getHeader().getKeyID()).isEqualTo("fake-telegram-1");
        JWKSet jwks = JWKSet.parse(get("/telegram/.well-known/jwks.json").body());
        assertThat(jwks.getKeys()).hasSize(1);
        RSAKey key = jwks.getKeyByKeyId("fake-telegram-1").toRSAKey();
        assertThat(key.isPrivate()).isFalse();
        assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
        // Telegram's key is its own: Google's JWKS does not know it.
        assertThat(JWKSet.parse(get("/google/certs").body()).getKeyByKeyId("fake-telegram-1"))
                .isNull();

        JsonNode claims = JSON.readTree(idToken.getPayload().toString());
        assertThat(claims.get("iss").asString()).isEqualTo(fake.baseUri() + "/telegram");
        assertThat(claims.get("sub").isString()).isTrue();
        assertThat(claims.get("sub").asString()).isEqualTo("700000001");
        assertThat(claims.get("nonce").asString()).isEqualTo(flow.nonce);
        assertThat(claims.get("name").asString()).isEqualTo("Иван Петров");
        assertThat(claims.get("preferred_username").asString()).isEqualTo("ivan_petrov");
        assertThat(claims.get("picture").asString()).startsWith(fake.baseUri() + "/telegram/");
        long iat = claims.get("iat").asLong();
        assertThat(claims.get("exp").asLong() - iat).isEqualTo(3600);
        assertThat(claims.get("auth_time").asLong()).isBetween(iat - 60, iat);
        // The consent form was posted with an email field too; Telegram never hands one out.
        assertThat(claims.has("email")).isFalse();
        assertThat(claims.has("email_verified")).isFalse();

        List<FakeRequest> calls = fake.requests("telegram");
        assertThat(calls)
                .extracting(FakeRequest::path)
                .containsExactly(
                        "/telegram/auth", "/telegram/approve", "/telegram/token", "/telegram/.well-known/jwks.json");
        FakeRequest tokenCall = calls.get(2);
        assertThat(tokenCall.form()).containsEntry("code_verifier", flow.verifier);
        assertThat(tokenCall.headers().get("authorization")).startsWith("Basic ");
    }

    @Test
    void telegramAudienceIsAJsonNumberForANumericClientIdAndAStringOtherwise() throws Exception {
        JsonNode numeric = idTokenClaims(json(token("telegram", authorizeAndAllow("telegram"), Map.of())));
        assertThat(numeric.get("aud").isNumber()).isTrue();
        assertThat(numeric.get("aud").asLong()).isEqualTo(Long.parseLong(TELEGRAM_BOT_ID));

        fake.registerClient("telegram", "tg-app", SECRET);
        Flow flow = authorizeAndAllow("telegram", Map.of("client_id", "tg-app"), Map.of());
        JsonNode named = idTokenClaims(json(token("telegram", flow, Map.of("basic", "tg-app:" + SECRET))));
        assertThat(named.get("aud").isString()).isTrue();
        assertThat(named.get("aud").asString()).isEqualTo("tg-app");
    }

    @Test
    void telegramOmitsPreferredUsernameWhenTheUserHasNone() throws Exception {
        Flow flow = authorizeAndAllow("telegram", Map.of(), Map.of("username", "", "last_name", ""));

        JsonNode claims = idTokenClaims(json(token("telegram", flow, Map.of())));

        assertThat(claims.has("preferred_username")).isFalse();
        assertThat(claims.get("name").asString()).isEqualTo("Иван");
    }

    @Test
    void telegramProfileWithoutIdOmitsSubFromTheNextIdTokenOnly() throws Exception {
        fake.failNext("telegram", Failure.TOKEN_SERVER_ERROR);
        fake.failNext("telegram", Failure.PROFILE_WITHOUT_ID);
        Flow flow = authorizeAndAllow("telegram");

        // The token failure fires first and issues nothing, so the missing sub waits for the retry.
        assertThat(token("telegram", flow, Map.of()).statusCode()).isEqualTo(500);
        HttpResponse<String> retried = token("telegram", flow, Map.of());
        assertThat(retried.statusCode()).isEqualTo(200);
        JsonNode withoutSub = idTokenClaims(json(retried));
        assertThat(withoutSub.has("sub")).isFalse();
        assertThat(withoutSub.get("iss").asString()).isEqualTo(fake.baseUri() + "/telegram");
        assertThat(withoutSub.get("name").asString()).isEqualTo("Иван Петров");
        JWSObject idToken = JWSObject.parse(json(retried).get("id_token").asString());
        RSAKey key = JWKSet.parse(get("/telegram/.well-known/jwks.json").body())
                .getKeyByKeyId("fake-telegram-1")
                .toRSAKey();
        assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();

        JsonNode next = idTokenClaims(json(token("telegram", authorizeAndAllow("telegram"), Map.of())));
        assertThat(next.get("sub").asString()).isEqualTo("700000001");
    }

    @Test
    void telegramIgnoresTheOtherProfileFailures() throws Exception {
        Duration delay = Duration.ofMillis(700);
        fake.setSlowDelay(delay);
        fake.failNext("telegram", Failure.PROFILE_SERVER_ERROR);
        fake.failNext("telegram", Failure.PROFILE_UNAUTHORIZED);
        fake.failNext("telegram", Failure.PROFILE_TIMEOUT);

        long started = System.nanoTime();
        HttpResponse<String> response = token("telegram", authorizeAndAllow("telegram"), Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(delay);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(idTokenClaims(json(response)).get("sub").asString()).isEqualTo("700000001");
    }

    @Test
    void telegramChecksVerifierRedirectUriAndSingleUse() throws Exception {
        HttpResponse<String> wrongVerifier =
                token("telegram", authorizeAndAllow("telegram"), Map.of("code_verifier", verifier()));
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(json(wrongVerifier).get("error").asString()).isEqualTo("invalid_grant");

        HttpResponse<String> otherRedirect =
                token("telegram", authorizeAndAllow("telegram"), Map.of("redirect_uri", REDIRECT + "other"));
        assertThat(otherRedirect.statusCode()).isEqualTo(400);
        assertThat(json(otherRedirect).get("error").asString()).isEqualTo("invalid_grant");

        Flow flow = authorizeAndAllow("telegram");
        assertThat(token("telegram", flow, Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> reused = token("telegram", flow, Map.of());
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(json(reused).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void telegramAcceptsClientSecretPostAndRejectsAWrongSecret() throws Exception {
        Map<String, String> inBody = Map.of("client_id", TELEGRAM_BOT_ID, "client_secret", SECRET, "basic", "");
        assertThat(token("telegram", authorizeAndAllow("telegram"), inBody).statusCode())
                .isEqualTo(200);

        HttpResponse<String> wrong =
                token("telegram", authorizeAndAllow("telegram"), Map.of("basic", TELEGRAM_BOT_ID + ":wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void telegramWorksWithoutPkceButRefusesAPlainChallenge() throws Exception {
        Map<String, String> noPkce = new LinkedHashMap<>();
        noPkce.put("code_challenge", "");
        noPkce.put("code_challenge_method", "");
        Flow flow = authorizeAndAllow("telegram", noPkce, Map.of());
        assertThat(token("telegram", flow, Map.of("code_verifier", "")).statusCode())
                .isEqualTo(200);

        String verifier = verifier();
        Map<String, String> plain = authorizeParams("telegram", "st", verifier, "n");
        plain.put("code_challenge_method", "plain");
        HttpResponse<String> page = get("/telegram/auth?" + form(plain));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("S256");
    }

    @Test
    void telegramAuthorizeRequiresOpenidScope() throws Exception {
        Map<String, String> params = authorizeParams("telegram", "st", null, "n");
        params.put("scope", "profile");

        assertThat(get("/telegram/auth?" + form(params)).statusCode()).isEqualTo(400);
    }

    @Test
    void telegramConsentPageEditsTheUsernameAndHasNoEmailField() throws Exception {
        HttpResponse<String> page = get("/telegram/auth?" + form(authorizeParams("telegram", "st", null, "n")));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>Telegram — песочница</title>")
                .contains("action=\"/telegram/approve\"")
                .contains("id=\"subject\"", "id=\"first_name\"", "id=\"last_name\"", "id=\"username\"")
                .contains("value=\"700000001\"", "value=\"Иван\"", "value=\"Петров\"", "value=\"ivan_petrov\"")
                .contains("id=\"allow\"", "id=\"deny\"")
                .contains("id=\"nonce\"")
                .doesNotContain("id=\"email\"", "id=\"email_verified\"");
    }

    @Test
    void telegramRejectsANonNumericSubject() throws Exception {
        Map<String, String> submitted = authorizeParams("telegram", "st", null, "n");
        submitted.put("subject", "ivan");
        submitted.put("first_name", "Иван");
        submitted.put("decision", "allow");

        HttpResponse<String> response = post("/telegram/approve", submitted);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("location")).isEmpty();
        assertThat(response.body()).contains("положительное число");
    }

    @Test
    void telegramPublishesDiscoveryWithoutAUserinfoEndpoint() throws Exception {
        JsonNode discovery = json(get("/telegram/.well-known/openid-configuration"));

        String issuer = fake.baseUri() + "/telegram";
        assertThat(discovery.get("issuer").asString()).isEqualTo(issuer);
        assertThat(discovery.get("authorization_endpoint").asString()).isEqualTo(issuer + "/auth");
        assertThat(discovery.get("token_endpoint").asString()).isEqualTo(issuer + "/token");
        assertThat(discovery.get("jwks_uri").asString()).isEqualTo(issuer + "/.well-known/jwks.json");
        assertThat(discovery.has("userinfo_endpoint")).isFalse();
        assertThat(discovery.get("id_token_signing_alg_values_supported").toString())
                .isEqualTo("[\"RS256\"]");
        assertThat(discovery.get("token_endpoint_auth_methods_supported").toString())
                .contains("client_secret_basic");
        assertThat(get("/telegram/userinfo").statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- consent page

    @Test
    void consentPageCarriesTheRequestAndEscapesIt() throws Exception {
        Map<String, String> params = authorizeParams("yandex", "\"><script>alert(1)</script>", null, null);

        HttpResponse<String> page = get("/yandex/authorize?" + form(params));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        assertThat(page.body())
                .contains("Яндекс ID — песочница")
                .contains("action=\"/yandex/approve\"")
                .contains("id=\"subject\"", "id=\"first_name\"", "id=\"last_name\"", "id=\"email\"")
                .contains("value=\"200000001\"")
                .contains("id=\"allow\"", "id=\"deny\"")
                .contains("&quot;&gt;&lt;script&gt;")
                .doesNotContain("<script>alert");
    }

    @Test
    void unknownClientGetsAnErrorPageNotARedirect() throws Exception {
        Map<String, String> params = authorizeParams("google", "st", null, null);
        params.put("client_id", "nobody");

        HttpResponse<String> page = get("/google/authorize?" + form(params));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("location")).isEmpty();
        assertThat(page.body()).contains("nobody");
    }

    @Test
    void denyRedirectsWithAccessDeniedAppendedToAnExistingQuery() throws Exception {
        String state = "состояние & прочее";
        Map<String, String> params = authorizeParams("yandex", state, null, null);
        params.put("redirect_uri", "http://localhost:8081/cb?from=ya");
        params.put("decision", "deny");

        HttpResponse<String> response = post("/yandex/approve", params);

        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("location").orElseThrow());
        assertThat(location.getPath()).isEqualTo("/cb");
        assertThat(query(location))
                .containsEntry("from", "ya")
                .containsEntry("error", "access_denied")
                .containsEntry("state", state)
                .containsKey("error_description");
    }

    // ---------------------------------------------------------------- failures

    // Telegram has no profile call, so only its token failures fit this test; its PROFILE_* kinds have their own.
    static Stream<Arguments> everyFailureAtEveryProvider() {
        return Stream.concat(
                Stream.of("vk", "yandex", "google")
                        .flatMap(p -> Arrays.stream(Failure.values()).map(f -> Arguments.of(p, f))),
                Arrays.stream(Failure.values())
                        .filter(f -> f.name().startsWith("TOKEN_"))
                        .map(f -> Arguments.of("telegram", f)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyFailureAtEveryProvider")
    void eachFailureFiresOnce(String provider, Failure failure) throws Exception {
        Duration delay = Duration.ofMillis(700);
        fake.setSlowDelay(delay);
        boolean tokenFailure = failure.name().startsWith("TOKEN_");
        Flow flow = authorizeAndAllow(provider);
        String accessToken = tokenFailure ? null : accessToken(provider, flow);

        fake.failNext(provider, failure);
        long started = System.nanoTime();
        HttpResponse<String> failed = tokenFailure ? token(provider, flow, Map.of()) : profile(provider, accessToken);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        switch (failure) {
            case TOKEN_BAD_REQUEST -> {
                assertThat(failed.statusCode()).isEqualTo(400);
                assertThat(json(failed).get("error").asString()).isEqualTo("invalid_request");
            }
            case TOKEN_SERVER_ERROR, PROFILE_SERVER_ERROR ->
                assertThat(failed.statusCode()).isEqualTo(500);
            case TOKEN_TIMEOUT -> {
                assertThat(took).isGreaterThanOrEqualTo(delay);
                assertThat(failed.statusCode()).isEqualTo(200);
                assertThat(json(failed).get("access_token").asString()).isNotBlank();
            }
            case TOKEN_ERROR_BODY_200 -> {
                assertThat(failed.statusCode()).isEqualTo(200);
                assertThat(json(failed).get("error").asString()).isEqualTo("invalid_grant");
                assertThat(json(failed).has("access_token")).isFalse();
            }
            case PROFILE_UNAUTHORIZED -> {
                assertThat(failed.statusCode()).isEqualTo(401);
                assertThat(json(failed).get("error").asString()).isEqualTo("invalid_token");
            }
            case PROFILE_TIMEOUT -> {
                assertThat(took).isGreaterThanOrEqualTo(delay);
                assertThat(failed.statusCode()).isEqualTo(200);
                assertThat(profileId(provider, json(failed))).isNotNull();
            }
            case PROFILE_WITHOUT_ID -> {
                assertThat(failed.statusCode()).isEqualTo(200);
                assertThat(profileId(provider, json(failed))).isNull();
                assertThat(json(failed).toString()).contains("Иван");
            }
        }

        // An injected failure leaves the code alone, so unless the timeout already redeemed it, the same code works.
        Flow next = failure == Failure.TOKEN_TIMEOUT ? authorizeAndAllow(provider) : flow;
        started = System.nanoTime();
        HttpResponse<String> normal = tokenFailure ? token(provider, next, Map.of()) : profile(provider, accessToken);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(delay);
        assertThat(normal.statusCode()).isEqualTo(200);
        if (tokenFailure) {
            assertThat(json(normal).get("access_token").asString()).isNotBlank();
        } else {
            assertThat(profileId(provider, json(normal))).isNotNull();
        }
    }

    // ---------------------------------------------------------------- helpers

    private record Flow(String state, String nonce, String verifier, Map<String, String> callback) {}

    private Flow authorizeAndAllow(String provider) throws Exception {
        return authorizeAndAllow(provider, Map.of(), Map.of());
    }

    /** Opens the consent page like a browser, then submits it with "allow"; an empty field value removes it. */
    private Flow authorizeAndAllow(String provider, Map<String, String> extraParams, Map<String, String> fields)
            throws Exception {
        String state = randomString(32);
        String nonce = provider.equals("google") || provider.equals("telegram") ? randomString(16) : null;
        String verifier = verifier();
        Map<String, String> params = authorizeParams(provider, state, challenge(verifier), nonce);
        params.putAll(extraParams);

        params.values().removeIf(String::isEmpty);

        HttpResponse<String> page = get(authorizePath(provider) + "?" + form(params));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);

        Map<String, String> submitted = new LinkedHashMap<>(params);
        submitted.put(
                "subject",
                switch (provider) {
                    case "vk" -> "100000001";
                    case "yandex" -> "200000001";
                    case "telegram" -> "700000001";
                    default -> "300000000000000000001";
                });
        submitted.put("first_name", "Иван");
        submitted.put("last_name", "Петров");
        // Sent to Telegram too, although its page has no such field: the fake must not let it through.
        submitted.put("email", "ivan.petrov@example.ru");
        if (provider.equals("telegram")) {
            submitted.put("username", "ivan_petrov");
        }
        if (provider.equals("google")) {
            submitted.put("email_verified", "true");
        }
        fields.forEach((name, value) -> {
            if (value.isEmpty() && name.equals("email_verified")) {
                submitted.remove(name);
            } else {
                submitted.put(name, value);
            }
        });
        submitted.put("decision", "allow");

        HttpResponse<String> approved = post("/" + provider + "/approve", submitted);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        URI location = URI.create(approved.headers().firstValue("location").orElseThrow());
        assertThat(location.toString()).startsWith(params.get("redirect_uri"));
        return new Flow(state, nonce, verifier, query(location));
    }

    private static Map<String, String> authorizeParams(String provider, String state, String challenge, String nonce) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId(provider));
        params.put("redirect_uri", REDIRECT + provider);
        params.put("state", state);
        params.put(
                "scope",
                switch (provider) {
                    case "vk" -> "vkid.personal_info email";
                    case "yandex" -> "login:info login:email login:avatar";
                    case "telegram" -> "openid profile";
                    default -> "openid profile email";
                });
        if (challenge != null) {
            params.put("code_challenge", challenge);
            params.put("code_challenge_method", provider.equals("vk") ? "s256" : "S256");
        }
        if (nonce != null) {
            params.put("nonce", nonce);
        }
        return params;
    }

    /**
     * Exchanges the flow's code the way the application would (VK: credentials in the body; Yandex and Google:
     * Basic). {@code overrides} replace form fields; an empty value drops one; the pseudo-field {@code basic}
     * replaces the Basic credentials ("" = none).
     */
    private HttpResponse<String> token(String provider, Flow flow, Map<String, String> overrides) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", flow.callback.get("code"));
        body.put("redirect_uri", REDIRECT + provider);
        body.put("code_verifier", flow.verifier);
        String basic = null;
        if (provider.equals("vk")) {
            body.put("client_id", clientId(provider));
            body.put("device_id", flow.callback.get("device_id"));
            body.put("state", flow.state);
        } else {
            basic = clientId(provider) + ":" + SECRET;
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (o.getKey().equals("basic")) {
                basic = o.getValue().isEmpty() ? null : o.getValue();
            } else if (o.getValue().isEmpty()) {
                body.remove(o.getKey());
            } else {
                body.put(o.getKey(), o.getValue());
            }
        }
        String path = provider.equals("vk") ? "/vk/oauth2/auth" : "/" + provider + "/token";
        return basic == null
                ? post(path, body)
                : post(
                        path,
                        body,
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(UTF_8)));
    }

    private static String authorizePath(String provider) {
        return provider.equals("telegram") ? "/telegram/auth" : "/" + provider + "/authorize";
    }

    private static JsonNode idTokenClaims(JsonNode tokenResponse) throws Exception {
        return JSON.readTree(JWSObject.parse(tokenResponse.get("id_token").asString())
                .getPayload()
                .toString());
    }

    private String accessToken(String provider, Flow flow) throws Exception {
        HttpResponse<String> response = token(provider, flow, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("access_token").asString();
    }

    private HttpResponse<String> profile(String provider, String accessToken) throws Exception {
        return switch (provider) {
            case "vk" -> post("/vk/oauth2/user_info?client_id=vk-app", Map.of("access_token", accessToken));
            case "yandex" -> get("/yandex/info?format=json", "Authorization", "OAuth " + accessToken);
            default -> get("/google/userinfo", "Authorization", "Bearer " + accessToken);
        };
    }

    private static String profileId(String provider, JsonNode body) {
        JsonNode id = switch (provider) {
            case "vk" -> body.get("user").get("user_id");
            case "yandex" -> body.get("id");
            default -> body.get("sub");
        };
        return id == null ? null : id.asString();
    }

    private static String clientId(String provider) {
        return switch (provider) {
            case "vk" -> "vk-app";
            case "yandex" -> "ya-app";
            case "telegram" -> TELEGRAM_BOT_ID;
            default -> "g-app.apps.googleusercontent.com";
        };
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(fake.baseUri().resolve(pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private HttpResponse<String> post(String pathAndQuery, Map<String, String> body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fake.baseUri().resolve(pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), UTF_8), URLDecoder.decode(pair.substring(eq + 1), UTF_8));
        }
        return out;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String verifier() {
        return randomString(96);
    }

    private static String randomString(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
