package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static ru.myservice.sandbox.FakeHttp.json;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import ru.myservice.sandbox.FakeHttp.Credentials;

/**
 * A faithful in-process stand-in for four sign-in providers — VK ID (OAuth 2.1), Yandex ID, Google (OpenID Connect)
 * and Telegram's OpenID Connect login — following {@code shared/contracts/providers.md} §1.1–1.2, §2, §3 and §4.2:
 * the same paths, parameters, status codes, JSON shapes and error bodies as the real services, including the
 * unhappy paths, which tests inject with {@link #failNext}. For integration tests and the local sandbox only; it
 * never ships in the jar.
 *
 * <p>Each provider lives under its own base path of {@link #baseUri()}:
 *
 * <ul>
 *   <li>VK ID, {@code /vk}: {@code GET /authorize}, {@code POST /oauth2/auth} (token, PKCE and {@code device_id}
 *       mandatory), {@code POST /oauth2/user_info?client_id=…} (form body {@code access_token}).
 *   <li>Yandex ID, {@code /yandex}: {@code GET /authorize}, {@code POST /token}, {@code GET /info?format=json}
 *       ({@code Authorization: OAuth …} or {@code Bearer …}).
 *   <li>Google, {@code /google} (also the OIDC issuer): {@code GET /authorize}, {@code POST /token}, {@code GET
 *       /certs}, {@code GET /userinfo}, {@code GET /.well-known/openid-configuration}.
 *   <li>Telegram (OpenID Connect), {@code /telegram} (also the OIDC issuer, standing in for {@code
 *       https://oauth.telegram.org}): {@code GET /auth}, {@code POST /token} ({@code client_secret_basic} or {@code
 *       client_secret_post}; PKCE optional, {@code S256} only), {@code GET /.well-known/jwks.json}, {@code GET
 *       /.well-known/openid-configuration}. There is <em>no</em> userinfo endpoint: every claim comes in the RS256
 *       ID token ({@code iss}, {@code aud}, {@code sub} = the Telegram user id as a numeric string, {@code name},
 *       {@code preferred_username}, {@code picture}, {@code iat}, {@code exp}, {@code auth_time}, {@code nonce}
 *       when sent), never an email. The client id is the bot's numeric id, and {@code aud} carries it as a JSON
 *       <em>number</em> when it is all digits (the contract's unverified note says Telegram does so), a string
 *       otherwise. The {@code phone} scope is accepted but the fake issues no {@code phone_number}.
 * </ul>
 *
 * <p>{@code …/authorize} (Telegram: {@code …/auth}) is a consent page a person can click through (or a browser test
 * can drive): it posts to {@code …/approve}, which redirects back to the application with a code or with {@code
 * error=access_denied}.
 */
public final class FakeProviders implements AutoCloseable {

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(5);
    private static final long VK_TOKEN_SECONDS = 3600;
    // Yandex hands out year-long tokens; an application that assumes an hour would be wrong there.
    private static final long YANDEX_TOKEN_SECONDS = 31_536_000;
    private static final long GOOGLE_TOKEN_SECONDS = 3599;
    private static final long TELEGRAM_TOKEN_SECONDS = 3600;
    private static final String VK_DEFAULT_SCOPE = "vkid.personal_info";

