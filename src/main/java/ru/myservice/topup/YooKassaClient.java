package ru.myservice.topup;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.myservice.config.OutboundHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * YooKassa API v3 as the contract describes it. A request whose outcome is unknown (500, 202, 429, a
 * timeout) is repeated with the same {@code Idempotence-Key} and the same body, so YooKassa answers
 * with the original result instead of doing it twice; anything YooKassa refused is never repeated.
 */
class YooKassaClient {

    private static final Logger log = LoggerFactory.getLogger(YooKassaClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 3;
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    /** YooKassa's id alphabet. */
    static final Pattern OBJECT_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private static final Pattern LAST4 = Pattern.compile("\\d{4}");
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z]{1,20}");
    private static final Pattern WORD = Pattern.compile("[a-z_]{1,32}");

    /** What we ask YooKassa to create. {@code receiptEmail} is set when a 54-FZ receipt goes with it. */
    record NewPayment(
            BigDecimal amount,
            String description,
            Map<String, String> metadata,
            String locale,
            @Nullable String receiptEmail) {}

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final TopupProperties settings;

    /**
     * Requests go straight to the JDK's client, which keeps its connections to YooKassa open between
     * them; each waits at most the read timeout for the whole answer, body included.
     */
    YooKassaClient(TopupProperties settings) {
        this.settings = settings;
        this.http = OutboundHttp.client(settings.connectTimeout());
        String api = settings.apiUrl().toString();
        this.base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        String credentials = settings.shopId() + ":" + settings.secretKey();
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /payments} with {@code confirmation.type = embedded}, one-stage, no payment method forced. */
    RemotePayment create(NewPayment payment, String idempotenceKey) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode amount = body.putObject("amount");
        amount.put("value", payment.amount().setScale(2).toPlainString());
        amount.put("currency", "RUB");
        body.put("capture", true);
        ObjectNode confirmation = body.putObject("confirmation");
        confirmation.put("type", "embedded");
        confirmation.put("locale", payment.locale());
        body.put("description", payment.description());
        ObjectNode metadata = body.putObject("metadata");
        payment.metadata().forEach(metadata::put);
        if (payment.receiptEmail() != null) {
            receipt(body.putObject("receipt"), payment.receiptEmail(), payment.amount());
        }
        return payment(exchange("POST", "/payments", JSON.writeValueAsString(body), idempotenceKey)
                .orElseThrow(() -> new YooKassaException.Unavailable("YooKassa answered 404 to a create")));
    }

    /** {@code GET /payments/{id}}; empty when YooKassa does not know the id. */
    Optional<RemotePayment> payment(String id) {
        return exchange("GET", "/payments/" + safeId(id), null, null).map(YooKassaClient::payment);
    }

    /** {@code GET /refunds/{id}}; empty when YooKassa does not know the id. */
    Optional<RemoteRefund> refund(String id) {
        return exchange("GET", "/refunds/" + safeId(id), null, null).map(YooKassaClient::refund);
    }

    /**
     * {@code POST /refunds} of {@code amount} of a succeeded payment. A repeat with the same {@code
     * idempotenceKey} and the same arguments gets the original refund back, so the key must be kept
     * with the request it belongs to and the arguments must not change.
     *
     * @throws YooKassaException.Refused when YooKassa refuses it (not succeeded, more than is left, …)
     * @throws YooKassaException.Unavailable when the outcome is unknown: it may have been made
     */
    RemoteRefund createRefund(
            String paymentId,
            BigDecimal amount,
            Map<String, String> metadata,
            String idempotenceKey,
            @Nullable String receiptEmail) {
        ObjectNode body = JSON.createObjectNode();
        body.put("payment_id", paymentId);
        ObjectNode value = body.putObject("amount");
        value.put("value", amount.setScale(2).toPlainString());
        value.put("currency", "RUB");
        ObjectNode meta = body.putObject("metadata");
        metadata.forEach(meta::put);
        if (receiptEmail != null) {
            receipt(body.putObject("receipt"), receiptEmail, amount);
        }
        return refund(exchange("POST", "/refunds", JSON.writeValueAsString(body), idempotenceKey)
                .orElseThrow(() -> new YooKassaException.Refused(404, "not_found", "no such payment", "payment_id")));
    }

    private static RemoteRefund refund(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        node.path("metadata")
                .properties()
                .forEach(e -> metadata.put(e.getKey(), e.getValue().asString("")));
        return new RemoteRefund(
                node.path("id").asString(""),
                node.path("payment_id").asString(""),
                node.path("status").asString(""),
                new BigDecimal(node.path("amount").path("value").asString("0")),
                node.path("amount").path("currency").asString(""),
                metadata,
                word(node.path("cancellation_details").path("reason")));
    }

    /** A 54-FZ receipt of one item for {@code amount}: a payment's, or a refund's (the money going back). */
    private void receipt(ObjectNode receipt, String email, BigDecimal amount) {
        var rules = settings.receipt();
        receipt.putObject("customer").put("email", email);
        ObjectNode item = receipt.putArray("items").addObject();
        item.put(
                "description",
                rules.itemName().length() > 128 ? rules.itemName().substring(0, 128) : rules.itemName());
        item.put("quantity", "1.00");
        ObjectNode sum = item.putObject("amount");
        sum.put("value", amount.setScale(2).toPlainString());
        sum.put("currency", "RUB");
        item.put("vat_code", rules.vatCode());
        item.put("payment_subject", rules.paymentSubject());
        item.put("payment_mode", rules.paymentMode());
    }

    private Optional<JsonNode> exchange(String method, String path, @Nullable String body, @Nullable String key) {
        YooKassaException.Unavailable last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Answer answer;
            try {
                answer = send(method, path, body, key);
            } catch (IOException | TimeoutException e) {
                last = new YooKassaException.Unavailable("YooKassa unreachable: " + e, e);
                pauseUnlessLast(attempt, Duration.ofSeconds(attempt), last);
                continue;
            }
            JsonNode json = answer.json();
            switch (answer.status()) {
                case 200 -> {
                    if (json == null) {
                        last = new YooKassaException.Unavailable("YooKassa answered 200 without JSON");
                        pauseUnlessLast(attempt, Duration.ofSeconds(attempt), last);
                        continue;
                    }
                    return Optional.of(json);
                }
                case 404 -> {
                    return Optional.empty();
                }
                case 401 -> throw new YooKassaException.Unauthorized();
                case 202, 429, 500, 502, 503, 504 -> {
                    last = new YooKassaException.Unavailable(
                            "YooKassa answered HTTP " + answer.status() + " to " + method + " " + path);
                    long retryAfter =
                            json == null ? 0 : json.path("retry_after").asLong(0);
                    pauseUnlessLast(
                            attempt,
                            retryAfter > 0 ? Duration.ofMillis(retryAfter) : Duration.ofSeconds(attempt),
                            last);
                }
                default ->
                    throw new YooKassaException.Refused(
                            answer.status(),
                            json == null ? "" : json.path("code").asString(""),
                            json == null ? "" : json.path("description").asString(""),
                            json == null ? "" : json.path("parameter").asString(""));
            }
        }
        throw last;
    }

    private record Answer(int status, @Nullable JsonNode json) {}

    private Answer send(String method, String path, @Nullable String body, @Nullable String key)
            throws IOException, TimeoutException {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if ("GET".equals(method)) {
            request.GET();
        } else {
            request.header("Idempotence-Key", key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body));
        }
        var pending = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = pending.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new TimeoutException("no answer within " + settings.readTimeout());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        byte[] bytes = response.body();
        JsonNode json = null;
        try {
            json = bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (JacksonException e) {
            log.debug("YooKassa answered {} with a body that is not JSON", response.statusCode());
        }
        return new Answer(response.statusCode(), json);
    }

    private static void pauseUnlessLast(int attempt, Duration wait, YooKassaException.Unavailable reason) {
        if (attempt == ATTEMPTS) {
            return;
        }
        log.info("{}; trying again in {} ms", reason.getMessage(), Math.min(wait.toMillis(), LONGEST_WAIT.toMillis()));
        try {
            Thread.sleep(Math.min(wait.toMillis(), LONGEST_WAIT.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw reason;
        }
    }

    static RemotePayment payment(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        node.path("metadata")
                .properties()
                .forEach(e -> metadata.put(e.getKey(), e.getValue().asString("")));
        JsonNode cancellation = node.path("cancellation_details");
        return new RemotePayment(
                node.path("id").asString(""),
                node.path("status").asString(""),
                new BigDecimal(node.path("amount").path("value").asString("0")),
                node.path("amount").path("currency").asString(""),
                metadata,
                text(node.path("confirmation").path("confirmation_token")),
                text(cancellation.path("party")),
                text(cancellation.path("reason")),
                node.path("test").asBoolean(false),
                method(node.path("payment_method")),
                word(node.path("receipt_registration")));
    }

    /** The method in words we keep: never more of a card than its network and last four digits. */
    private static @Nullable String method(JsonNode method) {
        String type = word(method.path("type"));
        if (type == null) {
            return null;
        }
        if (!"bank_card".equals(type)) {
            return type;
        }
        String last4 = method.path("card").path("last4").asString("");
        String network = method.path("card").path("card_type").asString("");
        if (!LAST4.matcher(last4).matches()) {
            return type;
        }
        return NETWORK.matcher(network).matches() ? type + " " + network + " " + last4 : type + " " + last4;
    }

    /** A lowercase word from YooKassa's vocabulary, or null for anything else. */
    private static @Nullable String word(JsonNode node) {
        String value = node.asString("");
        return WORD.matcher(value).matches() ? value : null;
    }

    private static @Nullable String text(JsonNode node) {
        String value = node.asString("");
        return value.isEmpty() ? null : value;
    }

    /** Ids go into a path: anything but YooKassa's id alphabet is refused before it reaches the URL. */
    private static String safeId(String id) {
        if (!OBJECT_ID.matcher(id).matches()) {
            throw new YooKassaException.Refused(400, "invalid_request", "malformed object id", "id");
        }
        return id;
    }
}
