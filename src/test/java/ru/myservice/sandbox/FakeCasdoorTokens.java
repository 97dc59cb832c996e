package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import ru.myservice.sandbox.FakeCasdoor.Application;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tokens of {@link FakeCasdoor}, following {@code shared/contracts/casdoor-tokens.md} §1–4 and §8: one signing
 * certificate (an RSA-2048 key in a self-signed X.509 PEM, named {@code cert-built-in} and owned by {@code admin}
 * unless replaced), JWT-Empty claims, RS256, {@code kid} = the certificate's name on access tokens only.
 *
 * <p>Over HTTP: {@code POST /api/login/oauth/access_token} for {@code client_credentials} (credentials in the form,
 * the query, a JSON body or HTTP Basic) and {@code authorization_code} (see {@link FakeCasdoorOidc}), {@code
 * /.well-known/openid-configuration}, {@code /.well-known/jwks} and the
 * per-application {@code /.well-known/<app>/openid-configuration} and {@code /.well-known/<app>/jwks}. The password
 * and refresh grants and introspection are not imitated: tests mint such tokens with {@link #userAccessToken} and
 * {@link #refreshToken}.
 */
public final class FakeCasdoorTokens {

    public static final String ACCESS_TOKEN = "access-token";
    public static final String REFRESH_TOKEN = "refresh-token";

    private static final String ADMIN = "admin";
    private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?|\\[[0-9a-fA-F:.]+](:\\d+)?");
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private final FakeCasdoor casdoor;
    private volatile FakeCasdoorCert cert;
    private volatile Path certFile;
    private volatile @Nullable String origin;
    private volatile int expireInHours = 168;

    FakeCasdoorTokens(FakeCasdoor casdoor) {
        this.casdoor = casdoor;
        this.cert = FakeCasdoorCert.generate("cert-built-in", ADMIN);
        this.certFile = cert.writeTempFile();
    }

    // ---------------------------------------------------------------- settings

    /** The certificate every application signs with. */
    public FakeCasdoorCert cert() {
        return cert;
    }

    /** The current certificate as its console downloads it, for {@code CASDOOR_CERT_FILE}. */
    public Path certFile() {
        return certFile;
    }

    /** Signs from now on with {@code replacement}, served by the key sets and written to a new {@link #certFile()}. */
    public void useCert(FakeCasdoorCert replacement) {
        this.cert = Objects.requireNonNull(replacement, "replacement");
        this.certFile = replacement.writeTempFile();
    }

    /**
     * Casdoor's {@code origin} setting, its {@code iss}; without it (the default) {@code iss} follows the Host each
     * token request was sent to, {@code http://} for a host without a dot or an IP address and {@code https://}
     * otherwise (contract §2).
     */
    public void setOrigin(@Nullable String origin) {
        this.origin = origin;
    }

    /** The applications' {@code expireInHours}: 168 as for a new application. */
    public void setExpireInHours(int hours) {
        this.expireInHours = hours;
    }

    int expireInHours() {
        return expireInHours;
    }

    // ---------------------------------------------------------------- minting for tests

    /** The claims of the access token {@code client_credentials} gives the application {@code clientId} (§3). */
    public Map<String, Object> appClaims(String clientId) {
        return appClaims(application(clientId), "", issuer(null), now());
    }

    /**
     * The claims of a JWT-Empty access token of the person {@code organization/name} signed in through the
     * application {@code clientId} (§2); the person's id, display name and e-mail come from the stored user when
     * there is one.
     */
    public Map<String, Object> userClaims(String organization, String name, String clientId) {
        Application app = application(clientId);
        Optional<ObjectNode> stored = casdoor.user(organization, name);
        String id = stored.map(u -> u.path("id").asString(""))
                .filter(s -> !s.isEmpty())
                .orElseGet(() -> UUID.randomUUID().toString());
        String email = stored.map(u -> u.path("email").asString("")).orElse("");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("owner", organization);
        claims.put("name", name);
        claims.put("id", id);
        claims.put(
                "displayName",
                stored.map(u -> u.path("displayName").asString("")).orElse(""));
        claims.put("avatar", stored.map(u -> u.path("avatar").asString("")).orElse(""));
        claims.put("email", email);
        if (stored.map(u -> u.path("emailVerified").asBoolean(false)).orElse(false)) {
            claims.put("email_verified", true);
        }
        claims.put("phone", stored.map(u -> u.path("phone").asString("")).orElse(""));
        claims.put("tokenType", ACCESS_TOKEN);
        claims.put("scope", "openid profile email");
        claims.put("azp", app.clientId());
        registered(claims, issuer(null), id, app.clientId(), now());
        return claims;
    }

    /** Signs {@code claims} as an access token with the current certificate: RS256, {@code kid} = its name. */
    public String accessToken(Map<String, Object> claims) {
        return sign(cert, cert.name(), claims);
    }

    /** The access token {@code client_credentials} gives {@code clientId}. */
    public String appAccessToken(String clientId) {
        return accessToken(appClaims(clientId));
    }

    /** A person's JWT-Empty access token, as after signing in to Casdoor through {@code clientId}. */
    public String userAccessToken(String organization, String name, String clientId) {
        return accessToken(userClaims(organization, name, clientId));
    }

    /** The refresh token issued with an access token of {@code accessClaims}: same claims, no {@code kid} (#1277). */
    public String refreshToken(Map<String, Object> accessClaims) {
        Map<String, Object> claims = new LinkedHashMap<>(accessClaims);
        claims.put("tokenType", REFRESH_TOKEN);
        return sign(cert, null, claims);
    }

    /** Any token signed with any certificate: RS256, typ JWT, and {@code kid} unless null. */
    public static String sign(FakeCasdoorCert with, @Nullable String kid, Map<String, Object> claims) {
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(kid)
                .build();
        // The payload is written as given, so aud stays an array even with one entry, as Casdoor writes it.
        var jws = new JWSObject(header, new Payload(FakeHttp.JSON.writeValueAsString(claims)));
        try {
            jws.sign(new RSASSASigner(with.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    // ---------------------------------------------------------------- HTTP

    /** An answer of the endpoints here; {@code outcome} and {@code msg} go into the call record. */
    record Answer(int status, Object json, Map<String, String> headers, String outcome, String msg) {}

    /** {@code POST /api/login/oauth/access_token} ({@code controllers/token.go}, errors as {@code util.go:76-90}). */
    Answer token(Map<String, String> query, Map<String, String> headers, String body, @Nullable String host) {
        Map<String, String> p = new LinkedHashMap<>(query);
        String contentType = headers.getOrDefault("content-type", "");
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            p.putAll(FakeHttp.parseUrlEncoded(body));
        } else if (!body.isBlank()) {
            try {
                FakeHttp.JSON.readValue(body, JSON_OBJECT).forEach((k, v) -> {
                    if (v != null && p.getOrDefault(k, "").isEmpty()) {
                        p.put(k, v.toString());
                    }
                });
            } catch (JacksonException e) {
                // Not JSON: Casdoor goes on with what the form and query hold.
            }
        }
        String clientId = p.getOrDefault("client_id", "");
        String secret = p.getOrDefault("client_secret", "");
        if (clientId.isEmpty() || secret.isEmpty()) {
            FakeHttp.Credentials basic = FakeHttp.basicCredentials(headers);
            if (basic != null) {
                clientId = basic.clientId();
                secret = basic.secret();
            }
        }
        String grantType = p.getOrDefault("grant_type", "");
        Application app = casdoor.applicationByClientId(clientId);
        if (app == null) {
            return error(401, "invalid_client", "client_id is invalid");
        }
        if (grantType.equals("authorization_code")) {
            return casdoor.oidc().exchange(p, app, secret);
        }
        if (!grantType.equals("client_credentials")) {
            return error(
                    400,
                    "unsupported_grant_type",
                    "grant_type: " + grantType + " is not supported in this application");
        }
        if (!MessageDigest.isEqual(app.secret().getBytes(UTF_8), secret.getBytes(UTF_8))) {
            return error(401, "invalid_client", "client_secret is invalid");
        }
        String scope = p.getOrDefault("scope", "");
        String accessToken = accessToken(appClaims(app, scope, issuer(host), now()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", accessToken);
        response.put("id_token", accessToken);
        response.put("refresh_token", "");
        response.put("token_type", "Bearer");
        response.put("expires_in", expireInHours * 3600);
        response.put("scope", scope);
        return new Answer(200, response, Map.of(), "ok", "");
    }

    /** {@code /.well-known/openid-configuration}, or an application's own when {@code application} is given. */
    Answer discovery(@Nullable String host, @Nullable String application) {
        if (application != null && casdoor.applicationByName(application) == null) {
            return missingApplication(application);
        }
        String iss = issuer(host);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", iss);
        doc.put("authorization_endpoint", iss + "/login/oauth/authorize");
        doc.put("token_endpoint", iss + "/api/login/oauth/access_token");
        doc.put("userinfo_endpoint", iss + "/api/userinfo");
        doc.put("jwks_uri", iss + "/.well-known/" + (application == null ? "" : application + "/") + "jwks");
        doc.put("introspection_endpoint", iss + "/api/login/oauth/introspect");
        doc.put("response_types_supported", List.of("code", "token", "id_token", "code token", "code id_token"));
        doc.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        doc.put(
                "grant_types_supported",
                List.of("password", "authorization_code", "client_credentials", "refresh_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256", "RS512", "ES256", "ES384", "ES512"));
        doc.put("scopes_supported", List.of("openid", "email", "profile", "address", "phone", "offline_access"));
        doc.put("claims_supported", List.of("iss", "ver", "sub", "aud", "iat", "exp", "id", "type", "displayName"));
        doc.put("request_parameter_supported", true);
        doc.put("request_object_signing_alg_values_supported", List.of("HS256", "HS384", "HS512"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("end_session_endpoint", iss + "/api/logout");
        return new Answer(200, doc, Map.of(), "ok", "");
    }

    /** {@code /.well-known/jwks} (every certificate) or an application's own (its certificate only). */
    Answer jwks(@Nullable String application) {
        if (application != null && casdoor.applicationByName(application) == null) {
            return missingApplication(application);
        }
        FakeCasdoorCert current = cert;
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("use", "sig");
        key.put("kty", "RSA");
        key.put("kid", current.name());
        key.put("alg", "RS256");
        key.put("n", unsigned(current.publicKey().getModulus().toByteArray()));
        key.put("e", unsigned(current.publicKey().getPublicExponent().toByteArray()));
        key.put("x5c", List.of(Base64.getEncoder().encodeToString(current.der())));
        return new Answer(200, Map.of("keys", List.of(key)), Map.of(), "ok", "");
    }

    // ---------------------------------------------------------------- claims

    private Map<String, Object> appClaims(Application app, String scope, String iss, Instant now) {
        String id = ADMIN + "/" + app.name();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("owner", ADMIN);
        claims.put("name", app.name());
        claims.put("id", id);
        claims.put("displayName", "");
        claims.put("avatar", "");
        claims.put("email", "");
        claims.put("phone", "");
        claims.put("tokenType", ACCESS_TOKEN);
        if (!scope.isEmpty()) {
            claims.put("scope", scope);
        }
        claims.put("azp", app.clientId());
        registered(claims, iss, id, app.clientId(), now);
        return claims;
    }

    private void registered(Map<String, Object> claims, String iss, String sub, String clientId, Instant now) {
        claims.put("iss", iss);
        claims.put("sub", sub);
        claims.put("aud", List.of(clientId));
        claims.put("exp", now.plus(expireInHours, ChronoUnit.HOURS).getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", ADMIN + "/" + UUID.randomUUID());
    }

    private Application application(String clientId) {
        Application app = casdoor.applicationByClientId(clientId);
        if (app == null) {
            throw new IllegalArgumentException("No application with client id " + clientId + " is registered");
        }
        return app;
    }

    String issuer(@Nullable String host) {
        String configured = origin;
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        if (host == null || host.isEmpty()) {
            return casdoor.baseUri().toString();
        }
        String name = host.replaceFirst(":\\d+$", "");
        boolean plain = IP.matcher(host).matches() || !name.contains(".");
        return (plain ? "http://" : "https://") + host;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static Answer error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        Map<String, String> headers = status == 401 ? Map.of("WWW-Authenticate", "Basic realm=\"OAuth2\"") : Map.of();
        return new Answer(status, body, headers, "error", error + ": " + description);
    }

    private static Answer missingApplication(String application) {
        Map<String, Object> body = new LinkedHashMap<>();
        String msg = "The application: " + ADMIN + "/" + application + " does not exist";
        body.put("status", "error");
        body.put("msg", msg);
        body.put("sub", "");
        body.put("name", "");
        body.put("data", null);
        body.put("data2", null);
        body.put("data3", null);
        return new Answer(200, body, Map.of(), "error", msg);
    }

    private static String unsigned(byte[] twosComplement) {
        int skip = twosComplement.length > 1 && twosComplement[0] == 0 ? 1 : 0;
        byte[] bytes = Arrays.copyOfRange(twosComplement, skip, twosComplement.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
