package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.testing.HeadlessChromium;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FakeTelegramTest {

    private static final String BOT_NAME = "MyServiceBot";
    private static final String BOT_ID = "7012345678";
    private static final String BOT_TOKEN = BOT_ID + ":AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private static final String SITE = "http://localhost:8080";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RESULT = Pattern.compile("var result = (.*);\\n");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeTelegram telegram;

    @BeforeEach
    void start() {
        telegram = FakeTelegram.start(0);
        telegram.registerBot(BOT_NAME, BOT_TOKEN);
    }

    @AfterEach
    void stop() {
        telegram.close();
        http.close();
    }

    // ---------------------------------------------------------------- signing

    @Test
    void signsTheKnownVectorAsTelegramDoes() throws Exception {
        Map<String, String> signed =
                telegram.signedLogin("123456:ABC-DEF", 1, "Ivan", null, null, null, 1_700_000_000L);

        assertThat(signed)
                .containsExactly(
                        Map.entry("id", "1"),
                        Map.entry("first_name", "Ivan"),
                        Map.entry("auth_date", "1700000000"),
                        Map.entry(
                                "hash", expectedHash("123456:ABC-DEF", "auth_date=1700000000\nfirst_name=Ivan\nid=1")));
        // Computed once outside the JVM (Python hmac/hashlib), so neither Java implementation can drift unnoticed.
        assertThat(signed.get("hash")).isEqualTo("02afa5ffe021252a8cb833a9790700f6c0767e44e1549411086b715a036035df");
    }

    @Test
    void signsEveryFieldInTelegramsOrderWithCyrillicNames() throws Exception {
        Map<String, String> signed = telegram.signedLogin(
                BOT_TOKEN,
                700_000_001L,
                "Иван",
                "Петров",
                "ivan_petrov",
                "https://t.me/i/userpic/320/ivan.jpg",
                1_750_000_000L);

        assertThat(signed.keySet())
                .containsExactly("id", "first_name", "last_name", "username", "photo_url", "auth_date", "hash");
        assertThat(signed.get("hash")).isEqualTo(independentHash(BOT_TOKEN, signed));
        assertThat(signed.get("hash"))
                .isNotEqualTo(independentHash(BOT_ID + ":another-secret", signed))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void leavesOutOptionalFieldsThePersonDoesNotHave() throws Exception {
        Map<String, String> signed = telegram.signedLogin(BOT_TOKEN, 42, "Иван", "", null, "", 1_750_000_000L);

        assertThat(signed.keySet()).containsExactly("id", "first_name", "auth_date", "hash");
        assertThat(signed.get("hash")).isEqualTo(independentHash(BOT_TOKEN, signed));
        assertThatThrownBy(() -> signed.put("id", "43")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsWhatTelegramNeverIssues() {
        assertThatThrownBy(() -> telegram.signedLogin("no-colon", 1, "Ivan", null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> telegram.signedLogin(BOT_TOKEN, 0, "Ivan", null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> telegram.signedLogin(BOT_TOKEN, 1, "", null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> telegram.registerBot("Bot", "abc:def")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- script

    @Test
    void servesTheWidgetScriptWithTheLoginApi() throws Exception {
        assertThat(telegram.widgetScriptUri()).isEqualTo(URI.create(telegram.baseUri() + "/js/telegram-widget.js?22"));

        HttpResponse<String> response = get(telegram.widgetScriptUri());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/javascript"));
        assertThat(response.body())
                .contains("window.Telegram.Login = { auth: auth")
                .contains("var ORIGIN = \"" + telegram.baseUri() + "\";")
                .contains("'/auth?bot_id='", "'&origin='", "'telegram_oauth_bot' + botId", "'auth_result'")
                .doesNotContain("eval(", "new Function", "ORIGIN_LITERAL");
    }

    @Test
    void answersUnknownPathsAndWrongMethods() throws Exception {
        assertThat(get(URI.create(telegram.baseUri() + "/nowhere")).statusCode())
                .isEqualTo(404);
        assertThat(post("/auth", "bot_id=" + BOT_ID).statusCode()).isEqualTo(405);
        HttpResponse<String> getConfirm = get(URI.create(telegram.baseUri() + "/auth/confirm"));
        assertThat(getConfirm.statusCode()).isEqualTo(405);
        assertThat(getConfirm.headers().firstValue("Allow")).hasValue("POST");
    }

    // ---------------------------------------------------------------- popup

    @Test
    void showsTheConsentPageWithEditableDefaults() throws Exception {
        HttpResponse<String> response =
                authPage("bot_id=" + BOT_ID + "&origin=" + encode(SITE) + "&request_access=write&lang=ru");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body())
                .contains("<title>Telegram — песочница</title>")
                .contains("вход на сайт <b>" + SITE + "</b> через бота <b>" + BOT_NAME + "</b>")
                .contains("присылать вам сообщения")
                .contains("<form method=\"post\" action=\"/auth/confirm\"")
                .contains(input("id", "700000001"))
                .contains(input("first_name", "Иван"))
                .contains(input("last_name", "Петров"))
                .contains(input("username", "ivan_petrov"))
                .contains(input("photo_url", ""))
                .contains("id=\"confirm\">Подтвердить</button>")
                .contains("id=\"decline\">Отмена</button>")
                .contains("name=\"bot_id\" value=\"" + BOT_ID + "\"")
                .contains("name=\"origin\" value=\"" + SITE + "\"");
    }

    @Test
    void refusesAnUnknownBotOrABadOrigin() throws Exception {
        HttpResponse<String> unknown = authPage("bot_id=999&origin=" + encode(SITE));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("id=\"error\"").contains("bot_id «999» не зарегистрирован");

        assertThat(authPage("origin=" + encode(SITE)).statusCode()).isEqualTo(400);
        assertThat(authPage("bot_id=" + BOT_ID).statusCode()).isEqualTo(400);
        assertThat(authPage("bot_id=" + BOT_ID + "&origin=" + encode(SITE + "/login"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(authPage("bot_id=" + BOT_ID + "&origin=" + encode("javascript:alert(1)"))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void confirmingPostsAFreshlySignedResultToTheOpener() throws Exception {
        long before = Instant.now().getEpochSecond();
        HttpResponse<String> response = post(
                "/auth/confirm",
                form(Map.of(
                        "bot_id", BOT_ID,
                        "origin", SITE,
                        "id", "700000001",
                        "first_name", "Иван",
                        "last_name", "Петров",
                        "username", "ivan_petrov",
                        "photo_url", "",
                        "decision", "confirm")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("var origin = \"" + SITE + "\";")
                .contains(
                        "window.opener.postMessage(JSON.stringify({ event: 'auth_result', result: result }), origin);")
                .contains("window.close();");
        JsonNode result = resultOf(response);
        assertThat(new ArrayList<>(result.propertyNames()))
                .containsExactly("id", "first_name", "last_name", "username", "auth_date", "hash");
        assertThat(result.get("id").isNumber()).isTrue();
        assertThat(result.get("id").asLong()).isEqualTo(700_000_001L);
        assertThat(result.get("auth_date").isNumber()).isTrue();
        assertThat(result.get("auth_date").asLong())
                .isBetween(before, Instant.now().getEpochSecond());
        assertThat(result.get("first_name").asString()).isEqualTo("Иван");
        assertThat(result.get("hash").asString()).isEqualTo(independentHash(BOT_TOKEN, fieldsOf(result)));
    }

    @Test
    void decliningPostsFalse() throws Exception {
        HttpResponse<String> response =
                post("/auth/confirm", form(Map.of("bot_id", BOT_ID, "origin", SITE, "decision", "decline")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(resultOf(response).isBoolean()).isTrue();
        assertThat(resultOf(response).asBoolean()).isFalse();
    }

    @Test
    void keepsAnInvalidFormOnTheConsentPage() throws Exception {
        HttpResponse<String> badId = post(
                "/auth/confirm",
                form(Map.of(
                        "bot_id", BOT_ID, "origin", SITE, "id", "-5", "first_name", "Иван", "decision", "confirm")));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body())
                .contains("id=\"error\"")
                .contains(input("id", "-5"))
                .doesNotContain("postMessage");

        HttpResponse<String> badUsername = post(
                "/auth/confirm",
                form(Map.of(
                        "bot_id",
                        BOT_ID,
                        "origin",
                        SITE,
                        "id",
                        "1",
                        "first_name",
                        "Иван",
                        "username",
                        "@ivan",
                        "decision",
                        "confirm")));
        assertThat(badUsername.statusCode()).isEqualTo(400);

        HttpResponse<String> tamperedBot = post(
                "/auth/confirm",
                form(Map.of("bot_id", "1", "origin", SITE, "id", "1", "first_name", "Иван", "decision", "confirm")));
        assertThat(tamperedBot.statusCode()).isEqualTo(400);
        assertThat(tamperedBot.body()).doesNotContain("postMessage");
    }

    @Test
    void escapesTheResultForTheInlineScript() throws Exception {
        HttpResponse<String> response = post(
                "/auth/confirm",
                form(Map.of(
                        "bot_id",
                        BOT_ID,
                        "origin",
                        SITE,
                        "id",
                        "1",
                        "first_name",
                        "</script><b>&",
                        "decision",
                        "confirm")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("</script><b>");
        assertThat(resultOf(response).get("first_name").asString()).isEqualTo("</script><b>&");
    }

    // ---------------------------------------------------------------- browser

    @Test
    void aPersonSignsInThroughThePopupInARealBrowser() throws Exception {
        var chromium = HeadlessChromium.startOrSkip();
        HttpServer host = hostPage();
        WebDriver browser = chromium.driver();
        try {
            var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            String hostOrigin = "http://127.0.0.1:" + host.getAddress().getPort();
            browser.get(hostOrigin + "/login.html");
            String page = browser.getWindowHandle();
            wait.until(d -> d.findElement(By.id("telegram")).isEnabled());

            // Confirm, after changing the name the way a person would.
            long before = Instant.now().getEpochSecond();
            browser.findElement(By.id("telegram")).click();
            switchToPopup(browser, wait, page);
            assertThat(browser.getCurrentUrl())
                    .startsWith(telegram.baseUri() + "/auth?bot_id=" + BOT_ID + "&origin=" + encode(hostOrigin))
                    .contains("&request_access=write&lang=ru");
            assertThat(browser.findElement(By.id("purpose")).getText())
                    .isEqualTo("Подтвердите вход на сайт " + hostOrigin + " через бота " + BOT_NAME + ".");
            WebElement firstName = browser.findElement(By.id("first_name"));
            firstName.clear();
            firstName.sendKeys("Пётр");
            browser.findElement(By.id("confirm")).click();
            browser.switchTo().window(page);
            wait.until(d -> results(d).size() == 1);
            JsonNode signed = JSON.readTree(results(browser).getFirst());
            assertThat(new ArrayList<>(signed.propertyNames()))
                    .containsExactly("id", "first_name", "last_name", "username", "auth_date", "hash");
            assertThat(signed.get("id").isNumber()).isTrue();
            assertThat(signed.get("id").asLong()).isEqualTo(700_000_001L);
            assertThat(signed.get("first_name").asString()).isEqualTo("Пётр");
            assertThat(signed.get("last_name").asString()).isEqualTo("Петров");
            assertThat(signed.get("username").asString()).isEqualTo("ivan_petrov");
            assertThat(signed.get("auth_date").asLong())
                    .isBetween(before, Instant.now().getEpochSecond());
            assertThat(signed.get("hash").asString()).isEqualTo(independentHash(BOT_TOKEN, fieldsOf(signed)));

            // Decline.
            browser.findElement(By.id("telegram")).click();
            switchToPopup(browser, wait, page);
            browser.findElement(By.id("decline")).click();
            browser.switchTo().window(page);
            wait.until(d -> results(d).size() == 2);
            assertThat(results(browser).get(1)).isEqualTo("false");

            // Close the popup without answering.
            browser.findElement(By.id("telegram")).click();
            switchToPopup(browser, wait, page);
            wait.until(d -> !d.findElements(By.id("confirm")).isEmpty());
            browser.close();
            browser.switchTo().window(page);
            wait.until(d -> results(d).size() == 3);
            assertThat(results(browser).get(2)).isEqualTo("false");

            // Each call answered exactly once, and the page's CSP never had to block anything.
            Thread.sleep(1200);
            assertThat(results(browser)).hasSize(3);
            assertThat(browser.findElements(By.cssSelector("#log .csp"))).isEmpty();
        } finally {
            chromium.close();
            host.stop(0);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Our sign-in page in miniature: its own button, the widget loaded from a module, the strict CSP. */
    private HttpServer hostPage() throws IOException {
        String fake = telegram.baseUri().toString();
        String html = "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Вход</title>"
                + "<script type=\"module\" src=\"/login.js\"></script></head><body><h1>Вход</h1>"
                + "<button type=\"button\" id=\"telegram\" disabled data-widget=\"" + telegram.widgetScriptUri()
                + "\" data-bot-id=\"" + BOT_ID + "\">Войти через Telegram</button><ul id=\"log\"></ul></body></html>";
        String script = """
                const button = document.getElementById('telegram');
                const log = document.getElementById('log');
                function record(className, text) {
                  const item = document.createElement('li');
                  item.className = className;
                  item.textContent = text;
                  log.appendChild(item);
                }
                document.addEventListener('securitypolicyviolation', (e) => {
                  record('csp', e.violatedDirective + ' ' + e.blockedURI);
                });
                const widget = document.createElement('script');
                widget.src = button.dataset.widget;
                widget.addEventListener('load', () => { button.disabled = false; });
                document.head.appendChild(widget);
                button.addEventListener('click', () => {
                  window.Telegram.Login.auth({ bot_id: button.dataset.botId, request_access: 'write', lang: 'ru' },
                      (data) => record('result', JSON.stringify(data)));
                });
                """;
        // What our own page allows: scripts from itself and the widget's origin, nothing inline.
        String csp = "default-src 'self'; script-src 'self' " + fake + "; style-src 'self'";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/login.html", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Security-Policy", csp);
                FakeHttp.html(exchange, 200, html);
            }
        });
        server.createContext("/login.js", exchange -> {
            try (exchange) {
                FakeHttp.send(exchange, 200, "text/javascript; charset=utf-8", script.getBytes(UTF_8));
            }
        });
        server.start();
        return server;
    }

    private static void switchToPopup(WebDriver browser, WebDriverWait wait, String page) {
        wait.until(d -> d.getWindowHandles().size() == 2);
        String popup = browser.getWindowHandles().stream()
                .filter(h -> !h.equals(page))
                .findFirst()
                .orElseThrow();
        browser.switchTo().window(popup);
        wait.until(d -> !d.findElements(By.id("confirm")).isEmpty());
    }

    private static List<String> results(WebDriver browser) {
        return browser.findElements(By.cssSelector("#log .result")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** The data-check-string and HMAC exactly as the contract spells them out, without the fake's code. */
    private static String independentHash(String botToken, Map<String, String> fields) throws Exception {
        String dataCheckString = new TreeMap<>(fields)
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals("hash"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n"));
        return expectedHash(botToken, dataCheckString);
    }

    private static String expectedHash(String botToken, String dataCheckString) throws Exception {
        byte[] secretKey = MessageDigest.getInstance("SHA-256").digest(botToken.getBytes(UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(dataCheckString.getBytes(UTF_8)));
    }

    /** The fields as our server receives them: every JSON value as its text. */
    private static Map<String, String> fieldsOf(JsonNode result) {
        Map<String, String> fields = new LinkedHashMap<>();
        result.propertyNames().forEach(name -> fields.put(name, result.get(name).asString()));
        return fields;
    }

    private static JsonNode resultOf(HttpResponse<String> response) {
        Matcher m = RESULT.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return JSON.readTree(m.group(1));
    }

    private static String input(String name, String value) {
        return "<input type=\"text\" id=\"" + name + "\" name=\"" + name + "\" value=\"" + value + "\"";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, UTF_8);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> authPage(String query) throws Exception {
        return get(URI.create(telegram.baseUri() + "/auth?" + query));
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(telegram.baseUri() + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form, UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }
}
