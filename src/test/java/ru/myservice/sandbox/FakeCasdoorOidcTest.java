package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stand-in as the OpenID provider staff sign in at, against {@code shared/contracts/casdoor-tokens.md} §2, §4, §5, §8. */
class FakeCasdoorOidcTest {

    private static final String CLIENT_ID = "console";
    private static final String SECRET = "console-secret";
    private static final String CALLBACK = "http://localhost:8081/operator/login/oauth2/code/casdoor";
    private static final String ORIGIN = "https://auth.example.test";
    private static final String VERIFIER = "a-verifier-that-is-long-enough-for-pkce-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private FakeCasdoor casdoor;

    @BeforeEach
    void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication("myservice", "Console", CLIENT_ID, SECRET);
        casdoor.oidc().allowRedirect(CLIENT_ID, "http://localhost:\\d+/operator/login/oauth2/code/casdoor");
        casdoor.oidc().setClock(now::get);
        casdoor.tokens().setOrigin(ORIGIN);
    }

    @AfterEach
    void stop() {
        casdoor.close();
        http.close();
    }

    @Test
    void theSigninPageListsThePeopleAndPickingOneSendsACodeBackWithTheState() throws Exception {
        var page = get("/login/oauth/authorize?" + form(authorize()));
        var back = pick(authorize(), "myservice/operator");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"user-operator\"")
                .contains("id=\"user-auditor\"")
                .contains("id=\"user-visitor\"")
                .contains("myservice/staff-readonly");
        assertThat(back.statusCode()).isEqualTo(302);
        URI location = URI.create(back.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(CALLBACK + "?code=");
        assertThat(location.getQuery()).contains("state=st-1");
    }

    @Test
    void theCodeGivesAnIdTokenThatIsTheAccessTokenWithGroupsOwnerAndTheNonce() throws Exception {
        var tokens = exchange(code("myservice/operator"), VERIFIER, SECRET);

        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(tokens.body());
        assertThat(body.path("id_token").asString())
                .isEqualTo(body.path("access_token").asString());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        var jws = JWSObject.parse(body.path("id_token").asString());
        assertThat(jws.verify(new RSASSAVerifier(casdoor.tokens().cert().publicKey())))
                .isTrue();
        assertThat(jws.getHeader().getKeyID()).isEqualTo("cert-built-in");
        JsonNode claims = JSON.readTree(jws.getPayload().toString());
        assertThat(claims.path("iss").asString()).isEqualTo(ORIGIN);
        assertThat(claims.path("aud").isArray()).isTrue();
        assertThat(claims.path("aud").get(0).asString()).isEqualTo(CLIENT_ID);
        assertThat(claims.path("azp").asString()).isEqualTo(CLIENT_ID);
        assertThat(claims.path("nonce").asString()).isEqualTo("n-1");
        assertThat(claims.path("owner").asString()).isEqualTo("myservice");
        assertThat(claims.path("name").asString()).isEqualTo("operator");
        assertThat(claims.path("sub").asString()).isEqualTo(FakeCasdoorOidc.OPERATOR.id());
        assertThat(claims.path("groups").get(0).asString()).isEqualTo("myservice/staff");
        assertThat(claims.path("email_verified").asBoolean()).isTrue();
        assertThat(claims.path("tokenType").asString()).isEqualTo("access-token");
        assertThat(claims.path("jti").asString()).startsWith("admin/");
    }

    @Test
    void anUnverifiedAddressHasNoEmailVerifiedClaimButUserinfoAlwaysSaysTrue() throws Exception {
        String token = accessToken(code("myservice/visitor"));

        var info = userinfo(token);

        JsonNode claims = JSON.readTree(JWSObject.parse(token).getPayload().toString());
        assertThat(claims.has("email_verified")).isFalse();
        assertThat(info.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(info.body());
        assertThat(body.path("email_verified").asBoolean()).isTrue();
        assertThat(body.path("aud").isString()).isTrue();
        assertThat(body.path("aud").asString()).isEqualTo(CLIENT_ID);
        assertThat(body.path("sub").asString()).isEqualTo(FakeCasdoorOidc.VISITOR.id());
        assertThat(body.path("groups").isArray()).isTrue();
        assertThat(body.path("preferred_username").asString()).isEqualTo("visitor");
    }

    @Test
    void withoutGroupsInTheTokenOnlyUserinfoTellsThem() throws Exception {
        casdoor.oidc().setGroupsInToken(false);
        String token = accessToken(code("myservice/auditor"));

        JsonNode claims = JSON.readTree(JWSObject.parse(token).getPayload().toString());
        JsonNode info = JSON.readTree(userinfo(token).body());
        assertThat(claims.has("groups")).isFalse();
        assertThat(info.path("groups").get(0).asString()).isEqualTo("myservice/staff-readonly");
    }

    @Test
    void aCodeIsUsedOnceAndOnlyWithItsVerifierSecretAndWithinFiveMinutes() throws Exception {
        String code = code("myservice/operator");
        var wrongVerifier = exchange(code, VERIFIER + "x", SECRET);
        var wrongSecret = exchange(code, VERIFIER, "nope");
        var first = exchange(code, VERIFIER, SECRET);
        var again = exchange(code, VERIFIER, SECRET);
        var unknown = exchange("no-such-code", VERIFIER, SECRET);
        String late = code("myservice/operator");
        now.updateAndGet(t -> t.plus(Duration.ofMinutes(5)).plusSeconds(1));
        var expired = exchange(late, VERIFIER, SECRET);

        assertError(wrongVerifier, 400, "invalid_grant");
        assertError(wrongSecret, 401, "invalid_client");
        assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"OAuth2\"");
        assertThat(first.statusCode()).isEqualTo(200);
        assertError(again, 400, "invalid_grant");
        assertThat(JSON.readTree(again.body()).path("error_description").asString())
                .isEqualTo("authorization code has been used");
        assertError(unknown, 400, "invalid_grant");
        assertError(expired, 400, "invalid_grant");
        assertThat(JSON.readTree(expired.body()).path("error_description").asString())
                .isEqualTo("authorization code has expired");
    }

    @Test
    void theSigninPageRefusesABadRequestWithoutSendingTheBrowserAnywhere() throws Exception {
        List<Map<String, String>> bad = new ArrayList<>();
        bad.add(with("client_id", "unknown"));
        bad.add(with("redirect_uri", "https://evil.example/operator/login/oauth2/code/casdoor"));
        bad.add(with("response_type", "token"));
        bad.add(with("code_challenge_method", "plain"));
        bad.add(without("code_challenge"));
        bad.add(without("state"));
        bad.add(without("nonce"));
        bad.add(with("scope", "openid admin"));

        for (var params : bad) {
            var page = get("/login/oauth/authorize?" + form(params));
            var posted = post("/login/oauth/authorize", form(withUser(params)));
            assertThat(page.statusCode()).as(params.toString()).isEqualTo(400);
            assertThat(page.body()).as(params.toString()).contains("id=\"error\"");
            assertThat(posted.statusCode()).as(params.toString()).isEqualTo(400);
            assertThat(posted.headers().firstValue("Location"))
                    .as(params.toString())
                    .isEmpty();
        }
    }

    @Test
    void userinfoAnswersABadTokenWithStatus200AndAnError() throws Exception {
        var response = userinfo("not-a-token");
        var missing = get("/api/userinfo");

        for (var r : List.of(response, missing)) {
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("status").asString()).isEqualTo("error");
            assertThat(body.path("msg").asString()).isEqualTo("Access token doesn't exist in database");
        }
    }

    @Test
    void logoutWithTheIdTokenEndsItAndSendsTheBrowserBack() throws Exception {
        String token = accessToken(code("myservice/operator"));

        var out = get("/api/logout?id_token_hint=" + token + "&post_logout_redirect_uri="
                + URLEncoder.encode("http://localhost:8081/operator/signed-out", UTF_8) + "&state=s");

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location")).contains("http://localhost:8081/operator/signed-out?state=s");
        assertThat(JSON.readTree(userinfo(token).body()).path("status").asString())
                .isEqualTo("error");
        assertThat(casdoor.oidc().loggedOut()).containsExactly(token);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, String> authorize() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", CLIENT_ID);
        p.put("response_type", "code");
        p.put("redirect_uri", CALLBACK);
        p.put("scope", "openid profile email");
        p.put("state", "st-1");
        p.put("nonce", "n-1");
        p.put("code_challenge", FakeCasdoorOidc.challenge(VERIFIER));
        p.put("code_challenge_method", "S256");
        return p;
    }

    private static Map<String, String> with(String name, String value) {
        var p = authorize();
        p.put(name, value);
        return p;
    }

    private static Map<String, String> without(String name) {
        var p = authorize();
        p.remove(name);
        return p;
    }

    private static Map<String, String> withUser(Map<String, String> params) {
        var p = new LinkedHashMap<>(params);
        p.put("user", "myservice/operator");
        return p;
    }

    private HttpResponse<String> pick(Map<String, String> params, String login) throws Exception {
        var p = new LinkedHashMap<>(params);
        p.put("user", login);
        return post("/login/oauth/authorize", form(p));
    }

    private String code(String login) throws Exception {
        var back = pick(authorize(), login);
        String query =
                URI.create(back.headers().firstValue("Location").orElseThrow()).getQuery();
        return query.substring("code=".length(), query.indexOf('&'));
    }

    private HttpResponse<String> exchange(String code, String verifier, String secret) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("code", code);
        p.put("redirect_uri", CALLBACK);
        p.put("code_verifier", verifier);
        p.put("client_id", CLIENT_ID);
        p.put("client_secret", secret);
        return post("/api/login/oauth/access_token", form(p));
    }

    private String accessToken(String code) throws Exception {
        return JSON.readTree(exchange(code, VERIFIER, SECRET).body())
                .path("access_token")
                .asString();
    }

    private HttpResponse<String> userinfo(String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(casdoor.baseUri() + "/api/userinfo"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(new ArrayList<>(body.propertyNames())).containsExactly("error", "error_description");
        assertThat(body.path("error").asString()).isEqualTo(error);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(casdoor.baseUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(casdoor.baseUri() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, UTF_8) + "=" + URLEncoder.encode(v, UTF_8)));
        return String.join("&", pairs);
    }
}
