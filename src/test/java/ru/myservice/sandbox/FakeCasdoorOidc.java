package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static ru.myservice.sandbox.FakeHttp.escape;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import ru.myservice.sandbox.FakeCasdoor.Application;

/**
 * Casdoor as an OpenID Connect provider for people, following {@code shared/contracts/casdoor-tokens.md} §2, §4, §5
 * and §8: the sign-in page {@code GET /login/oauth/authorize} (here: pick one of the stand-in's people), the
 * {@code authorization_code} grant of {@code POST /api/login/oauth/access_token} (codes single-use for 5 minutes, PKCE
 * S256 only), {@code GET /api/userinfo} and {@code /api/logout}. The ID token is the access token: JWT format, with
 * {@code owner}, {@code groups} and {@code email_verified} (only when true).
 *
 * <p>Four people of the organization {@code myservice} exist from the start: {@code operator} and {@code operator2}
 * (group {@code myservice/staff}: two, so that one can approve what the other asks for), {@code auditor} ({@code myservice/staff-readonly}) and {@code visitor} (no group). An
 * application signs people in only to the redirect addresses given to {@link #allowRedirect}, as Casdoor's
 * «Redirect URLs».
 */
public final class FakeCasdoorOidc {

    /** A person who can sign in at the stand-in. */
    public record Person(
            String owner,
            String name,
            String id,
            String displayName,
            String email,
            boolean emailVerified,
            List<String> groups) {

        public String login() {
            return owner + "/" + name;
        }
    }

    public static final Person OPERATOR = new Person(
            "myservice",
            "operator",
            "5b1f0c2e-0000-4000-8000-000000000001",
            "Ольга Операторова",
            "operator@myservice.example",
            true,
            List.of("myservice/staff"));
    /** A second full member of staff: approves what {@link #OPERATOR} asks for above the threshold. */
    public static final Person SECOND_OPERATOR = new Person(
            "myservice",
            "operator2",
            "5b1f0c2e-0000-4000-8000-000000000004",
            "Пётр Проверяев",
            "operator2@myservice.example",
            true,
            List.of("myservice/staff"));

    public static final Person AUDITOR = new Person(
            "myservice",
            "auditor",
            "5b1f0c2e-0000-4000-8000-000000000002",
            "Аркадий Аудиторов",
            "auditor@myservice.example",
            true,
            List.of("myservice/staff-readonly"));
    public static final Person VISITOR = new Person(
            "myservice",
            "visitor",
            "5b1f0c2e-0000-4000-8000-000000000003",
            "Вера Посетителева",
            "visitor@example.ru",
            false,
            List.of());

    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    private static final Set<String> SCOPES =
            Set.of("openid", "email", "profile", "address", "phone", "offline_access");

    private final FakeCasdoor casdoor;
    private final Map<String, Person> people = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> redirects = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private final List<String> loggedOut = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Supplier<Instant> clock = Instant::now;
    private volatile boolean groupsInToken = true;

    FakeCasdoorOidc(FakeCasdoor casdoor) {
        this.casdoor = casdoor;
        for (Person person : List.of(OPERATOR, SECOND_OPERATOR, AUDITOR, VISITOR)) {
            addPerson(person);
        }
    }

    /** Adds (or replaces, by organization and name) a person who can sign in. */
    public void addPerson(Person person) {
        people.put(person.login(), person);
    }

    public List<Person> people() {
        return people.values().stream()
                .sorted(java.util.Comparator.comparing(Person::login))
                .toList();
    }

    /**
     * Lets the application {@code clientId} send people back to addresses matching {@code pattern}: its «Redirect
     * URLs», which Casdoor matches as regular expressions.
     */
    public void allowRedirect(String clientId, String pattern) {
        redirects.computeIfAbsent(clientId, id -> ConcurrentHashMap.newKeySet()).add(pattern);
    }