    // RFC 7636 §4.1 allows [A-Za-z0-9-._~]{43,128}; VK documents the stricter [A-Za-z0-9_-].
    private static final Pattern PKCE_VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern VK_VERIFIER = Pattern.compile("[A-Za-z0-9_-]{43,128}");
    private static final Pattern VK_USER_ID = Pattern.compile("[1-9][0-9]{0,17}");
    // Telegram user ids have at most 52 significant bits, so at most 16 decimal digits.
    private static final Pattern TELEGRAM_USER_ID = Pattern.compile("[1-9][0-9]{0,15}");
    // Telegram usernames: 5–32 characters of Latin letters, digits and underscores.
    private static final Pattern TELEGRAM_USERNAME = Pattern.compile("[A-Za-z0-9_]{5,32}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final FakeServer http;
    private final RSAKey googleKey;
    private final RSAKey telegramKey;
    private final byte[] vkIdTokenSecret = FakeHttp.randomBytes(32);
    private final Map<Provider, Map<String, String>> clients = new EnumMap<>(Provider.class);
    private final Map<Provider, List<Failure>> pendingFailures = new EnumMap<>(Provider.class);
    private final Map<Provider, List<FakeRequest>> recorded = new EnumMap<>(Provider.class);
    private final Map<String, CodeGrant> codes = new ConcurrentHashMap<>();
    private final Map<String, TokenGrant> accessTokens = new ConcurrentHashMap<>();
    private volatile Duration slowDelay = DEFAULT_SLOW_DELAY;

    private FakeProviders(int port) throws IOException {
        for (Provider p : Provider.values()) {
            clients.put(p, new ConcurrentHashMap<>());
            pendingFailures.put(p, new ArrayList<>());
            recorded.put(p, new CopyOnWriteArrayList<>());
        }
        try {
            googleKey = new RSAKeyGenerator(2048).keyID("fake-google-1").generate();
            telegramKey = new RSAKeyGenerator(2048).keyID("fake-telegram-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        http = FakeServer.start(port, this::dispatch);
    }

    /** Starts the fake on 127.0.0.1; {@code port} 0 picks a free port. */
    public static FakeProviders start(int port) {
        try {
            return new FakeProviders(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public URI baseUri() {
        return http.baseUri();
    }

    /**
     * Registers (or replaces) an application; {@code provider} is {@code "vk"}, {@code "yandex"}, {@code "google"} or
     * {@code "telegram"} (where the client id is the bot's numeric id and the secret the one BotFather shows).
     */
    public void registerClient(String provider, String clientId, String clientSecret) {
        Objects.requireNonNull(clientId, "clientId");
        // Even VK ID, where sending the secret is optional, issues one to every application.
        Objects.requireNonNull(clientSecret, "clientSecret");
        clients.get(Provider.of(provider)).put(clientId, clientSecret);
    }

    /**
     * Makes the next token call ({@code TOKEN_*}) or profile call ({@code PROFILE_*}) of that provider fail once.
     * Failures queue up in order, so a token and a profile failure can be armed together. Telegram has no profile
     * call: see {@link Failure} for how {@code PROFILE_*} kinds apply there.
     */
    public void failNext(String provider, Failure failure) {
        Provider p = Provider.of(provider);
        if (p == Provider.TELEGRAM && !failure.tokenCall && failure != Failure.PROFILE_WITHOUT_ID) {
            // Nothing at Telegram could act on it; dropped rather than left to linger in the queue.
            return;
        }
        List<Failure> pending = pendingFailures.get(p);
        synchronized (pending) {
            pending.add(failure);
        }
    }

    /** How long {@link Failure#TOKEN_TIMEOUT} and {@link Failure#PROFILE_TIMEOUT} stall; 5 seconds by default. */
    public void setSlowDelay(Duration delay) {
        slowDelay = delay;
    }

    /** Every request the provider received so far, oldest first, including authorize and consent requests. */
    public List<FakeRequest> requests(String provider) {
        return List.copyOf(recorded.get(Provider.of(provider)));
    }

    @Override
    public void close() {
        http.stop();
    }

    /**
     * Injectable misbehaviour, each firing once; see {@link #failNext}.
     *
     * <p>Telegram: the {@code TOKEN_*} kinds act on its token call as on the others'. It has no userinfo endpoint,
     * so {@link #PROFILE_WITHOUT_ID} instead makes the next token call that issues an ID token issue one without
     * {@code sub}, and {@link #PROFILE_SERVER_ERROR}, {@link #PROFILE_UNAUTHORIZED} and {@link #PROFILE_TIMEOUT} are
     * ignored (dropped when armed).
     */
    public enum Failure {
        /** HTTP 400 with {@code {"error":"invalid_request",…}}; the code is left untouched. */
        TOKEN_BAD_REQUEST(true),
        /** HTTP 500 with an HTML body, as a failing proxy would answer. */
        TOKEN_SERVER_ERROR(true),
        /** Sleeps for the slow delay, then answers normally. */
        TOKEN_TIMEOUT(true),
        /** HTTP 200 with {@code {"error":"invalid_grant",…}}: VK's habit of reporting errors with a success status. */
        TOKEN_ERROR_BODY_200(true),
        /** HTTP 500 with an HTML body. Ignored for Telegram, which has no profile endpoint. */
        PROFILE_SERVER_ERROR(false),
        /**
         * HTTP 401 {@code invalid_token}, as if the access token had been revoked. Ignored for Telegram, which has no
         * profile endpoint.
         */
        PROFILE_UNAUTHORIZED(false),
        /** Sleeps for the slow delay, then answers normally. Ignored for Telegram, which has no profile endpoint. */
        PROFILE_TIMEOUT(false),
        /**
         * A well-formed profile without its id: VK {@code user.user_id}, Yandex {@code id}, Google {@code sub}. For
         * Telegram, which has no profile endpoint, the next token call that succeeds returns an ID token without
         * {@code sub} (still validly signed, every other claim in place).
         */
        PROFILE_WITHOUT_ID(false);

        private final boolean tokenCall;

        Failure(boolean tokenCall) {
            this.tokenCall = tokenCall;
        }
    }

    enum Provider {
        VK("vk", "VK ID", "VK", "100000001", "#0077ff"),
        YANDEX("yandex", "Яндекс ID", "Я", "200000001", "#fc3f1d"),
        GOOGLE("google", "Google", "G", "300000000000000000001", "#1a73e8"),
        TELEGRAM("telegram", "Telegram", "T", "700000001", "#2aabee");

        final String id;
        final String title;
        final String logo;
        final String defaultSubject;
        final String colour;

        Provider(String id, String title, String logo, String defaultSubject, String colour) {
            this.id = id;
            this.title = title;
            this.logo = logo;
            this.defaultSubject = defaultSubject;
            this.colour = colour;
        }

        static Provider of(String id) {
            for (Provider p : values()) {
                if (p.id.equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException(
                    "Unknown provider '" + id + "', expected vk, yandex, google or telegram");
        }
    }

    /** The user the person approved on the consent page; {@code username} is Telegram's only, "" elsewhere. */
    record Profile(
            String subject, String firstName, String lastName, String email, boolean emailVerified, String username) {

        static Profile defaults(Provider provider) {
            // Telegram never shares an email address.
            return provider == Provider.TELEGRAM
                    ? new Profile(provider.defaultSubject, "Иван", "Петров", "", false, "ivan_petrov")
                    : new Profile(provider.defaultSubject, "Иван", "Петров", "ivan.petrov@example.ru", true, "");
        }

        boolean hasUsername() {
            return !username.isEmpty();
        }

        boolean hasEmail() {
            return !email.isEmpty();
        }

        String fullName() {
            return (firstName + " " + lastName).trim();
        }
    }

    private record CodeGrant(
            Provider provider,
            String clientId,
            String redirectUri,
            String codeChallenge,
            String codeChallengeMethod,
            String scope,
            String nonce,
            String deviceId,
            Profile profile,
            Instant authTime,
            Instant expiresAt) {}

    private record TokenGrant(Provider provider, String clientId, String scope, Profile profile, Instant expiresAt) {}

    /** A freshly issued access token plus what the token response needs beyond the grant. */
    private record Issued(String accessToken, TokenGrant grant, String nonce, Instant authTime) {}

    /** An OAuth error to answer with; thrown so that validation reads as a list of rules. */
    private static final class OAuthError extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        final int status;
        final String error;

        OAuthError(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    // ---------------------------------------------------------------- routing

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            FakeRequest request = read(exchange);
            String path = request.path();
            Provider provider = providerOf(path);
            if (provider == null) {
                notFound(exchange, path);
                return;
            }
            recorded.get(provider).add(request);
            Route route = routeOf(path.substring(1));
            if (route == null) {
                notFound(exchange, path);
            } else if (!Arrays.asList(route.methods().split(", ")).contains(request.method())) {
                FakeHttp.methodNotAllowed(exchange, route.methods());
            } else {
                route.handler().handle(provider, request, exchange);
            }
        } catch (IllegalArgumentException e) {
            // A malformed %-escape in a query or body: a real server rejects it before any OAuth logic runs.
            tryRespond(exchange, 400, e);
        } catch (Exception e) {
            e.printStackTrace();
            tryRespond(exchange, 500, e);
        }
    }

    private Route routeOf(String path) {
        return switch (path) {
            case "vk/authorize", "yandex/authorize", "google/authorize", "telegram/auth" ->
                new Route("GET", this::authorize);
            case "vk/approve", "yandex/approve", "google/approve", "telegram/approve" ->
                new Route("POST", this::approve);
            case "vk/oauth2/auth", "yandex/token", "google/token", "telegram/token" -> new Route("POST", this::token);
            // VK reads the access token from a form body, so its user info only takes POST.
            case "vk/oauth2/user_info" -> new Route("POST", this::profile);
            case "yandex/info", "google/userinfo" -> new Route("GET, POST", this::profile);
            case "vk/avatar.svg", "google/avatar.svg", "telegram/avatar.svg" -> new Route("GET", this::avatar);
            // Telegram has no userinfo endpoint: its claims come only in the ID token.
            case "google/certs", "telegram/.well-known/jwks.json" -> new Route("GET", this::jwks);
            case "google/.well-known/openid-configuration", "telegram/.well-known/openid-configuration" ->
                new Route("GET", this::discovery);
            default -> null;
        };
    }

    private record Route(String methods, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        void handle(Provider provider, FakeRequest request, HttpExchange exchange) throws Exception;
    }

    private static void notFound(HttpExchange exchange, String path) throws IOException {
        json(exchange, 404, Map.of("error", "not_found", "error_description", "No such endpoint: " + path));
    }

    private void avatar(Provider p, FakeRequest request, HttpExchange exchange) throws IOException {
        FakeHttp.send(
                exchange, 200, "image/svg+xml", FakeConsentPage.avatarSvg(p).getBytes(US_ASCII));
    }

    // ---------------------------------------------------------------- consent

    private void authorize(Provider p, FakeRequest request, HttpExchange exchange) throws IOException {
        Map<String, String> params = new LinkedHashMap<>(request.query());
        params.keySet().removeAll(FakeConsentPage.editableFields(p));
        Optional<String> problem = authorizeProblem(p, params);
        if (problem.isPresent()) {
            FakeHttp.html(exchange, 400, FakeConsentPage.error(p, problem.get()));
        } else {
            FakeHttp.html(exchange, 200, FakeConsentPage.consent(p, params, Profile.defaults(p), null));
        }
    }

    private void approve(Provider p, FakeRequest request, HttpExchange exchange) throws IOException {
        Map<String, String> form = request.form();
        Map<String, String> params = new LinkedHashMap<>(form);
        params.keySet().removeAll(FakeConsentPage.editableFields(p));
        // The hidden fields come back from the browser, so they are as untrusted as the original query.
        Optional<String> problem = authorizeProblem(p, params);
        if (problem.isPresent()) {
            FakeHttp.html(exchange, 400, FakeConsentPage.error(p, problem.get()));
            return;
        }
        String redirectUri = params.get("redirect_uri");
        String state = params.get("state");
        String decision = form.getOrDefault("decision", "");
        if (decision.equals("deny")) {
            Map<String, String> denial = new LinkedHashMap<>();
            denial.put("error", "access_denied");
            denial.put("error_description", "User denied access");
            denial.put("state", state);
            FakeHttp.redirect(exchange, FakeHttp.withQuery(redirectUri, denial));
            return;
        }
        boolean telegram = p == Provider.TELEGRAM;
        Profile profile = new Profile(
                form.getOrDefault("subject", "").strip(),
                form.getOrDefault("first_name", "").strip(),
                form.getOrDefault("last_name", "").strip(),
                // Telegram's page has no email field, and nothing posted in its place may reach the ID token.
                telegram ? "" : form.getOrDefault("email", "").strip(),
                p == Provider.GOOGLE && form.containsKey("email_verified"),
                telegram ? form.getOrDefault("username", "").strip() : "");
        String invalid = !decision.equals("allow") ? "Нажмите «Разрешить» или «Отмена»." : profileProblem(p, profile);
        if (invalid != null) {
            FakeHttp.html(exchange, 400, FakeConsentPage.consent(p, params, profile, invalid));
            return;
        }

        String code = FakeHttp.randomToken(24);
        String deviceId = p == Provider.VK ? FakeHttp.randomToken(32) : null;
        String challenge = params.get("code_challenge");
        codes.put(
                codeKey(p, code),
                new CodeGrant(
                        p,
                        params.get("client_id"),
                        redirectUri,
                        challenge,
                        challenge == null ? null : pkceMethod(p, params.get("code_challenge_method")),
                        params.get("scope"),
                        params.get("nonce"),
                        deviceId,
                        profile,
                        Instant.now(),
                        Instant.now().plus(CODE_LIFETIME)));

        Map<String, String> callback = new LinkedHashMap<>();
        callback.put("code", code);
        callback.put("state", state);
        if (p == Provider.VK) {
            callback.put("device_id", deviceId);
            callback.put("type", "code_v2");
            callback.put("expires_in", String.valueOf(CODE_LIFETIME.toSeconds()));
        }
        FakeHttp.redirect(exchange, FakeHttp.withQuery(redirectUri, callback));
    }

    private Optional<String> authorizeProblem(Provider p, Map<String, String> q) {
        if (!"code".equals(q.get("response_type"))) {
            return Optional.of("Параметр response_type должен быть равен «code», получено: «"
                    + q.getOrDefault("response_type", "") + "».");
        }
        String clientId = q.get("client_id");
        if (isBlank(clientId)) {
            return Optional.of("Не передан client_id.");
        }
        if (!clients.get(p).containsKey(clientId)) {
            return Optional.of("Приложение с client_id «" + clientId + "» не зарегистрировано.");
        }
        String redirectUri = q.get("redirect_uri");
        if (isBlank(redirectUri)) {
            return Optional.of("Не передан redirect_uri.");
        }
        if (!isHttpUrl(redirectUri)) {
            return Optional.of("redirect_uri должен быть абсолютным http(s)-адресом без #фрагмента, получено: «"
                    + redirectUri + "».");
        }
        if (p == Provider.VK && isBlank(q.get("state"))) {
            return Optional.of("VK ID требует параметр state.");
        }
        String challenge = q.get("code_challenge");
        if (p == Provider.VK && isBlank(challenge)) {
            return Optional.of("VK ID требует PKCE: не передан code_challenge.");
        }
        if (challenge != null) {
            if (!PKCE_VALUE.matcher(challenge).matches()) {
                return Optional.of("code_challenge должен состоять из 43–128 символов [A-Za-z0-9-._~].");
            }
            if (pkceMethod(p, q.get("code_challenge_method")) == null) {
                return Optional.of("Неподдерживаемый code_challenge_method: «"
                        + q.getOrDefault("code_challenge_method", "") + "»"
                        + switch (p) {
                            case VK -> " (VK ID принимает только s256).";
                            case TELEGRAM -> " (Telegram принимает только S256).";
                            default -> " (допустимы S256 и plain).";
                        });
            }
        }
        if (p == Provider.GOOGLE && !scopes(q.get("scope")).contains("openid")) {
            return Optional.of("Для входа через Google параметр scope должен содержать openid.");
        }
        // Telegram's login is OpenID Connect only: there is no plain-OAuth profile to fall back on.
        if (p == Provider.TELEGRAM && !scopes(q.get("scope")).contains("openid")) {
            return Optional.of("Для входа через Telegram параметр scope должен содержать openid.");
        }
        return Optional.empty();
    }

    private static String profileProblem(Provider p, Profile profile) {
        if (profile.subject().isEmpty()) {
            return "Укажите идентификатор пользователя.";
        }
        // VK's token response carries user_id as a JSON number, so it has to be one.
        if (p == Provider.VK && !VK_USER_ID.matcher(profile.subject()).matches()) {
            return "В VK ID идентификатор пользователя — положительное число (до 18 цифр).";
        }
        if (p == Provider.TELEGRAM) {
            if (!TELEGRAM_USER_ID.matcher(profile.subject()).matches()) {
                return "В Telegram идентификатор пользователя — положительное число (до 16 цифр).";
            }
            if (profile.firstName().isEmpty()) {
                return "В Telegram у пользователя всегда есть имя: заполните поле «Имя».";
            }
            if (profile.hasUsername()
                    && !TELEGRAM_USERNAME.matcher(profile.username()).matches()) {
                return "Имя пользователя в Telegram — 5–32 латинские буквы, цифры или «_», получено: «"
                        + profile.username() + "».";
            }
        }
        if (profile.subject().length() > 255) {
            return "Идентификатор пользователя длиннее 255 символов.";
        }
        if (profile.hasEmail() && !profile.email().matches("[^@\\s]+@[^@\\s]+")) {
            return "Адрес почты выглядит неправильно: «" + profile.email() + "».";
        }
        return null;
    }

    /** The normalised method, or null when the provider does not accept it. */
    private static String pkceMethod(Provider p, String method) {
        if (p == Provider.VK) {
            // VK documents "s256"; its own Android example and server libraries send "S256".
            return "s256".equals(method) || "S256".equals(method) ? "S256" : null;
        }
        if (p == Provider.TELEGRAM) {
            // Its discovery lists S256 only; a challenge without a method (RFC 7636's implicit plain) is refused.
            return "S256".equals(method) ? "S256" : null;
        }
        if (method == null || method.equals("plain")) {
            return "plain";
        }
        return method.equals("S256") ? "S256" : null;
    }

    // ---------------------------------------------------------------- token

    private void token(Provider p, FakeRequest request, HttpExchange exchange) throws Exception {
        String state = p == Provider.VK ? request.form().get("state") : null;
        Failure failure = takeFailure(p, true);
        if (failure != null) {
            switch (failure) {
                case TOKEN_BAD_REQUEST -> {
                    tokenError(exchange, 400, "invalid_request", "Request was rejected by the fake", state);
                    return;
                }
                case TOKEN_SERVER_ERROR -> {
                    FakeHttp.serverError(exchange);
                    return;
                }
                case TOKEN_ERROR_BODY_200 -> {
                    tokenError(exchange, 200, "invalid_grant", "Code is invalid or expired", state);
                    return;
                }
                case TOKEN_TIMEOUT -> {
                    if (!stall()) {
                        return;
                    }
                }
                default -> throw new IllegalStateException(failure.name());
            }
        }
        try {
            Issued issued = redeemCode(p, request);
            Map<String, Object> body = switch (p) {
                case VK -> vkTokenResponse(issued, state);
                case YANDEX -> yandexTokenResponse(issued);
                case GOOGLE -> googleTokenResponse(issued);
                // Telegram has no profile call, so PROFILE_WITHOUT_ID acts on the ID token it issues.
                case TELEGRAM -> telegramTokenResponse(issued, takeFailure(p, false) == Failure.PROFILE_WITHOUT_ID);
            };
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Pragma", "no-cache");
            json(exchange, 200, body);
        } catch (OAuthError e) {
            if (e.status == 401 && p != Provider.VK) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + p.id + "\"");
            }
            tokenError(exchange, e.status, e.error, e.getMessage(), state);
        }
    }

    /** Checks the token request against the code it presents and, when everything matches, issues an access token. */
    private Issued redeemCode(Provider p, FakeRequest request) throws OAuthError {
        Map<String, String> form = request.form();
        String grantType = form.get("grant_type");
        if (isBlank(grantType)) {
            throw new OAuthError(400, "invalid_request", "grant_type is required");
        }
        if (!grantType.equals("authorization_code")) {
            throw new OAuthError(400, "unsupported_grant_type", "Unsupported grant_type: " + grantType);
        }
        String code = form.get("code");
        if (isBlank(code)) {
            throw new OAuthError(400, "invalid_request", "code is required");
        }
        if (p == Provider.VK) {
            if (isBlank(form.get("code_verifier"))) {
                throw new OAuthError(400, "invalid_request", "code_verifier is required");
            }
            if (isBlank(form.get("device_id"))) {
                throw new OAuthError(400, "invalid_request", "device_id is required");
            }
        }
        String clientId = authenticateClient(p, request);

        // Removed before any further check: a code is burnt by its first presentation, right or wrong.
        CodeGrant grant = codes.remove(codeKey(p, code));
        if (grant == null) {
            throw new OAuthError(400, "invalid_grant", "Code is invalid or has already been used");
        }
        if (Instant.now().isAfter(grant.expiresAt())) {
            throw new OAuthError(400, "invalid_grant", "Code has expired");
        }
        if (!grant.clientId().equals(clientId)) {
            throw new OAuthError(400, "invalid_grant", "Code was issued to another client");
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            throw new OAuthError(400, "invalid_grant", "redirect_uri does not match the one used to obtain the code");
        }
        if (grant.codeChallenge() != null) {
            verifyPkce(p, grant, form.get("code_verifier"));
        }
        if (p == Provider.VK && !grant.deviceId().equals(form.get("device_id"))) {
            throw new OAuthError(400, "invalid_grant", "device_id does not match the one returned with the code");
        }

        long lifetime = switch (p) {
            case VK -> VK_TOKEN_SECONDS;
            case YANDEX -> YANDEX_TOKEN_SECONDS;
            case GOOGLE -> GOOGLE_TOKEN_SECONDS;
            case TELEGRAM -> TELEGRAM_TOKEN_SECONDS;
        };
        String scope = p == Provider.VK && isBlank(grant.scope()) ? VK_DEFAULT_SCOPE : grant.scope();
        TokenGrant tokenGrant = new TokenGrant(
                p, clientId, scope, grant.profile(), Instant.now().plusSeconds(lifetime));
        // Real-looking prefixes make logs of a sandbox run easier to read.
        String prefix = switch (p) {
            case VK -> "vk2.a.";
            case YANDEX -> "y0_";
            case GOOGLE -> "ya29.";
            case TELEGRAM -> "";
        };
        String accessToken = prefix + FakeHttp.randomToken(48);
        accessTokens.put(accessToken, tokenGrant);
        return new Issued(accessToken, tokenGrant, grant.nonce(), grant.authTime());
    }

    /** Returns the client id after checking the credentials in the way the provider accepts them. */
    private String authenticateClient(Provider p, FakeRequest request) throws OAuthError {
        Map<String, String> form = request.form();
        Credentials basic = FakeHttp.basicCredentials(request.headers());
        String clientId;
        String secret;
        if (p == Provider.VK) {
            // VK ID reads client_id (and the optional secret) from the body only; whether it honours Basic is
            // unverified, so the fake does not, and an app relying on it fails here rather than in production.
            clientId = form.get("client_id");
            secret = form.get("client_secret");
            if (isBlank(clientId)) {
                throw new OAuthError(400, "invalid_request", "client_id is required");
            }
        } else if (basic != null) {
            if (form.containsKey("client_id") && !form.get("client_id").equals(basic.clientId())) {
                throw new OAuthError(
                        400, "invalid_request", "client_id in the body differs from the Basic credentials");
            }
            clientId = basic.clientId();
            secret = basic.secret();
        } else {
            clientId = form.get("client_id");
            secret = form.get("client_secret");
            if (isBlank(clientId)) {
                throw new OAuthError(401, "invalid_client", "Client authentication is required");
            }
        }
        String registered = clients.get(p).get(clientId);
        if (registered == null) {
            throw new OAuthError(401, "invalid_client", "Unknown client");
        }
        // A VK ID secret is optional because PKCE is the proof; one that is sent must still be right.
        boolean secretRequired = p != Provider.VK;
        if ((secret != null || secretRequired) && !constantTimeEquals(registered, secret)) {
            throw new OAuthError(401, "invalid_client", "Client authentication failed");
        }
        return clientId;
    }

    private static void verifyPkce(Provider p, CodeGrant grant, String verifier) throws OAuthError {
        if (isBlank(verifier)) {
            throw new OAuthError(400, "invalid_grant", "code_verifier is required");
        }
        Pattern format = p == Provider.VK ? VK_VERIFIER : PKCE_VALUE;
        if (!format.matcher(verifier).matches()) {
            throw new OAuthError(400, "invalid_request", "code_verifier has an invalid format");
        }
        String expected = grant.codeChallengeMethod().equals("S256") ? s256(verifier) : verifier;
        if (!constantTimeEquals(expected, grant.codeChallenge())) {
            throw new OAuthError(400, "invalid_grant", "code_verifier does not match code_challenge");
        }
    }

    private Map<String, Object> vkTokenResponse(Issued issued, String state) throws JOSEException {
        TokenGrant grant = issued.grant();
        Instant now = Instant.now();
        // VK's id_token carries masked data and apps must not rely on it, so it is signed with a key nobody can
        // verify: an app that tries to will notice in tests.
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(http.baseUri() + "/vk")
                .subject(grant.profile().subject())
                .audience(grant.clientId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(VK_TOKEN_SECONDS)))
                .build();
        SignedJWT idToken = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        idToken.sign(new MACSigner(vkIdTokenSecret));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("refresh_token", "vk2.r." + FakeHttp.randomToken(48));
        body.put("id_token", idToken.serialize());
        body.put("token_type", "Bearer");
        body.put("expires_in", VK_TOKEN_SECONDS);
        body.put("user_id", Long.parseLong(grant.profile().subject()));
        if (state != null) {
            body.put("state", state);
        }
        body.put("scope", grant.scope());
        return body;
    }

    private Map<String, Object> yandexTokenResponse(Issued issued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("expires_in", YANDEX_TOKEN_SECONDS);
        body.put("refresh_token", "1:" + FakeHttp.randomToken(32));
        body.put("token_type", "bearer");
        return body;
    }

    private Map<String, Object> googleTokenResponse(Issued issued) throws JOSEException {
        TokenGrant grant = issued.grant();
        String accessToken = issued.accessToken();
        Profile profile = grant.profile();
        Set<String> scopes = scopes(grant.scope());
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(googleIssuer())
                .audience(grant.clientId())
                .claim("azp", grant.clientId())
                .subject(profile.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("at_hash", atHash(accessToken));
        if (scopes.contains("email") && profile.hasEmail()) {
            claims.claim("email", profile.email()).claim("email_verified", profile.emailVerified());
        }
        if (scopes.contains("profile")) {
            putGoogleNames(profile, claims::claim);
        }
        if (issued.nonce() != null) {
            claims.claim("nonce", issued.nonce());
        }
        SignedJWT idToken = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(googleKey.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        idToken.sign(new RSASSASigner(googleKey));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("expires_in", GOOGLE_TOKEN_SECONDS);
        body.put("scope", googleScopeAsReported(grant.scope()));
        body.put("token_type", "Bearer");
        body.put("id_token", idToken.serialize());
        return body;
    }

    private Map<String, Object> telegramTokenResponse(Issued issued, boolean withoutSubject) throws JOSEException {
        TokenGrant grant = issued.grant();
        Profile profile = grant.profile();
        Instant now = Instant.now();
        // Built as a plain map because Nimbus' JWTClaimsSet cannot hold a numeric aud: it drops it on output (and
        // refuses it on parsing, which is exactly what an application has to be ready for).
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", telegramIssuer());
        claims.put("aud", DIGITS.matcher(grant.clientId()).matches() ? numeric(grant.clientId()) : grant.clientId());
        if (!withoutSubject) {
            claims.put("sub", profile.subject());
        }
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(TELEGRAM_TOKEN_SECONDS).getEpochSecond());
        claims.put("auth_time", issued.authTime().getEpochSecond());
        if (issued.nonce() != null) {
            claims.put("nonce", issued.nonce());
        }
        if (scopes(grant.scope()).contains("profile")) {
            claims.put("name", profile.fullName());
            if (profile.hasUsername()) {
                claims.put("preferred_username", profile.username());
            }
            claims.put("picture", http.baseUri() + "/telegram/avatar.svg");
        }
        JWSObject idToken = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(telegramKey.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(claims));
        idToken.sign(new RSASSASigner(telegramKey));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", TELEGRAM_TOKEN_SECONDS);
        body.put("id_token", idToken.serialize());
        body.put("scope", grant.scope());
        return body;
    }

    // A bot id fits a long; anything longer still goes out as a JSON number.
    private static Number numeric(String digits) {
        return digits.length() < 19 ? (Number) Long.valueOf(digits) : new BigInteger(digits);
    }

    private void tokenError(HttpExchange exchange, int status, String error, String description, String state)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        // VK's SDKs expect the state echoed in errors too.
        if (state != null) {
            body.put("state", state);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        json(exchange, status, body);
    }

    // ---------------------------------------------------------------- profile

    private void profile(Provider p, FakeRequest request, HttpExchange exchange) throws IOException {
        boolean withoutId = false;
        Failure failure = takeFailure(p, false);
        if (failure != null) {
            switch (failure) {
                case PROFILE_SERVER_ERROR -> {
                    FakeHttp.serverError(exchange);
                    return;
                }
                case PROFILE_UNAUTHORIZED -> {
                    unauthorized(p, exchange, "Access token has been revoked");
                    return;
                }
                case PROFILE_TIMEOUT -> {
                    if (!stall()) {
                        return;
                    }
                }
                case PROFILE_WITHOUT_ID -> withoutId = true;
                default -> throw new IllegalStateException(failure.name());
            }
        }
        String token = switch (p) {
            case VK -> request.form().get("access_token");
            // Yandex documents "OAuth <token>"; Bearer and ?oauth_token= work there too.
            case YANDEX ->
                Optional.ofNullable(FakeHttp.authorizationToken(request.headers(), "OAuth", "Bearer"))
                        .orElse(request.query().get("oauth_token"));
            case GOOGLE ->
                Optional.ofNullable(FakeHttp.authorizationToken(request.headers(), "Bearer"))
                        .orElse(request.query().get("access_token"));
            // No route leads here: Telegram has no userinfo endpoint.
            case TELEGRAM -> throw new IllegalStateException("Telegram has no profile endpoint");
        };
        TokenGrant grant = token == null ? null : accessTokens.get(token);
        if (grant == null || grant.provider() != p || Instant.now().isAfter(grant.expiresAt())) {
            unauthorized(p, exchange, "Access token is missing, invalid or expired");
            return;
        }
        if (p == Provider.VK) {
            String clientId = request.query().get("client_id");
            if (isBlank(clientId)) {
                json(exchange, 400, Map.of("error", "invalid_request", "error_description", "client_id is required"));
                return;
            }
            if (!clientId.equals(grant.clientId())) {
                unauthorized(p, exchange, "Access token was issued to another client");
                return;
            }
        }
        Map<String, Object> body = switch (p) {
            case VK -> vkUserInfo(grant, withoutId);
            case YANDEX -> yandexInfo(grant, withoutId);
            case GOOGLE -> googleUserInfo(grant, withoutId);
            case TELEGRAM -> throw new IllegalStateException("Telegram has no profile endpoint");
        };
        json(exchange, 200, body);
    }

    private Map<String, Object> vkUserInfo(TokenGrant grant, boolean withoutId) {
        Profile profile = grant.profile();
        Map<String, Object> user = new LinkedHashMap<>();
        if (!withoutId) {
            user.put("user_id", profile.subject());
        }
        user.put("first_name", profile.firstName());
        user.put("last_name", profile.lastName());
        user.put("avatar", http.baseUri() + "/vk/avatar.svg");
        // Only granted with the email scope, and only if the user keeps an address in VK ID at all.
        if (scopes(grant.scope()).contains("email") && profile.hasEmail()) {
            user.put("email", profile.email());
        }
        user.put("sex", 0);
        user.put("birthday", "");
        user.put("verified", false);
        return Map.of("user", user);
    }

    private Map<String, Object> yandexInfo(TokenGrant grant, boolean withoutId) {
        Profile profile = grant.profile();
        String login = profile.hasEmail()
                ? profile.email().substring(0, profile.email().indexOf('@'))
                : "id" + profile.subject();
        Map<String, Object> body = new LinkedHashMap<>();
        if (!withoutId) {
            body.put("id", profile.subject());
        }
        body.put("login", login);
        body.put("client_id", grant.clientId());
        // The real psuid is opaque and stable per (user, application); a hash gives the same property.
        body.put(
                "psuid", "1." + s256(grant.clientId() + ":" + profile.subject()).substring(0, 30));
        if (profile.hasEmail()) {
            body.put("default_email", profile.email());
        }
        body.put("emails", profile.hasEmail() ? List.of(profile.email()) : List.of());
        body.put("first_name", profile.firstName());
        body.put("last_name", profile.lastName());
        body.put("display_name", login);
        body.put("real_name", profile.fullName());
        body.put("sex", null);
        body.put("default_avatar_id", "0/0-0");
        body.put("is_avatar_empty", true);
        return body;
    }

    private Map<String, Object> googleUserInfo(TokenGrant grant, boolean withoutId) {
        Profile profile = grant.profile();
        Set<String> scopes = scopes(grant.scope());
        Map<String, Object> body = new LinkedHashMap<>();
        if (!withoutId) {
            body.put("sub", profile.subject());
        }
        if (scopes.contains("profile")) {
            putGoogleNames(profile, body::put);
        }
        if (scopes.contains("email") && profile.hasEmail()) {
            body.put("email", profile.email());
            body.put("email_verified", profile.emailVerified());
        }
        return body;
    }

    private void putGoogleNames(Profile profile, BiConsumer<String, Object> sink) {
        sink.accept("name", profile.fullName());
        sink.accept("given_name", profile.firstName());
        sink.accept("family_name", profile.lastName());
        sink.accept("picture", http.baseUri() + "/google/avatar.svg");
    }

    private static void unauthorized(Provider p, HttpExchange exchange, String description) throws IOException {
        if (p == Provider.GOOGLE) {
            exchange.getResponseHeaders()
                    .set("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        }
        json(exchange, 401, Map.of("error", "invalid_token", "error_description", description));
    }

    // ---------------------------------------------------------------- OIDC keys and discovery (Google, Telegram)

    private String googleIssuer() {
        return http.baseUri() + "/google";
    }

    private String telegramIssuer() {
        return http.baseUri() + "/telegram";
    }

    private void jwks(Provider p, FakeRequest request, HttpExchange exchange) throws IOException {
        RSAKey key = p == Provider.TELEGRAM ? telegramKey : googleKey;
        json(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject());
    }

    private void discovery(Provider p, FakeRequest request, HttpExchange exchange) throws IOException {
        if (p == Provider.TELEGRAM) {
            telegramDiscovery(exchange);
            return;
        }
        String issuer = googleIssuer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("authorization_endpoint", issuer + "/authorize");
        body.put("token_endpoint", issuer + "/token");
        body.put("userinfo_endpoint", issuer + "/userinfo");
        body.put("jwks_uri", issuer + "/certs");
        body.put("response_types_supported", List.of("code"));
        body.put("subject_types_supported", List.of("public"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        body.put("scopes_supported", List.of("openid", "email", "profile"));
        body.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        body.put(
                "claims_supported",
                List.of(
                        "aud",
                        "email",
                        "email_verified",
                        "exp",
                        "family_name",
                        "given_name",
                        "iat",
                        "iss",
                        "name",
                        "picture",
                        "sub"));
        body.put("code_challenge_methods_supported", List.of("plain", "S256"));
        body.put("grant_types_supported", List.of("authorization_code"));
        json(exchange, 200, body);
    }

    private void telegramDiscovery(HttpExchange exchange) throws IOException {
        String issuer = telegramIssuer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("authorization_endpoint", issuer + "/auth");
        body.put("token_endpoint", issuer + "/token");
        // Deliberately no userinfo_endpoint: Telegram's claims come only in the ID token.
        body.put("jwks_uri", issuer + "/.well-known/jwks.json");
        body.put("response_types_supported", List.of("code"));
        body.put("subject_types_supported", List.of("public"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        body.put("scopes_supported", List.of("openid", "profile", "phone", "telegram:bot_access"));
        body.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        body.put(
                "claims_supported",
                List.of(
                        "aud",
                        "auth_time",
                        "exp",
                        "iat",
                        "iss",
                        "name",
                        "nonce",
                        "picture",
                        "preferred_username",
                        "sub"));
        body.put("code_challenge_methods_supported", List.of("S256"));
        body.put("grant_types_supported", List.of("authorization_code"));
        json(exchange, 200, body);
    }

    // Google answers with the long names of the profile and email scopes; an app comparing scopes literally
    // should meet that here rather than in production.
    private static String googleScopeAsReported(String requested) {
        return scopes(requested).stream()
                .map(s -> switch (s) {
                    case "email" -> "https://www.googleapis.com/auth/userinfo.email";
                    case "profile" -> "https://www.googleapis.com/auth/userinfo.profile";
                    default -> s;
                })
                .collect(Collectors.joining(" "));
    }

    // ---------------------------------------------------------------- helpers

    private Failure takeFailure(Provider p, boolean tokenCall) {
        List<Failure> pending = pendingFailures.get(p);
        synchronized (pending) {
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i).tokenCall == tokenCall) {
                    return pending.remove(i);
                }
            }
            return null;
        }
    }

    /** Sleeps for the slow delay; false when interrupted because the fake is closing. */
    private boolean stall() {
        try {
            Thread.sleep(slowDelay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static FakeRequest read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        Map<String, String> form = contentType.startsWith("application/x-www-form-urlencoded")
                ? FakeHttp.parseUrlEncoded(new String(body, UTF_8))
                : Map.of();
        URI uri = exchange.getRequestURI();
        return new FakeRequest(
                exchange.getRequestMethod(), uri.getPath(), FakeHttp.parseUrlEncoded(uri.getRawQuery()), form, headers);
    }

    private static Provider providerOf(String path) {
        int end = path.indexOf('/', 1);
        String id = end < 0 ? path.substring(1) : path.substring(1, end);
        return Arrays.stream(Provider.values())
                .filter(p -> p.id.equals(id))
                .findFirst()
                .orElse(null);
    }

    private static String codeKey(Provider p, String code) {
        return p.id + ":" + code;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Set<String> scopes(String scope) {
        if (isBlank(scope)) {
            return Set.of();
        }
        return Arrays.stream(scope.trim().split("\\s+")).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(UTF_8), actual.getBytes(UTF_8));
    }

    private static String s256(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(value));
    }

    // OIDC Core §3.1.3.6: the left half of the access token's SHA-256, base64url-encoded.
    private static String atHash(String accessToken) {
        byte[] digest = sha256(accessToken);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void tryRespond(HttpExchange exchange, int status, Exception e) {
        try {
            json(
                    exchange,
                    status,
                    Map.of(
                            "error",
                            status == 400 ? "invalid_request" : "server_error",
                            "error_description",
                            String.valueOf(e.getMessage())));
        } catch (IOException | RuntimeException ignored) {
            // The response was already started or the client is gone; nothing useful is left to do.
        }
    }
}
