package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A faithful in-process stand-in for Telegram's legacy Login Widget, following {@code shared/contracts/providers.md}
 * §4.1: the widget script with its JavaScript API, the popup a person confirms the login in, and the result signed
 * with the bot token exactly as Telegram signs it. For tests and the local sandbox only; it never ships in the jar.
 *
 * <ul>
 *   <li>{@code GET /js/telegram-widget.js} defines {@code Telegram.Login.auth(options, callback)}: it opens the popup
 *       and calls back once with the signed fields, or with {@code false} when the person declines or closes it.
 *       Only this API is emulated; the iframe button rendered from {@code data-telegram-login} attributes is not.
 *   <li>{@code GET /auth?bot_id=…&origin=…[&request_access=write][&lang=ru]} is the popup: a Russian consent page
 *       where the person describes the Telegram user to sign in as.
 *   <li>{@code POST /auth/confirm} answers a page that posts {@code {"event":"auth_result","result":…}} to
 *       {@code window.opener} at the requesting origin, then closes the popup.
 * </ul>
 *
 * <p>The real Telegram also checks the origin against the domain set with {@code /setdomain}; the fake accepts any
 * http(s) origin, because test and sandbox ports change from run to run.
 */
public final class FakeTelegram implements AutoCloseable {

    static final String SCRIPT_PATH = "/js/telegram-widget.js";

