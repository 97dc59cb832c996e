package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import ru.myservice.sandbox.FakeCasdoorUserModel.Field;
import ru.myservice.sandbox.FakeCasdoorUserModel.Generation;
import ru.myservice.sandbox.FakeCasdoorUserModel.GoJsonException;
import ru.myservice.sandbox.FakeCasdoorUserModel.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A faithful in-process stand-in for Casdoor's user API, following {@code shared/contracts/casdoor.md} (§1–6 and §9)
 * and, where the contract is silent, the Casdoor sources it was read from. For tests and the local sandbox only; it
 * never ships in the jar.
 *
 * <p>Endpoints under {@link #baseUri()}: {@code GET /api/get-version-info}, {@code GET /api/get-user} (by {@code
 * id=ORG/NAME}, {@code owner}+{@code userId}, {@code owner}+{@code email}, {@code owner}+{@code phone}, or without
 * {@code owner} across all organizations), {@code POST /api/add-user}, {@code POST /api/update-user} (by {@code id} or
 * {@code owner}+{@code userId}, optional {@code columns} and {@code allowEmpty}), {@code POST /api/delete-user}, {@code
 * GET /api/get-users} (optional {@code p}/{@code pageSize}, {@code field}/{@code value}, {@code sortField}/{@code
 * sortOrder}), {@code GET /api/get-user-count} and {@code GET /api/health}, and the token endpoint and key sets of
 * {@link FakeCasdoorTokens} ({@link #tokens()}). Everything answers the way Casdoor does:
 * HTTP 200 with the {@code {"status","msg","sub","name","data","data2","data3"}} envelope from handlers and the smaller
 * {@code {"status","msg","data","data2"}} one from filters, with Casdoor's English messages.
 *
 * <p>Callers authenticate as an application with HTTP Basic (or the {@code clientId}/{@code clientSecret} query
 * parameters) using a pair given to {@link #registerApplication}; an application is a global administrator, as in
 * Casdoor. A successful login also sets a {@code casdoor_session_id} cookie that authenticates later calls on its own,
 * which is the trap the contract warns about when a client keeps cookies.
 *
 * <p>{@code GET /} is a Russian HTML page listing every stored user, so a person running the sandbox can see the
 * mirror.
 */
public final class FakeCasdoor implements AutoCloseable {

    /** Which Casdoor this fake behaves as; see each constant. */
    public enum Mode {
        /**
         * v3.158.0: {@code balance}/{@code balanceCurrency} exist; with {@code columns} the body is merged over the
         * stored user and exactly the listed columns (camelCase or snake_case) are written; a wrong Basic client id or
         * secret is ignored and the call runs as anonymous.
         */
        CURRENT,
        /** As {@link #CURRENT}, but the organization's "Balance" account item is Immutable. */
        IMMUTABLE_BALANCE,
        /**
         * v1.551.0, before {@code balance}: the user has no balance keys and any sent are dropped; the body is taken as
         * it is, so missing fields become zero values; {@code columns} works with snake_case names only and {@code
         * name,email,phone,country_code,type} are always written too; {@code update-user} does not know {@code
         * userId}; a wrong client id or secret is an error, as in {@link #ANONYMOUS_ON_BAD_CREDENTIALS}.
         */
        OLD_NO_BALANCE,
        /**
         * v2.396.3, the last release before wrong Basic credentials became anonymous: a wrong client id or secret
         * answers "Application not found for client ID: X" or "Incorrect client secret for application: NAME" instead
         * of running as anonymous. The name describes what the contract (§1.4) contrasts it with. Being a real
         * pre-v3.50.0 release, its update-user also takes the body as it is and appends the admin columns even when
         * {@code columns} is given, and camelCase column names are dropped.
         */
        ANONYMOUS_ON_BAD_CREDENTIALS
    }

    private static final String SESSION_COOKIE = "casdoor_session_id";
    private static final String DEFAULT_AVATAR = "https://cdn.casbin.org/img/casbin.svg";
    private static final String UNAUTHORIZED = "Unauthorized operation";
    private static final String BAD_USERNAME = "The username may only contain alphanumeric characters, underlines or"
            + " hyphens, cannot have consecutive hyphens or underlines, and cannot begin or end with a hyphen or"
            + " underline.";
    private static final String FORBIDDEN_NAME_CHARS = "/?:#&%=+;";
    private static final String BUILT_IN_REFUSED = "adding a new user to the 'built-in' organization is currently"
            + " disabled. Please note: all users in the 'built-in' organization are global administrators in Casdoor."
            + " Refer to the docs: https://casdoor.org/docs/basic/core-concepts#how-does-casdoor-manage-itself. If you"
            + " still wish to create a user for the 'built-in' organization, go to the organization's settings page and"
            + " enable the 'Has privilege consent' option.";
    private static final Pattern USERNAME = Pattern.compile("^[a-zA-Z0-9]+([-._][a-zA-Z0-9]+)*$");
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z0-9]+$");
    private static final String TOKEN_ENDPOINT = "/api/login/oauth/access_token";
    private static final Pattern WELL_KNOWN_OF_APP =
            Pattern.compile("/\\.well-known/([^/]+)/(openid-configuration|jwks)");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,15}");
    private static final Pattern MEDIA_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // Keeps number literals as written, so "10.0" for an int field fails as it does in Go.
    private static final JsonMapper GO_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    // Beego runs in dev mode by default and indents its JSON; clients must not depend on the layout.
    private static final JsonMapper OUT_JSON = JsonMapper.builder().build();

    private final FakeServer http;
    private final FakeCasdoorTokens tokens;
    private final FakeCasdoorOidc oidc;
    private final Object lock = new Object();
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final Set<String> organizations = new LinkedHashSet<>();
    private final Map<String, Map<String, ObjectNode>> users = new LinkedHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final List<FakeCasdoorCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger pendingFailures = new AtomicInteger();
    private final AtomicInteger pendingDrops = new AtomicInteger();
    private volatile Mode mode = Mode.CURRENT;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean down;

    private FakeCasdoor(int port) throws IOException {
        tokens = new FakeCasdoorTokens(this);
        oidc = new FakeCasdoorOidc(this);
        http = FakeServer.start(port, this::dispatch);
    }

    /** Starts the fake on 127.0.0.1; {@code port} 0 picks a free port. */
    public static FakeCasdoor start(int port) {
        try {
            return new FakeCasdoor(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash; the API is under {@code /api/}. */
    public URI baseUri() {
        return http.baseUri();
    }

    /**
     * Creates the organization if needed and registers (or replaces, by client id) an application in it. An
     * organization exists only through its applications, which also satisfies add-user's "at least one application"
     * rule.
     */
    public void registerApplication(String organization, String application, String clientId, String clientSecret) {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        synchronized (lock) {
            organizations.add(organization);
            applications.put(clientId, new Application(organization, application, clientId, clientSecret));
        }
    }

    /** Casdoor's tokens: the signing certificate, the token endpoint and key sets, and tokens minted for tests. */
    public FakeCasdoorTokens tokens() {
        return tokens;
    }

    /** Casdoor as the OpenID provider people sign in at: its sign-in page, code grant, userinfo and logout. */
    public FakeCasdoorOidc oidc() {
        return oidc;
    }

    /**
     * Switches the Casdoor being imitated. Stored users are kept as they are, so switching to {@link
     * Mode#OLD_NO_BALANCE} hides their balance keys rather than deleting them.
     */
    public void setMode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** Every API call sleeps this long before anything else, including injected failures; zero by default. */
    public void setDelay(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    /** While down, every API call answers HTTP 502 with a proxy's HTML page and changes nothing. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** The next {@code count} API calls (not counting those answered while down) answer HTTP 500 with an HTML page. */
    public void failNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        pendingFailures.addAndGet(count);
    }

    /**
     * The next add-user that gets past the outage and failure injection is carried out as usual, whatever its result,
     * and then the connection is closed without a reply: the client cannot tell whether the user was created.
     */
    public void dropReplyOfNextAddUser() {
        pendingDrops.incrementAndGet();
    }

    /** The stored user as the database row holds it (password hashed, not masked), or empty. A copy. */
    public Optional<ObjectNode> user(String organization, String name) {
        synchronized (lock) {
            ObjectNode stored = users.getOrDefault(organization, Map.of()).get(name);
            return Optional.ofNullable(stored).map(ObjectNode::deepCopy);
        }
    }

    /** The stored users of an organization in the order they were added. Copies. */
    public List<ObjectNode> users(String organization) {
        synchronized (lock) {
            return users.getOrDefault(organization, Map.of()).values().stream()
                    .map(ObjectNode::deepCopy)
                    .toList();
        }
    }

    /** Every API call received so far, oldest first; {@code GET /} is not an API call. */
    public List<FakeCasdoorCall> calls() {
        return List.copyOf(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    @Override
    public void close() {
        http.stop();
    }

    // ---------------------------------------------------------------- versions

    record Application(String organization, String name, String clientId, String secret) {}

    Application applicationByClientId(String clientId) {
        synchronized (lock) {
            return applications.get(clientId);
        }
    }

    Application applicationByName(String name) {
        synchronized (lock) {
            return applications.values().stream()
                    .filter(app -> app.name().equals(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** What differs between the Casdoor releases the modes imitate. */
    private record Profile(
            String version,
            String commitId,
            Generation generation,
            boolean badBasicIsAnonymous,
            boolean mergesBodyWithColumns,
            boolean camelCaseColumns,
            List<String> columnsAlwaysAppended,
            boolean contentTypeFilter,
            boolean nameFilter,
            boolean displayNameAlwaysRequired,
            boolean updateByUserId,
            boolean balanceImmutable) {

        static Profile of(Mode mode) {
            return switch (mode) {
                case CURRENT -> current(false);
                case IMMUTABLE_BALANCE -> current(true);
                case ANONYMOUS_ON_BAD_CREDENTIALS ->
                    new Profile(
                            "v2.396.3",
                            "14a802f2c51e660af08b4ed7d7134eca51cc3b91",
                            Generation.V2,
                            false,
                            false,
                            false,
                            FakeCasdoorUserModel.ADMIN_COLUMNS_V2,
                            false,
                            true,
                            false,
                            true,
                            false);
                case OLD_NO_BALANCE ->
                    new Profile(
                            "v1.551.0",
                            "78af5daec3e2dc74bf896b57b1f606a69e5264fa",
                            Generation.V1,
                            false,
                            false,
                            false,
                            FakeCasdoorUserModel.ADMIN_COLUMNS_V1,
                            false,
                            false,
                            true,
                            false,
                            false);
            };
        }

        private static Profile current(boolean balanceImmutable) {
            return new Profile(
                    "v3.158.0",
                    "e6b2338f8955455254ec2f48ef0a0390cbef9ec5",
                    Generation.V3,
                    true,
                    true,
                    true,
                    null,
                    true,
                    true,
                    false,
                    true,
                    balanceImmutable);
        }

        boolean hasBalance() {
            return generation != Generation.V1;
        }
    }

    // ---------------------------------------------------------------- plumbing

    private record Request(
            String method, String path, Map<String, String> query, Headers headers, String body, Profile profile) {

        String q(String name) {
            return query.getOrDefault(name, "");
        }
    }

    /** A reply not yet sent; {@code outcome} and {@code msg} go into the call record. */
    private record Reply(
            int status, String contentType, byte[] body, String outcome, String msg, Map<String, String> headers) {

        Reply(int status, String contentType, byte[] body, String outcome, String msg) {
            this(status, contentType, body, outcome, msg, Map.of());
        }
    }

    private record Auth(String subject, String newSession, String error) {}

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (oidc.isPage(path)) {
                oidc.page(exchange);
            } else if (path.startsWith("/api/") || path.startsWith("/.well-known/")) {
                api(exchange);
            } else {
                page(exchange);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or a bug here; either way the exchange is closed and nothing is left to do.
            if (!(e instanceof IOException)) {
                e.printStackTrace();
            }
        }
    }

    private void api(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        Map<String, String> query = parseQuery(uri.getRawQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));

        if (!pause()) {
            return;
        }
        Reply reply;
        String subject = null;
        String newSession = null;
        boolean drop = false;
        if (down) {
            reply = html(
                    502,
                    "http-502",
                    "502 Bad Gateway",
                    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                            + "</body>\r\n</html>\r\n");
        } else if (pendingFailures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            reply = html(
                    500,
                    "http-500",
                    "500 Internal Server Error",
                    "<html><head><title>500 Internal Server Error</title></head>"
                            + "<body><h1>500 Internal Server Error</h1></body></html>");
        } else {
            drop = method.equals("POST")
                    && path.equals("/api/add-user")
                    && pendingDrops.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
            Request request = new Request(method, path, query, exchange.getRequestHeaders(), body, Profile.of(mode));
            Auth auth = oidc.isApi(path) ? new Auth(null, null, null) : authenticate(request);
            if (oidc.isApi(path)) {
                // Userinfo and logout find the person by the token they are given, not by an application's login.
                reply = answer(oidc.api(method, path, query, headers));
            } else if (auth.error() != null) {
                reply = filterError(auth.error());
            } else {
                subject = auth.subject();
                newSession = auth.newSession();
                reply = route(request, subject);
            }
        }
        calls.add(new FakeCasdoorCall(
                method, path, query, body, subject != null, drop ? "dropped" : reply.outcome(), reply.msg(), headers));
        if (drop) {
            // Closing an exchange that never sent headers closes the connection: the client sees EOF, not a reply.
            return;
        }
        if (newSession != null) {
            exchange.getResponseHeaders()
                    .add("Set-Cookie", SESSION_COOKIE + "=" + newSession + "; Path=/; HttpOnly; SameSite=Lax");
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        FakeHttp.send(exchange, reply.status(), reply.contentType(), reply.body());
    }

    /** Sleeps for the configured delay; false when interrupted because the fake is closing. */
    private boolean pause() {
        Duration d = delay;
        if (d.isZero() || d.isNegative()) {
            return true;
        }
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // Casdoor's filters in the order Beego runs them, then the controller.
    private Reply route(Request r, String subject) {
        if (r.profile().contentTypeFilter()
                && !r.method().equals("GET")
                && !r.method().equals("HEAD")
                && !validMediaType(r.headers().getFirst("Content-Type"))) {
            String raw = "{\"status\":\"error\",\"msg\":\"invalid Content-Type header\"}";
            return new Reply(400, "application/json", raw.getBytes(UTF_8), "error", "invalid Content-Type header");
        }
        String path = r.path();
        boolean isGet = r.method().equals("GET");
        // The authorization filter resolves the object's owner from `id` on single-object GETs, and rejects a bad id.
        boolean listEndpoint = path.startsWith("/api/get-") && path.endsWith("s");
        if (isGet && !listEndpoint && !r.q("id").isEmpty()) {
            String problem = idProblem(r.q("id"));
            if (problem != null) {
                return filterError(problem);
            }
        }
        boolean anonymousAllowed = (isGet
                        && (path.equals("/api/get-user")
                                || path.equals("/api/health")
                                || path.startsWith("/.well-known/")))
                || (r.method().equals("POST") && path.equals(TOKEN_ENDPOINT));
        if (subject == null && !anonymousAllowed) {
            return filterError(UNAUTHORIZED);
        }
        if (r.profile().nameFilter()
                && r.method().equals("POST")
                && (path.startsWith("/api/add-") || path.startsWith("/api/update-"))) {
            String name = nameInBody(r.body());
            if (name != null && name.chars().anyMatch(c -> FORBIDDEN_NAME_CHARS.indexOf(c) >= 0)) {
                return filterError("Field 'name' contains forbidden characters: \"" + FORBIDDEN_NAME_CHARS + "\"");
            }
        }
        String host = r.headers().getFirst("Host");
        var wellKnown = WELL_KNOWN_OF_APP.matcher(path);
        if (isGet && wellKnown.matches()) {
            String app = URLDecoder.decode(wellKnown.group(1), UTF_8);
            return answer(wellKnown.group(2).equals("jwks") ? tokens.jwks(app) : tokens.discovery(host, app));
        }
        String endpoint = r.method() + " " + path;
        return switch (endpoint) {
            case "POST " + TOKEN_ENDPOINT -> answer(tokens.token(r.query(), lowerCase(r.headers()), r.body(), host));
            case "GET /.well-known/openid-configuration" -> answer(tokens.discovery(host, null));
            case "GET /.well-known/jwks" -> answer(tokens.jwks(null));
            case "GET /api/get-version-info" -> versionInfo(r);
            case "GET /api/health" -> ok(null, null);
            case "GET /api/get-user" -> getUser(r, subject);
            case "GET /api/get-users" -> getUsers(r);
            case "GET /api/get-user-count" -> getUserCount(r);
            case "POST /api/add-user" -> addUser(r);
            case "POST /api/update-user" -> updateUser(r, subject);
            case "POST /api/delete-user" -> deleteUser(r);
            // Beego's router has no match for the path and method: its stock 404 page.
            default ->
                html(
                        404,
                        "http-404",
                        "404 Not Found",
                        "<html><head><title>Page Not Found</title></head><body><h1>404</h1>"
                                + "<p>The page you have requested has flown the coop.</p></body></html>");
        };
    }

    // ---------------------------------------------------------------- authentication

    private Auth authenticate(Request r) {
        String token = r.q("accessToken");
        if (token.isEmpty()) {
            token = r.q("access_token");
        }
        if (token.isEmpty()) {
            token = bearerToken(r.headers().getFirst("Authorization"));
        }
        if (!token.isEmpty()) {
            // The fake issues no tokens, so every one is unknown.
            return new Auth(null, null, "Access token doesn't exist in database");
        }
        String[] basic = goBasicAuth(r.headers().getFirst("Authorization"));
        boolean fromBasic = basic != null;
        String clientId = fromBasic ? basic[0] : r.q("clientId");
        String secret = fromBasic ? basic[1] : r.q("clientSecret");
        String subject = null;
        if (!clientId.isEmpty() && !secret.isEmpty()) {
            Application app;
            synchronized (lock) {
                app = applications.get(clientId);
            }
            // Since v2.397.0 a bad Basic pair is taken for a proxy's credentials and ignored; query params never are.
            boolean ignore = fromBasic && r.profile().badBasicIsAnonymous();
            if (app == null) {
                if (!ignore) {
                    return new Auth(null, null, "Application not found for client ID: " + clientId);
                }
            } else if (!MessageDigest.isEqual(app.secret().getBytes(UTF_8), secret.getBytes(UTF_8))) {
                if (!ignore) {
                    return new Auth(null, null, "Incorrect client secret for application: " + app.name());
                }
            } else {
                subject = "app/" + app.name();
            }
        }
        String session = cookie(r.headers(), SESSION_COOKIE);
        if (subject != null) {
            String newSession = null;
            if (session == null || !sessions.containsKey(session)) {
                session = FakeHttp.randomToken(24);
                newSession = session;
            }
            sessions.put(session, subject);
            return new Auth(subject, newSession, null);
        }
        // Casdoor's authorization filter reads the session before anything else, so a kept cookie still works.
        return new Auth(session == null ? null : sessions.get(session), null, null);
    }

    /** Go's {@code Request.BasicAuth}: the scheme is case-insensitive, the pair is not URL-decoded. */
    private static String[] goBasicAuth(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6)), UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String bearerToken(String header) {
        if (header == null) {
            return "";
        }
        String[] parts = header.split(" ", -1);
        if (parts.length != 2 || !(parts[0].equals("Bearer") || parts[0].equals("DPoP"))) {
            return "";
        }
        return parts[1];
    }

    private static String cookie(Headers headers, String name) {
        List<String> values = headers.get("Cookie");
        if (values == null) {
            return null;
        }
        for (String header : values) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- endpoints

    private Reply versionInfo(Request r) {
        ObjectNode data = NODES.objectNode();
        data.put("version", r.profile().version());
        data.put("commitId", r.profile().commitId());
        data.put("commitOffset", 0);
        return ok(data, null);
    }

    private Reply getUser(Request r, String subject) {
        Generation g = r.profile().generation();
        String id = r.q("id");
        String email = r.q("email");
        String phone = r.q("phone");
        String userId = r.q("userId");
        String owner = r.q("owner");
        synchronized (lock) {
            ObjectNode fromUserId = null;
            if (!userId.isEmpty() && !owner.isEmpty()) {
                fromUserId = findBy(owner, "id", userId);
                if (fromUserId == null) {
                    return ok(null, null);
                }
                id = owner + "/" + text(fromUserId, "name");
            }
            ObjectNode user;
            if (id.isEmpty() && owner.isEmpty()) {
                if (!email.isEmpty()) {
                    user = findAnywhere("email", email);
                } else if (!phone.isEmpty()) {
                    user = findAnywhere("phone", normalizePhone(phone));
                } else if (!userId.isEmpty()) {
                    user = findAnywhere("id", userId);
                } else {
                    user = null;
                }
            } else {
                if (owner.isEmpty()) {
                    owner = id.substring(0, id.indexOf('/'));
                }
                if (!email.isEmpty()) {
                    user = findBy(owner, "email", email);
                } else if (!phone.isEmpty()) {
                    user = findBy(owner, "phone", normalizePhone(phone));
                } else if (!userId.isEmpty()) {
                    user = fromUserId;
                } else {
                    String problem = idProblem(id);
                    if (problem != null) {
                        return error(problem);
                    }
                    user = stored(id);
                }
            }
            if (user != null) {
                if (!organizations.contains(text(user, "owner"))) {
                    return error("The organization: " + owner + " does not exist");
                }
                // Organizations are not "profile public" by default, so an anonymous caller learns only that it exists.
                if (subject == null) {
                    return error("Please login first");
                }
            }
            return ok(user == null ? null : render(user, g, true), null);
        }
    }

    private Reply getUsers(Request r) {
        Generation g = r.profile().generation();
        String owner = r.q("owner");
        String page = r.q("p");
        String pageSize = r.q("pageSize");
        List<ObjectNode> list;
        synchronized (lock) {
            list = new ArrayList<>(users.getOrDefault(owner, Map.of()).values());
        }
        // Newest first: Casdoor sorts by created_time descending, and later inserts win ties here.
        Collections.reverse(list);
        if (page.isEmpty() || pageSize.isEmpty()) {
            list.sort(Comparator.comparing((ObjectNode u) -> text(u, "createdTime"))
                    .reversed());
            return ok(renderAll(list, g), null);
        }
        int limit;
        try {
            limit = Integer.parseInt(pageSize);
        } catch (NumberFormatException e) {
            // util.ParseInt panics; Beego turns the panic into its 500 page.
            return html(500, "http-500", "panic: " + e.getMessage(), "<html><body><h1>500</h1></body></html>");
        }
        String field = r.q("field");
        String value = r.q("value");
        if (!field.isEmpty() && !value.isEmpty() && FIELD_NAME.matcher(field).matches()) {
            Field f = FakeCasdoorUserModel.fieldByColumn(g, FakeCasdoorUserModel.camelToSnake(field));
            if (f == null) {
                return error("pq: column \"" + FakeCasdoorUserModel.camelToSnake(field) + "\" does not exist");
            }
            // SQL LIKE '%value%': a substring match, which the contract warns about for provider ids.
            list.removeIf(u -> !likeText(u.get(f.json())).contains(value));
        }
        String sortField = r.q("sortField");
        String sortOrder = r.q("sortOrder");
        Field sortBy = FakeCasdoorUserModel.field(g, "createdTime");
        if (!sortField.isEmpty() && !sortOrder.isEmpty()) {
            sortBy = FakeCasdoorUserModel.fieldByColumn(g, FakeCasdoorUserModel.camelToSnake(sortField));
            if (sortBy == null) {
                return error("pq: column \"" + FakeCasdoorUserModel.camelToSnake(sortField) + "\" does not exist");
            }
        }
        Field by = sortBy;
        Comparator<ObjectNode> order = (a, b) -> compareValues(a.get(by.json()), b.get(by.json()));
        list.sort(sortOrder.equals("ascend") ? order : order.reversed());
        int count = list.size();
        int per = limit <= 0 ? 10 : limit;
        int pages = (count + per - 1) / per;
        int current;
        try {
            current = Integer.parseInt(page);
        } catch (NumberFormatException e) {
            current = 1;
        }
        current = Math.max(1, Math.min(current, Math.max(pages, 1)));
        int from = Math.min((current - 1) * per, count);
        List<ObjectNode> slice = list.subList(from, Math.min(from + per, count));
        return ok(renderAll(slice, g), NODES.numberNode(count));
    }

    private Reply getUserCount(Request r) {
        String isOnline = r.q("isOnline");
        synchronized (lock) {
            long count = users.getOrDefault(r.q("owner"), Map.of()).values().stream()
                    .filter(u -> isOnline.isEmpty() || u.path("isOnline").asBoolean() == isOnline.equals("1"))
                    .count();
            return ok(NODES.numberNode(count), null);
        }
    }

    private Reply addUser(Request r) {
        Profile p = r.profile();
        Generation g = p.generation();
        ObjectNode user = FakeCasdoorUserModel.zeroUser(g);
        try {
            FakeCasdoorUserModel.unmarshal(parseGoJson(r.body()), user, g);
        } catch (GoJsonException e) {
            return error(e.getMessage());
        }
        synchronized (lock) {
            String problem = checkUpdateUser(null, user);
            if (problem != null) {
                return error(problem);
            }
            // registerSource stays empty: an application caller is not a user row, so it has no id to put there.
            if (has(g, "registerType") && text(user, "registerType").isEmpty()) {
                user.put("registerType", "Add User");
            }
            if (text(user, "id").isEmpty()) {
                user.put("id", UUID.randomUUID().toString());
            }
            String owner = text(user, "owner");
            String name = text(user, "name");
            if (owner.isEmpty() || name.isEmpty()) {
                return error("the user's owner and name should not be empty");
            }
            if (!organizations.contains(owner)) {
                return error("the organization: " + owner + " is not found");
            }
            if (owner.equals("built-in") && !name.equals("admin")) {
                return error(BUILT_IN_REFUSED);
            }
            if (p.hasBalance() && text(user, "balanceCurrency").isEmpty()) {
                user.put("balanceCurrency", "USD");
            }
            if (text(user, "avatar").isEmpty()) {
                user.put("avatar", DEFAULT_AVATAR);
            }
            String passwordType = text(user, "passwordType");
            if (!text(user, "password").isEmpty() && (passwordType.isEmpty() || passwordType.equals("plain"))) {
                String salt = FakeHttp.randomToken(12);
                user.put("password", sha256Salt(text(user, "password"), salt));
                user.put("passwordType", "sha256-salt");
                user.put("passwordSalt", salt);
            }
            if (text(user, "createdTime").isEmpty()) {
                user.put("createdTime", now());
            }
            if (text(user, "updatedTime").isEmpty()) {
                user.put("updatedTime", text(user, "createdTime"));
            }
            user.put("ranking", users.getOrDefault(owner, Map.of()).size() + 1);
            String dbProblem = dbProblem(user, storedFields(g));
            if (dbProblem != null) {
                return error(dbProblem);
            }
            Map<String, ObjectNode> org = users.computeIfAbsent(owner, k -> new LinkedHashMap<>());
            if (org.containsKey(name)) {
                return error("pq: duplicate key value violates unique constraint \"user_pkey\"");
            }
            org.put(name, toStored(user));
            return ok(NODES.stringNode("Affected"), null);
        }
    }

    private Reply updateUser(Request r, String subject) {
        Profile p = r.profile();
        Generation g = p.generation();
        String id = r.q("id");
        String userId = p.updateByUserId() ? r.q("userId") : "";
        String owner = r.q("owner");
        String columns = r.q("columns");
        JsonNode body;
        ObjectNode user = FakeCasdoorUserModel.zeroUser(g);
        try {
            body = parseGoJson(r.body());
            FakeCasdoorUserModel.unmarshal(body, user, g);
        } catch (GoJsonException e) {
            return error(e.getMessage());
        }
        if (id.isEmpty() && userId.isEmpty()) {
            // Casdoor falls back to the caller's own id, which for an application is no user at all.
            id = subject;
        }
        synchronized (lock) {
            ObjectNode old = null;
            if (!userId.isEmpty() && !owner.isEmpty()) {
                old = findBy(owner, "id", userId);
                if (old == null) {
                    return error("The user: " + userId + " doesn't exist");
                }
                id = text(old, "owner") + "/" + text(old, "name");
            }
            if (userId.isEmpty()) {
                String problem = idProblem(id);
                if (problem != null) {
                    return error(problem);
                }
                old = stored(id);
            }
            if (old == null) {
                return error("The user: " + id + " doesn't exist");
            }
            ObjectNode oldUser = toFull(old, g);
            if (!columns.isEmpty() && p.mergesBodyWithColumns()) {
                user = oldUser.deepCopy();
                try {
                    FakeCasdoorUserModel.unmarshal(body, user, g);
                } catch (GoJsonException e) {
                    return error(e.getMessage());
                }
            }
            if (text(oldUser, "owner").equals("built-in")
                    && text(oldUser, "name").equals("admin")
                    && !(text(user, "owner").equals("built-in")
                            && text(user, "name").equals("admin"))) {
                return error(UNAUTHORIZED);
            }
            if (p.displayNameAlwaysRequired()
                    && r.q("allowEmpty").isEmpty()
                    && text(user, "displayName").isEmpty()) {
                return error("Display name cannot be empty");
            }
            if (g == Generation.V3) {
                if (user.path("mfaEmailEnabled").asBoolean()
                        && text(user, "email").isEmpty()) {
                    return error("MFA email is enabled but email is empty");
                }
                if (user.path("mfaPhoneEnabled").asBoolean()
                        && text(user, "phone").isEmpty()) {
                    return error("MFA phone is enabled but phone number is empty");
                }
            }
            String problem = checkUpdateUser(oldUser, user);
            if (problem == null) {
                problem = checkPermissionForUpdateUser(
                        oldUser, user, !r.q("allowEmpty").isEmpty(), p);
            }
            if (problem != null) {
                return error(problem);
            }
            if (text(user, "password").equals("***")) {
                user.put("password", text(oldUser, "password"));
            }
            if (g != Generation.V1 && text(user, "id").isEmpty()) {
                user.put("id", text(oldUser, "id"));
            }
            return write(oldUser, user, columnsToWrite(columns, user, p), g);
        }
    }

    private Reply deleteUser(Request r) {
        Generation g = r.profile().generation();
        ObjectNode user = FakeCasdoorUserModel.zeroUser(g);
        try {
            FakeCasdoorUserModel.unmarshal(parseGoJson(r.body()), user, g);
        } catch (GoJsonException e) {
            return error(e.getMessage());
        }
        if (text(user, "owner").equals("built-in") && text(user, "name").equals("admin")) {
            return error(UNAUTHORIZED);
        }
        synchronized (lock) {
            Map<String, ObjectNode> org = users.get(text(user, "owner"));
            boolean removed = org != null && org.remove(text(user, "name")) != null;
            return ok(NODES.stringNode(removed ? "Affected" : "Unaffected"), null);
        }
    }

    // ---------------------------------------------------------------- Casdoor's checks

    /** {@code object.CheckUpdateUser}; {@code old} is null for add-user, where Casdoor passes an empty user. */
    private String checkUpdateUser(ObjectNode old, ObjectNode user) {
        String oldOwner = old == null ? "" : text(old, "owner");
        String owner = text(user, "owner");
        String name = text(user, "name");
        if (!(old == null ? "" : text(old, "name")).equals(name)) {
            String organization = oldOwner.isEmpty() ? owner : oldOwner;
            if (!organizations.contains(organization)) {
                return "The organization: " + organization + " does not exist";
            }
            String problem = checkUsername(name);
            if (problem != null) {
                return problem;
            }
            if (findBy(owner, "name", name) != null) {
                return "Username already exists";
            }
        }
        String email = text(user, "email");
        if (!(old == null ? "" : text(old, "email")).equals(email) && findBy(owner, "email", email) != null) {
            return "Email already exists";
        }
        String oldPhone = old == null ? "" : text(old, "phone");
        String oldCountry = old == null ? "" : text(old, "countryCode");
        if (!oldPhone.equals(text(user, "phone")) || !oldCountry.equals(text(user, "countryCode"))) {
            if (!text(user, "phone").isEmpty()) {
                String normalized = normalizePhone(text(user, "phone"));
                if (!PHONE.matcher(normalized).matches()) {
                    return "Phone number is invalid";
                }
                user.put("phone", normalized);
            }
            String phone = text(user, "phone");
            if ((!oldPhone.equals(phone) || !oldCountry.equals(text(user, "countryCode")))
                    && !phone.isEmpty()
                    && users.getOrDefault(owner, Map.of()).values().stream()
                            .anyMatch(u -> text(u, "phone").equals(phone)
                                    && text(u, "countryCode").equals(text(user, "countryCode")))) {
                return "Phone already exists";
            }
        }
        return null;
    }

    private static String checkUsername(String name) {
        if (name.isEmpty()) {
            return "Empty username.";
        }
        if (name.getBytes(UTF_8).length > 255) {
            return "Username is too long (maximum is 255 characters).";
        }
        return USERNAME.matcher(name).matches() ? null : BAD_USERNAME;
    }

    /**
     * {@code object.CheckPermissionForUpdateUser} for an application caller: every account item passes the Admin and
     * Self rules, so only an emptied display name and the Immutable items ("ID" by default, "Balance" in {@link
     * Mode#IMMUTABLE_BALANCE}) can fail. The display-name check returns at once; Immutable items are reported after
     * all changed fields have been collected, in struct order.
     */
    private static String checkPermissionForUpdateUser(ObjectNode old, ObjectNode user, boolean allowEmpty, Profile p) {
        boolean idChanged = !text(old, "id").equals(text(user, "id"));
        if (!p.displayNameAlwaysRequired()
                && !text(old, "displayName").equals(text(user, "displayName"))
                && text(user, "displayName").isEmpty()
                && !allowEmpty) {
            return "Display name cannot be empty";
        }
        boolean balanceChanged =
                p.hasBalance() && FakeCasdoorUserModel.differs(old.get("balance"), user.get("balance"));
        // Go compares these as JSON and makes nil the empty value first, so a null from the body is written as empty.
        if (user.get("properties").isNull()) {
            user.set("properties", NODES.objectNode());
        }
        for (String list : List.of("groups", "address")) {
            if (user.get(list).isNull()) {
                user.set(list, NODES.arrayNode());
            }
        }
        if (idChanged) {
            return "The ID is immutable.";
        }
        if (balanceChanged && p.balanceImmutable()) {
            return "The Balance is immutable.";
        }
        return null;
    }

    private List<String> columnsToWrite(String columns, ObjectNode user, Profile p) {
        List<String> out = new ArrayList<>();
        if (columns.isEmpty()) {
            out.addAll(FakeCasdoorUserModel.defaultColumns(p.generation()));
        } else {
            for (String c : FakeCasdoorUserModel.splitColumns(columns)) {
                // Before v3.50.0 a camelCase name matched no column and was dropped without a word.
                out.add(p.camelCaseColumns() ? FakeCasdoorUserModel.camelToSnake(c) : c);
            }
            if (p.columnsAlwaysAppended() != null) {
                out.addAll(p.columnsAlwaysAppended());
            }
        }
        out.add("updated_time");
        if (!text(user, "deletedTime").isEmpty()) {
            out.add("deleted_time");
        }
        out.add("hash");
        return out;
    }

    /** Writes the listed columns from {@code user} over the stored row. */
    private Reply write(ObjectNode old, ObjectNode user, List<String> columns, Generation g) {
        List<Field> written = new ArrayList<>();
        for (String column : new LinkedHashSet<>(columns)) {
            // A name that is no column of this generation is dropped, as xorm's Cols() drops it.
            Field f = FakeCasdoorUserModel.fieldByColumn(g, column);
            if (f != null) {
                written.add(f);
            }
        }
        boolean changed = written.stream()
                .filter(f -> !f.json().equals("updatedTime") && !f.json().equals("hash"))
                .anyMatch(f -> FakeCasdoorUserModel.differs(old.get(f.json()), user.get(f.json())));
        if (!changed) {
            return ok(NODES.stringNode("Unaffected"), null);
        }
        String dbProblem = dbProblem(user, written);
        if (dbProblem != null) {
            return error(dbProblem);
        }
        String oldOwner = text(old, "owner");
        String oldName = text(old, "name");
        ObjectNode updated = stored(oldOwner + "/" + oldName).deepCopy();
        for (Field f : written) {
            updated.set(f.json(), user.get(f.json()).deepCopy());
        }
        updated.put("updatedTime", now());
        String newOwner = text(updated, "owner");
        String newName = text(updated, "name");
        Map<String, ObjectNode> from = users.get(oldOwner);
        if (newOwner.equals(oldOwner) && newName.equals(oldName)) {
            from.put(oldName, updated);
        } else {
            Map<String, ObjectNode> to = users.computeIfAbsent(newOwner, k -> new LinkedHashMap<>());
            if (to.containsKey(newName)) {
                return error("pq: duplicate key value violates unique constraint \"user_pkey\"");
            }
            from.remove(oldName);
            to.put(newName, updated);
        }
        return ok(NODES.stringNode("Affected"), null);
    }

    /** What PostgreSQL would refuse: a varchar too long, or an INT column out of 32-bit range. */
    private static String dbProblem(ObjectNode user, List<Field> fields) {
        for (Field f : fields) {
            JsonNode v = user.get(f.json());
            if (v == null) {
                continue;
            }
            if (f.kind() == Kind.STRING && f.maxLength() > 0 && v.asString().length() > f.maxLength()) {
                return "pq: value too long for type character varying(" + f.maxLength() + ")";
            }
            if (f.kind() == Kind.INT && (v.longValue() > Integer.MAX_VALUE || v.longValue() < Integer.MIN_VALUE)) {
                return "pq: value \"" + v.longValue() + "\" is out of range for type integer";
            }
        }
        return null;
    }

    private static List<Field> storedFields(Generation g) {
        return FakeCasdoorUserModel.fields(g).stream().filter(Field::stored).toList();
    }

    // ---------------------------------------------------------------- storage helpers

    private ObjectNode stored(String id) {
        int slash = id.indexOf('/');
        return users.getOrDefault(id.substring(0, slash), Map.of()).get(id.substring(slash + 1));
    }

    private ObjectNode findBy(String owner, String key, String value) {
        // GetUserByField finds nothing for an empty value, so empty emails never collide.
        if (value.isEmpty()) {
            return null;
        }
        for (ObjectNode u : users.getOrDefault(owner, Map.of()).values()) {
            if (text(u, key).equals(value)) {
                return u;
            }
        }
        return null;
    }

    private ObjectNode findAnywhere(String key, String value) {
        for (String owner : users.keySet()) {
            ObjectNode u = findBy(owner, key, value);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    /** The DB row: the user without the fields that are no columns. */
    private static ObjectNode toStored(ObjectNode user) {
        ObjectNode out = user.deepCopy();
        out.remove(List.of("multiFactorAuths", "thirdPartyLinks", "roles", "permissions"));
        return out;
    }

    /** The stored row as the Go struct of generation {@code g} would load it. */
    private static ObjectNode toFull(ObjectNode stored, Generation g) {
        ObjectNode out = FakeCasdoorUserModel.zeroUser(g);
        for (Field f : FakeCasdoorUserModel.fields(g)) {
            if (f.stored() && stored.has(f.json())) {
                out.set(f.json(), stored.get(f.json()).deepCopy());
            }
        }
        return out;
    }

    /** A user as an application caller receives it: masked secrets, roles and permissions filled in. */
    private static ObjectNode render(ObjectNode stored, Generation g, boolean single) {
        ObjectNode full = toFull(stored, g);
        ObjectNode out = NODES.objectNode();
        for (Field f : FakeCasdoorUserModel.fields(g)) {
            switch (f.json()) {
                case "roles", "permissions" -> out.set(f.json(), NODES.arrayNode());
                case "multiFactorAuths" -> {
                    if (single) {
                        out.set(f.json(), mfaProps());
                    }
                }
                case "thirdPartyLinks" -> {
                    // omitempty, and nobody here links third-party accounts.
                }
                default -> out.set(f.json(), full.get(f.json()));
            }
        }
        if (!text(out, "password").isEmpty()) {
            out.put("password", "***");
        }
        out.put("totpSecret", "");
        if (out.has("recoveryCodes")) {
            out.putNull("recoveryCodes");
        }
        maskInList(out, "managedAccounts", "password");
        maskInList(out, "mfaAccounts", "secretKey");
        return out;
    }

    private static ArrayNode renderAll(List<ObjectNode> list, Generation g) {
        ArrayNode out = NODES.arrayNode();
        list.forEach(u -> out.add(render(u, g, false)));
        return out;
    }

    private static void maskInList(ObjectNode user, String list, String key) {
        JsonNode items = user.get(list);
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                if (item.isObject()) {
                    ((ObjectNode) item).put(key, "***");
                }
            }
        }
    }

    private static ArrayNode mfaProps() {
        ArrayNode out = NODES.arrayNode();
        for (String type : List.of("sms", "email", "app", "radius", "push")) {
            ObjectNode props = out.addObject();
            props.put("enabled", false);
            props.put("isPreferred", false);
            props.put("mfaType", type);
            props.put("mfaRememberInHours", 0);
        }
        return out;
    }

    // ---------------------------------------------------------------- small helpers

    private static boolean has(Generation g, String json) {
        return FakeCasdoorUserModel.field(g, json) != null;
    }

    private static String text(JsonNode user, String key) {
        JsonNode v = user.get(key);
        return v == null || v.isNull() ? "" : v.asString();
    }

    private static String idProblem(String id) {
        return id.split("/", -1).length == 2 ? null : "GetOwnerAndNameFromId() error, wrong token count for ID: " + id;
    }

    private static String normalizePhone(String phone) {
        return phone.replaceAll("[\\s()-]", "");
    }

    private static String likeText(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        return v.isValueNode() ? v.asString() : v.toString();
    }

    private static int compareValues(JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asString()).compareTo(new BigDecimal(b.asString()));
        }
        return likeText(a).compareTo(likeText(b));
    }

    private static String nameInBody(String body) {
        try {
            JsonNode node = GO_JSON.readTree(body);
            JsonNode name = node == null || !node.isObject() ? null : node.get("name");
            return name != null && name.isString() ? name.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The body as Go's {@code json.Unmarshal} would read it, with Go's words for a syntax error. */
    private static JsonNode parseGoJson(String body) throws GoJsonException {
        if (body.isBlank()) {
            throw new GoJsonException("unexpected end of JSON input");
        }
        try {
            return GO_JSON.readTree(body);
        } catch (JacksonException e) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("end-of-input")) {
                throw new GoJsonException("unexpected end of JSON input");
            }
            long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            char c = offset >= 1 && offset <= body.length()
                    ? body.charAt((int) offset - 1)
                    : body.strip().charAt(0);
            throw new GoJsonException("invalid character '" + c + "' looking for beginning of value");
        }
    }

    /** Go's {@code mime.ParseMediaType} accepts it (an absent header is fine too). */
    private static boolean validMediaType(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            return true;
        }
        String[] parts = contentType.split(";", -1);
        String type = parts[0].trim();
        int slash = type.indexOf('/');
        boolean typeOk = slash < 0
                ? MEDIA_TOKEN.matcher(type).matches()
                : MEDIA_TOKEN.matcher(type.substring(0, slash)).matches()
                        && MEDIA_TOKEN.matcher(type.substring(slash + 1)).matches();
        if (!typeOk) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            if (eq <= 0 || !MEDIA_TOKEN.matcher(param.substring(0, eq).trim()).matches()) {
                return false;
            }
            String value = param.substring(eq + 1).trim();
            boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
            if (!quoted && !MEDIA_TOKEN.matcher(value).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Go's query parsing: first value wins, {@code +} is a space, a pair with a bad escape is skipped. */
    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("[&]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                // net/url drops the pair and goes on.
            }
        }
        return out;
    }

    private static String sha256Salt(String password, String salt) {
        return sha256Hex(sha256Hex(password) + salt);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS)
                .format(RFC3339);
    }

    // ---------------------------------------------------------------- replies

    private static Reply ok(JsonNode data, JsonNode data2) {
        ObjectNode env = NODES.objectNode();
        env.put("status", "ok");
        env.put("msg", "");
        env.put("sub", "");
        env.put("name", "");
        env.set("data", data == null ? NODES.nullNode() : data);
        env.set("data2", data2 == null ? NODES.nullNode() : data2);
        env.putNull("data3");
        return json(env, "ok", "");
    }

    private static Reply error(String msg) {
        ObjectNode env = NODES.objectNode();
        env.put("status", "error");
        env.put("msg", msg);
        env.put("sub", "");
        env.put("name", "");
        env.putNull("data");
        env.putNull("data2");
        env.putNull("data3");
        return json(env, "error", msg);
    }

    /** The filters' envelope ({@code routers/base.go}), which has no {@code sub}, {@code name} or {@code data3}. */
    private static Reply filterError(String msg) {
        ObjectNode env = NODES.objectNode();
        env.put("status", "error");
        env.put("msg", msg);
        env.putNull("data");
        env.putNull("data2");
        return json(env, "error", msg);
    }

    private static Reply json(ObjectNode envelope, String outcome, String msg) {
        byte[] body = OUT_JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);
        return new Reply(200, "application/json; charset=utf-8", body, outcome, msg);
    }

    private static Reply answer(FakeCasdoorTokens.Answer answer) {
        byte[] body = OUT_JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer.json());
        return new Reply(
                answer.status(),
                "application/json; charset=utf-8",
                body,
                answer.outcome(),
                answer.msg(),
                answer.headers());
    }

    private static Map<String, String> lowerCase(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> out.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return out;
    }

    private static Reply html(int status, String outcome, String msg, String page) {
        return new Reply(status, "text/html; charset=utf-8", page.getBytes(UTF_8), outcome, msg);
    }

    // ---------------------------------------------------------------- the sandbox page

    private void page(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/") || !exchange.getRequestMethod().equals("GET")) {
            FakeHttp.html(
                    exchange,
                    404,
                    "<!DOCTYPE html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Не найдено"
                            + "</title><p>Здесь ничего нет. API — под <code>/api/</code>, список пользователей — на <a"
                            + " href=\"/\">главной</a>.</p></html>");
            return;
        }
        FakeHttp.html(exchange, 200, renderPage());
    }

    private String renderPage() {
        Profile p = Profile.of(mode);
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Casdoor — песочница</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\n")
                .append("table{border-collapse:collapse;margin-bottom:2rem}\n")
                .append("th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;font-size:.9rem}\n")
                .append("th{background:#f3f3f3}\n.muted{color:#888}\n.down{color:#b00020;font-weight:bold}\n")
                .append("</style>\n</head>\n<body>\n<h1>Casdoor — песочница</h1>\n")
                .append("<p>Подделка Casdoor для тестов и песочницы: зеркало пользователей и балансов.</p>\n<p>")
                .append("Версия: <b>")
                .append(FakeHttp.escape(p.version()))
                .append("</b> (режим ")
                .append(FakeHttp.escape(mode.name()))
                .append("). Состояние: ")
                .append(down ? "<span class=\"down\">недоступен (HTTP 502)</span>" : "работает")
                .append(". Задержка ответа: ")
                .append(delay.toMillis())
                .append(" мс.</p>\n");
        synchronized (lock) {
            html.append("<h2>Приложения</h2>\n");
            if (applications.isEmpty()) {
                html.append("<p class=\"muted\">Приложений нет.</p>\n");
            } else {
                html.append("<table>\n<tr><th>Организация</th><th>Приложение</th><th>Client ID</th></tr>\n");
                for (Application app : applications.values()) {
                    html.append("<tr><td>")
                            .append(FakeHttp.escape(app.organization()))
                            .append("</td><td>")
                            .append(FakeHttp.escape(app.name()))
                            .append("</td><td><code>")
                            .append(FakeHttp.escape(app.clientId()))
                            .append("</code></td></tr>\n");
                }
                html.append("</table>\n");
            }
            Set<String> orgs = new LinkedHashSet<>(organizations);
            orgs.addAll(users.keySet());
            for (String org : orgs) {
                html.append("<h2>Организация «").append(FakeHttp.escape(org)).append("»</h2>\n");
                Map<String, ObjectNode> members = users.getOrDefault(org, Map.of());
                if (members.isEmpty()) {
                    html.append("<p class=\"muted\">Пользователей нет.</p>\n");
                    continue;
                }
                html.append("<table>\n<tr><th>Имя</th><th>Отображаемое имя</th><th>Email</th><th>VK</th>")
                        .append("<th>Google</th><th>Яндекс</th><th>Баланс</th><th>Очки (score)</th>")
                        .append("<th>Приложение</th><th>Обновлён</th></tr>\n");
                for (ObjectNode u : members.values()) {
                    html.append("<tr>");
                    for (String key : List.of("name", "displayName", "email", "vk", "google", "yandex")) {
                        cell(html, text(u, key));
                    }
                    cell(html, p.hasBalance() && u.has("balance") ? balance(u) : "—");
                    cell(html, text(u, "score"));
                    cell(html, text(u, "signupApplication"));
                    cell(html, text(u, "updatedTime"));
                    html.append("</tr>\n");
                }
                html.append("</table>\n");
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static String balance(ObjectNode u) {
        String currency = text(u, "balanceCurrency");
        return text(u, "balance") + (currency.isEmpty() ? "" : " " + currency);
    }

    private static void cell(StringBuilder html, String value) {
        html.append("<td>").append(FakeHttp.escape(value)).append("</td>");
    }
}