    /**
     * Whether tokens carry {@code groups}: true for the JWT format (the default); false imitates JWT-Empty, where
     * only userinfo tells the groups.
     */
    public void setGroupsInToken(boolean groupsInToken) {
        this.groupsInToken = groupsInToken;
    }

    /** Reads the time from {@code clock} when judging a code's age, so tests need not wait five minutes. */
    public void setClock(java.util.function.Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** The ID tokens whose sessions {@code /api/logout} ended, oldest first. */
    public List<String> loggedOut() {
        return List.copyOf(loggedOut);
    }

    // ---------------------------------------------------------------- the sign-in page

    boolean isPage(String path) {
        return path.equals("/login/oauth/authorize");
    }

    /** {@code GET} shows the sign-in page; {@code POST} signs the picked person in and sends the browser back. */
    void page(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestMethod().equals("POST")
                ? new String(exchange.getRequestBody().readAllBytes(), UTF_8)
                : exchange.getRequestURI().getRawQuery();
        Map<String, String> params = FakeHttp.parseUrlEncoded(raw == null ? "" : raw);
        String problem = problem(params);
        if (problem != null) {
            // An untrusted redirect_uri is never followed: Casdoor shows its own error page.
            FakeHttp.html(
                    exchange, 400, page("Ошибка входа", "<p class=\"error\" id=\"error\">" + escape(problem) + "</p>"));
            return;
        }
        if (exchange.getRequestMethod().equals("GET")) {
            FakeHttp.html(exchange, 200, signinPage(params));
            return;
        }
        Person person = people.get(params.getOrDefault("user", ""));
        if (person == null) {
            FakeHttp.html(
                    exchange,
                    400,
                    page("Ошибка входа", "<p class=\"error\" id=\"error\">Нет такого пользователя.</p>"));
            return;
        }
        String code = FakeHttp.randomToken(20);
        String host = exchange.getRequestHeaders().getFirst("Host");
        codes.put(
                code,
                new Grant(
                        params.get("client_id"),
                        params.get("redirect_uri"),
                        params.get("code_challenge"),
                        params.get("nonce"),
                        params.getOrDefault("scope", ""),
                        person,
                        Instant.now(),
                        casdoor.tokens().issuer(host)));
        Map<String, String> back = new LinkedHashMap<>();
        back.put("code", code);
        back.put("state", params.get("state"));
        FakeHttp.redirect(exchange, FakeHttp.withQuery(params.get("redirect_uri"), back));
    }

    private @Nullable String problem(Map<String, String> p) {
        Application app = casdoor.applicationByClientId(p.getOrDefault("client_id", ""));
        if (app == null) {
            return "Invalid client_id: " + p.getOrDefault("client_id", "");
        }
        String redirect = p.getOrDefault("redirect_uri", "");
        if (redirects.getOrDefault(app.clientId(), Set.of()).stream().noneMatch(redirect::matches)) {
            return "Redirect URI: \"" + redirect + "\" doesn't exist in the allowed Redirect URI list";
        }
        if (!"code".equals(p.get("response_type"))) {
            return "Grant_type: " + p.getOrDefault("response_type", "") + " is not supported in this application";
        }
        if (!"S256".equals(p.get("code_challenge_method"))
                || p.getOrDefault("code_challenge", "").isEmpty()) {
            return "Challenge method should be S256";
        }
        if (p.getOrDefault("state", "").isEmpty()) {
            return "state is missing";
        }
        if (p.getOrDefault("nonce", "").isEmpty()) {
            return "nonce is missing";
        }
        for (String scope : p.getOrDefault("scope", "").split(" ")) {
            if (!scope.isEmpty() && !SCOPES.contains(scope)) {
                return "Scope: " + scope + " is not allowed";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the token endpoint

    /**
     * {@code grant_type=authorization_code}, after the client was identified: the code, then the secret (which PKCE
     * lets a public client leave out, never get wrong), the verifier and the code's age, in Casdoor's order; a code
     * is used up only by a successful exchange. Errors as {@code util.go:76-90}.
     */
    FakeCasdoorTokens.Answer exchange(Map<String, String> p, Application app, String secret) {
        String code = p.getOrDefault("code", "");
        Grant grant = codes.get(code);
        if (grant == null || !grant.clientId().equals(app.clientId())) {
            return FakeCasdoorTokens.error(400, "invalid_grant", "authorization code is invalid");
        }
        if (usedCodes.contains(code)) {
            return FakeCasdoorTokens.error(400, "invalid_grant", "authorization code has been used");
        }
        if (!secret.isEmpty() && !MessageDigest.isEqual(app.secret().getBytes(UTF_8), secret.getBytes(UTF_8))) {
            return FakeCasdoorTokens.error(401, "invalid_client", "client_secret is invalid");
        }
        if (!challenge(p.getOrDefault("code_verifier", "")).equals(grant.codeChallenge())) {
            return FakeCasdoorTokens.error(400, "invalid_grant", "code_verifier is invalid");
        }
        if (grant.issuedAt().plus(CODE_LIFETIME).isBefore(clock.get())) {
            return FakeCasdoorTokens.error(400, "invalid_grant", "authorization code has expired");
        }
        if (!usedCodes.add(code)) {
            return FakeCasdoorTokens.error(400, "invalid_grant", "authorization code has been used");
        }
        Map<String, Object> claims = claims(grant, app);
        String accessToken = casdoor.tokens().accessToken(claims);
        tokens.put(accessToken, new Issued(grant.person(), grant.scope(), app.clientId(), grant.issuer()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", accessToken);
        response.put("id_token", accessToken);
        response.put("refresh_token", casdoor.tokens().refreshToken(claims));
        response.put("token_type", "Bearer");
        response.put("expires_in", casdoor.tokens().expireInHours() * 3600);
        response.put("scope", grant.scope());
        return new FakeCasdoorTokens.Answer(200, response, Map.of(), "ok", "");
    }

    private Map<String, Object> claims(Grant grant, Application app) {
        Person person = grant.person();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("owner", person.owner());
        claims.put("name", person.name());
        claims.put("id", person.id());
        claims.put("displayName", person.displayName());
        claims.put("avatar", "");
        claims.put("email", person.email());
        if (person.emailVerified()) {
            claims.put("email_verified", true);
        }
        claims.put("phone", "");
        if (groupsInToken) {
            claims.put("type", "normal-user");
            claims.put("isAdmin", false);
            claims.put("groups", person.groups());
        }
        claims.put("tokenType", FakeCasdoorTokens.ACCESS_TOKEN);
        claims.put("nonce", grant.nonce());
        claims.put("scope", grant.scope());
        claims.put("azp", app.clientId());
        claims.put("iss", grant.issuer());
        claims.put("sub", person.id());
        claims.put("aud", List.of(app.clientId()));
        claims.put(
                "exp",
                now.plus(casdoor.tokens().expireInHours(), ChronoUnit.HOURS).getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", "admin/" + UUID.randomUUID());
        return claims;
    }

    // ---------------------------------------------------------------- userinfo and logout

    boolean isApi(String path) {
        return path.equals("/api/userinfo") || path.equals("/api/logout");
    }

    /** {@code /api/userinfo} and {@code /api/logout}; an answer, or a redirect's address in {@code location}. */
    FakeCasdoorTokens.Answer api(String method, String path, Map<String, String> query, Map<String, String> headers) {
        if (path.equals("/api/logout")) {
            return logout(query);
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            return new FakeCasdoorTokens.Answer(405, Map.of(), Map.of(), "error", "method");
        }
        String token = FakeHttp.authorizationToken(headers, "Bearer");
        Issued issued = token == null ? null : tokens.get(token);
        if (issued == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "error");
            body.put("msg", "Access token doesn't exist in database");
            return new FakeCasdoorTokens.Answer(200, body, Map.of(), "error", "Access token doesn't exist in database");
        }
        Person person = issued.person();
        List<String> scopes = List.of(issued.scope().split(" "));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sub", person.id());
        info.put("iss", issued.issuer());
        info.put("aud", issued.clientId());
        if (scopes.contains("profile")) {
            info.put("preferred_username", person.name());
            info.put("name", person.displayName());
            info.put("picture", "");
            info.put("groups", person.groups());
            info.put("roles", List.of());
            info.put("permissions", List.of());
        }
        if (scopes.contains("email")) {
            info.put("email", person.email());
            // Always true in Casdoor's userinfo, whatever the user's record says (contract §5).
            info.put("email_verified", true);
        }
        return new FakeCasdoorTokens.Answer(200, info, Map.of(), "ok", "");
    }

    private FakeCasdoorTokens.Answer logout(Map<String, String> query) {
        String hint = query.getOrDefault("id_token_hint", "");
        if (!hint.isEmpty() && tokens.remove(hint) != null) {
            loggedOut.add(hint);
        }
        String back = query.getOrDefault("post_logout_redirect_uri", "");
        if (!back.isEmpty()) {
            Map<String, String> state = new LinkedHashMap<>();
            if (!query.getOrDefault("state", "").isEmpty()) {
                state.put("state", query.get("state"));
            }
            return new FakeCasdoorTokens.Answer(
                    302, Map.of(), Map.of("Location", FakeHttp.withQuery(back, state)), "ok", "redirect");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("msg", "");
        return new FakeCasdoorTokens.Answer(200, body, Map.of(), "ok", "");
    }

    // ---------------------------------------------------------------- pages and helpers

    private String signinPage(Map<String, String> params) {
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"note\">Это локальная замена Casdoor: пароль не спрашивается. Выберите, кем войти ")
                .append("в приложение <b>")
                .append(escape(params.get("client_id")))
                .append("</b>.</p><form method=\"post\" action=\"/login/oauth/authorize\">");
        params.forEach((name, value) -> {
            if (!name.equals("user")) {
                body.append("<input type=\"hidden\" name=\"")
                        .append(escape(name))
                        .append("\" value=\"")
                        .append(escape(value))
                        .append("\">");
            }
        });
        body.append("<ul class=\"people\">");
        for (Person person : people()) {
            body.append("<li><button type=\"submit\" name=\"user\" value=\"")
                    .append(escape(person.login()))
                    .append("\" id=\"user-")
                    .append(escape(person.name()))
                    .append("\"><b>")
                    .append(escape(person.displayName()))
                    .append("</b> <span>")
                    .append(escape(person.login()))
                    .append(
                            person.groups().isEmpty()
                                    ? " · без групп"
                                    : " · " + escape(String.join(", ", person.groups())))
                    .append("</span></button></li>");
        }
        body.append("</ul></form>");
        return page("Вход — Casdoor (песочница)", body.toString());
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" + escape(title)
                + "</title><style>body{font:15px/1.45 system-ui,sans-serif;background:#f0f2f5;margin:0}"
                + "main{max-width:480px;margin:40px auto;background:#fff;border-radius:16px;padding:24px 28px}"
                + ".note{font-size:13px;color:#555;background:#f7f8fa;border-left:3px solid #1a73e8;padding:8px 12px}"
                + ".error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:10px 12px}"
                + ".people{list-style:none;padding:0}.people button{width:100%;text-align:left;margin:6px 0;"
                + "padding:10px 12px;border:1px solid #cfd4da;border-radius:8px;background:#fff;cursor:pointer}"
                + ".people span{color:#666;font-size:13px}</style></head><body><main><h1>" + escape(title) + "</h1>"
                + body + "</main></body></html>";
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Grant(
            String clientId,
            String redirectUri,
            String codeChallenge,
            String nonce,
            String scope,
            Person person,
            Instant issuedAt,
            String issuer) {}

    private record Issued(Person person, String scope, String clientId, String issuer) {}
}