    // The widget's own cache-busting version; pages copy the real URL, so the fake accepts the same one.
    private static final String SCRIPT_VERSION = "22";
    private static final Pattern BOT_TOKEN = Pattern.compile("([1-9][0-9]{0,18}):(\\S+)");
    // location.origin as a browser reports it: scheme, host and optional port, nothing more.
    private static final Pattern ORIGIN =
            Pattern.compile("(?i)https?://(\\[[0-9a-f:.]+]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(:[0-9]{1,5})?");
    // The widget hands id over as a JavaScript number, so it has to stay within Number.MAX_SAFE_INTEGER.
    private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,15}");
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    // Telegram's own rule for usernames: 5–32 characters, Latin letters, digits and '_', starting with a letter.
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{4,31}");

    private final FakeServer http;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();

    private FakeTelegram(int port) throws IOException {
        http = FakeServer.start(port, this::dispatch);
    }

    /** Starts the fake on 127.0.0.1; {@code port} 0 picks a free port. */
    public static FakeTelegram start(int port) {
        try {
            return new FakeTelegram(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash; also the origin the popup posts its result from. */
    public URI baseUri() {
        return http.baseUri();
    }

    /** Where the page loads the widget from, in place of {@code https://telegram.org/js/telegram-widget.js?22}. */
    public URI widgetScriptUri() {
        return URI.create(http.baseUri() + SCRIPT_PATH + "?" + SCRIPT_VERSION);
    }

    /**
     * Registers (or replaces) a bot as @BotFather would create it. {@code botToken} is {@code "<bot id>:<secret>"};
     * the page passes the part before the colon as {@code bot_id}.
     */
    public void registerBot(String botName, String botToken) {
        if (botName == null || botName.isBlank()) {
            throw new IllegalArgumentException("botName is required");
        }
        bots.put(botId(botToken), new Bot(botName, botToken));
    }

    /**
     * The signed fields Telegram would hand the page for this person now (for HTTP-level tests), in the order id,
     * first_name, last_name, username, photo_url, auth_date, hash; null or empty optional fields are left out, as
     * Telegram leaves out what the user does not have. The consent popup signs through this same method.
     */
    public Map<String, String> signedLogin(
            String botToken,
            long userId,
            String firstName,
            String lastName,
            String username,
            String photoUrl,
            long authDateEpochSeconds) {
        botId(botToken);
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive, got " + userId);
        }
        // Every Telegram account has a first name; only the other profile fields are optional.
        if (firstName == null || firstName.isEmpty()) {
            throw new IllegalArgumentException("firstName is required");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", Long.toString(userId));
        fields.put("first_name", firstName);
        putOptional(fields, "last_name", lastName);
        putOptional(fields, "username", username);
        putOptional(fields, "photo_url", photoUrl);
        fields.put("auth_date", Long.toString(authDateEpochSeconds));
        fields.put("hash", hash(botToken, fields));
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public void close() {
        http.stop();
    }

    /** A registered bot; {@code name} is what the consent page shows. */
    record Bot(String name, String token) {}

    /** What the consent form holds; strings, because a rejected form is shown again exactly as it was typed. */
    record Person(String id, String firstName, String lastName, String username, String photoUrl) {
        static final Person DEFAULT = new Person("700000001", "Иван", "Петров", "ivan_petrov", "");
    }

    // ---------------------------------------------------------------- signing

    private static String botId(String botToken) {
        Matcher m = BOT_TOKEN.matcher(Objects.requireNonNull(botToken, "botToken"));
        if (!m.matches()) {
            throw new IllegalArgumentException("A bot token looks like \"<bot id>:<secret>\"");
        }
        return m.group(1);
    }

    private static void putOptional(Map<String, String> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(name, value);
        }
    }

    private static String hash(String botToken, Map<String, String> fields) {
        String dataCheckString = fields.entrySet().stream()
                .filter(e -> !e.getKey().equals("hash"))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        try {
            byte[] secretKey = MessageDigest.getInstance("SHA-256").digest(botToken.getBytes(UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(dataCheckString.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- routing

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String allowed = switch (path) {
                case SCRIPT_PATH, "/auth" -> "GET";
                case "/auth/confirm" -> "POST";
                default -> null;
            };
            if (allowed == null) {
                FakeHttp.send(exchange, 404, "text/plain; charset=utf-8", ("Not Found: " + path).getBytes(UTF_8));
            } else if (!allowed.equals(method)) {
                FakeHttp.methodNotAllowed(exchange, allowed);
            } else if (path.equals(SCRIPT_PATH)) {
                FakeHttp.send(
                        exchange,
                        200,
                        "application/javascript; charset=utf-8",
                        FakeTelegramWidget.script(http.baseUri()).getBytes(UTF_8));
            } else if (path.equals("/auth")) {
                authPage(
                        exchange,
                        FakeHttp.parseUrlEncoded(exchange.getRequestURI().getRawQuery()));
            } else {
                confirm(exchange, form(exchange));
            }
        } catch (IllegalArgumentException e) {
            // A malformed %-escape: a real server rejects the request before looking at it.
            tryRespond(exchange, 400, "Некорректный запрос: " + e.getMessage());
        } catch (Exception e) {
            e.printStackTrace();
            tryRespond(exchange, 500, "Внутренняя ошибка песочницы: " + e);
        }
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        return contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? FakeHttp.parseUrlEncoded(new String(body, UTF_8))
                : Map.of();
    }

    private static void tryRespond(HttpExchange exchange, int status, String problem) {
        try {
            FakeHttp.html(exchange, status, FakeTelegramWidget.error(problem));
        } catch (IOException | RuntimeException ignored) {
            // The response was already started or the browser is gone; nothing useful is left to do.
        }
    }

    // ---------------------------------------------------------------- popup

    private void authPage(HttpExchange exchange, Map<String, String> query) throws IOException {
        Map<String, String> request = requestParams(query);
        String problem = requestProblem(request);
        if (problem != null) {
            FakeHttp.html(exchange, 400, FakeTelegramWidget.error(problem));
            return;
        }
        Bot bot = bots.get(request.get("bot_id"));
        FakeHttp.html(exchange, 200, FakeTelegramWidget.consent(bot, request, Person.DEFAULT, null));
    }

    private void confirm(HttpExchange exchange, Map<String, String> form) throws IOException {
        Map<String, String> request = requestParams(form);
        // The hidden fields come back from the browser, so they are as untrusted as the original query.
        String problem = requestProblem(request);
        if (problem != null) {
            FakeHttp.html(exchange, 400, FakeTelegramWidget.error(problem));
            return;
        }
        Bot bot = bots.get(request.get("bot_id"));
        String origin = request.get("origin");
        String decision = form.getOrDefault("decision", "");
        if (decision.equals("decline")) {
            FakeHttp.html(exchange, 200, FakeTelegramWidget.result(origin, false));
            return;
        }
        Person person = new Person(
                form.getOrDefault("id", "").strip(),
                form.getOrDefault("first_name", "").strip(),
                form.getOrDefault("last_name", "").strip(),
                form.getOrDefault("username", "").strip(),
                form.getOrDefault("photo_url", "").strip());
        String invalid = decision.equals("confirm") ? personProblem(person) : "Нажмите «Подтвердить» или «Отмена».";
        if (invalid != null) {
            FakeHttp.html(exchange, 400, FakeTelegramWidget.consent(bot, request, person, invalid));
            return;
        }
        Map<String, String> signed = signedLogin(
                bot.token(),
                Long.parseLong(person.id()),
                person.firstName(),
                person.lastName(),
                person.username(),
                person.photoUrl(),
                Instant.now().getEpochSecond());
        // The widget hands id and auth_date to the page as numbers, the rest as strings.
        Map<String, Object> result = new LinkedHashMap<>();
        signed.forEach((name, value) ->
                result.put(name, name.equals("id") || name.equals("auth_date") ? Long.valueOf(value) : value));
        FakeHttp.html(exchange, 200, FakeTelegramWidget.result(origin, result));
    }

    /** The popup's own parameters, in a fixed order, whether they came from the query or the form's hidden fields. */
    private static Map<String, String> requestParams(Map<String, String> source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : new String[] {"bot_id", "origin", "request_access", "lang"}) {
            String value = source.get(name);
            if (value != null && !value.isEmpty()) {
                out.put(name, value);
            }
        }
        return out;
    }

    private String requestProblem(Map<String, String> request) {
        String botId = request.get("bot_id");
        if (botId == null) {
            return "Не передан bot_id.";
        }
        if (!bots.containsKey(botId)) {
            return "Бот с bot_id «" + botId + "» не зарегистрирован.";
        }
        String origin = request.get("origin");
        if (origin == null) {
            return "Не передан origin: сайт, на который выполняется вход.";
        }
        if (!ORIGIN.matcher(origin).matches()) {
            return "origin должен быть адресом сайта вида https://example.ru (без пути), получено: «" + origin + "».";
        }
        return null;
    }

    private static String personProblem(Person person) {
        if (!USER_ID.matcher(person.id()).matches() || Long.parseLong(person.id()) > MAX_SAFE_INTEGER) {
            return "Идентификатор пользователя Telegram — положительное число (не больше 2^53 − 1).";
        }
        if (person.firstName().isEmpty()) {
            return "Укажите имя: в Telegram оно есть у каждого пользователя.";
        }
        if (!person.username().isEmpty() && !USERNAME.matcher(person.username()).matches()) {
            return "Имя пользователя — 5–32 латинские буквы, цифры или «_», начинается с буквы, без @.";
        }
        if (!person.photoUrl().isEmpty() && !isHttpUrl(person.photoUrl())) {
            return "Адрес фотографии должен быть абсолютным http(s)-адресом.";
        }
        return null;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
