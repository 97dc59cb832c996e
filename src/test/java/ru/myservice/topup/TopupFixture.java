package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An app instance wired to its own YooKassa fake, and the moves a paying person makes. */
public record TopupFixture(FakeYooKassa yookassa, AppInstance app) implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The settings an app instance needs to use {@code yookassa}. */
    static Map<String, String> settings(FakeYooKassa yookassa) {
        Map<String, String> settings = new HashMap<>();
        settings.put("myservice.topup.shop-id", "test-shop");
        settings.put("myservice.topup.secret-key", "test_secret");
        settings.put("myservice.topup.api-url", yookassa.apiUri().toString());
        settings.put("myservice.topup.widget-url", yookassa.widgetScriptUri().toString());
        settings.put("myservice.topup.read-timeout", "2s");
        // Long enough for every retry of a slow create to finish while the person waits; the hang test sets less.
        settings.put("myservice.topup.start-wait", "30s");
        // The fake sends from 127.0.0.1; a stand-in for Caddy sits at 127.0.0.3.
        settings.put("myservice.topup.webhook-addresses", "127.0.0.1/32,185.71.76.0/27");
        settings.put("myservice.trusted-proxies", "127.0.0.3/32");
        return settings;
    }

    public static TopupFixture start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /** The same, with the app and YooKassa both reading the time from {@code clock}, when given. */
    static TopupFixture start(Map<String, String> overrides, @Nullable Clock clock) {
        var yookassa = FakeYooKassa.start(0);
        yookassa.registerShop("test-shop", "test_secret");
        yookassa.setSlowDelay(Duration.ofSeconds(4));
        yookassa.setWebhookRetry(Duration.ofMillis(200), 5);
        Map<String, String> settings = settings(yookassa);
        settings.putAll(overrides);
        AppInstance app;
        if (clock == null) {
            app = AppInstance.start(SharedApp.providers(), settings);
        } else {
            yookassa.useClock(clock);
            app = AppInstance.start(SharedApp.providers(), settings, clock);
        }
        yookassa.setWebhookUrl(URI.create(app.url("/api/payment/webhook")));
        return new TopupFixture(yookassa, app);
    }

    @Override
    public void close() {
        app.close();
        yookassa.close();
    }

    /** A signed-in person with the dashboard's CSRF token. */
    public record Payer(TestBrowser browser, UUID account, String csrf) {}

    public Payer payer() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "google", person);

        UUID account = app.bean(JdbcClient.class)
                .sql("select account_id from identities where provider = 'google' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
        return new Payer(browser, account, TestBrowser.csrf(dashboard));
    }

    public JsonNode startTopup(Payer payer, String amount, int expectedStatus) {
        var response =
                payer.browser().json("POST", app.url("/api/topups"), "{\"amount\":\"" + amount + "\"}", payer.csrf());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    /** A notification as YooKassa sends it, naming {@code paymentId}. */
    static String notification(String event, String paymentId) {
        return "{\"type\":\"notification\",\"event\":\"" + event + "\",\"object\":{\"id\":\"" + paymentId
                + "\",\"status\":\"succeeded\"}}";
    }

    /**
     * A payment in our shop that we did not create (another system sharing the shop, or a forger's
     * lure), with whatever metadata it claims; returns its YooKassa id.
     */
    String createElsewhere(String amount, Map<String, String> metadata) {
        var body = JSON.createObjectNode();
        body.putObject("amount").put("value", amount).put("currency", "RUB");
        body.put("capture", true);
        body.putObject("confirmation").put("type", "embedded");
        var meta = body.putObject("metadata");
        metadata.forEach(meta::put);
        try {
            var response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(URI.create(yookassa.apiUri() + "/payments"))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + java.util.Base64.getEncoder()
                                                            .encodeToString("test-shop:test_secret"
                                                                    .getBytes(StandardCharsets.UTF_8)))
                                    .header("Idempotence-Key", UUID.randomUUID().toString())
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            JSON.writeValueAsString(body)))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).path("id").asString();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String yookassaIdOf(String ourId) {
        return yookassa.payments().stream()
                .filter(p -> ourId.equals(p.path("metadata").path("payment_id").asString()))
                .map(p -> p.path("id").asString())
                .findFirst()
                .orElseThrow();
    }

    public Money balance(Payer payer) {
        return app.bean(WalletService.class).balance(payer.account());
    }

    JsonNode status(Payer payer, String ourId) {
        var response = payer.browser().json("GET", app.url("/api/topups/" + ourId), null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    String storedStatus(String ourId) {
        return app.bean(JdbcClient.class)
                .sql("select status from payments where id = :id::uuid")
                .param("id", ourId)
                .query(String.class)
                .single();
    }

    /** A notification sent from a chosen local address, as a different host would. */
    int rawPost(String from, String body, String forwardedFor) throws IOException {
        return rawPost(app.port(), from, body, forwardedFor);
    }

    /** The same, with another content type than YooKassa's {@code application/json}. */
    int rawPost(String from, String body, String forwardedFor, String contentType) throws IOException {
        return rawPost(app.port(), from, body, forwardedFor, contentType);
    }

    static int rawPost(int port, String from, String body, String forwardedFor) throws IOException {
        return rawPost(port, from, body, forwardedFor, "application/json");
    }

    static int rawPost(int port, String from, String body, String forwardedFor, String contentType) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            String request = "POST /api/payment/webhook HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + payload.length + "\r\n"
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
