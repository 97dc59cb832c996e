package ru.myservice.topup;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
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

    /** What we ask YooKassa to create. {@code receiptEmail} is set when a 54-FZ receipt goes with it. */
    record NewPayment(
            BigDecimal amount,
            String description,
            Map<String, String> metadata,
            String locale,
            @Nullable String receiptEmail) {}

    private final RestClient http;
    private final TopupProperties settings;

    YooKassaClient(TopupProperties settings) {
        this.settings = settings;
        String credentials = settings.shopId() + ":" + settings.secretKey();
        this.http = RestClient.builder()
                .requestFactory(OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout()))
                .baseUrl(settings.apiUrl().toString())
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION,
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .build();
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
            receipt(body.putObject("receipt"), payment);
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
        return exchange("GET", "/refunds/" + safeId(id), null, null)
                .map(node -> new RemoteRefund(
                        node.path("id").asString(""),
                        node.path("payment_id").asString(""),
                        node.path("status").asString(""),
                        new BigDecimal(node.path("amount").path("value").asString("0")),
                        node.path("amount").path("currency").asString("")));
    }

    private void receipt(ObjectNode receipt, NewPayment payment) {
        var rules = settings.receipt();
        receipt.putObject("customer").put("email", payment.receiptEmail());
        ObjectNode item = receipt.putArray("items").addObject();
        item.put(
                "description",
                rules.itemName().length() > 128 ? rules.itemName().substring(0, 128) : rules.itemName());
        item.put("quantity", "1.00");
        ObjectNode amount = item.putObject("amount");
        amount.put("value", payment.amount().setScale(2).toPlainString());
        amount.put("currency", "RUB");
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
            } catch (RestClientException e) {
                last = new YooKassaException.Unavailable("YooKassa unreachable: " + e.getMessage(), e);
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

    private Answer send(String method, String path, @Nullable String body, @Nullable String key) {
        var request = "GET".equals(method)
                ? http.get().uri(path)
                : http.post()
                        .uri(path)
                        .header("Idempotence-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body == null ? "{}" : body);
        return request.exchange((req, res) -> {
            byte[] bytes = res.getBody().readAllBytes();
            JsonNode json = null;
            try {
                json = bytes.length == 0 ? null : JSON.readTree(bytes);
            } catch (JacksonException e) {
                log.debug("YooKassa answered {} with a body that is not JSON", res.getStatusCode());
            }
            return new Answer(res.getStatusCode().value(), json);
        });
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
        if (!last4.matches("\\d{4}")) {
            return type;
        }
        return network.matches("[A-Za-z]{1,20}") ? type + " " + network + " " + last4 : type + " " + last4;
    }

    /** A lowercase word from YooKassa's vocabulary, or null for anything else. */
    private static @Nullable String word(JsonNode node) {
        String value = node.asString("");
        return value.matches("[a-z_]{1,32}") ? value : null;
    }

    private static @Nullable String text(JsonNode node) {
        String value = node.asString("");
        return value.isEmpty() ? null : value;
    }

    /** Ids go into a path: anything but YooKassa's id alphabet is refused before it reaches the URL. */
    private static String safeId(String id) {
        if (!id.matches("[0-9A-Za-z_-]{1,64}")) {
            throw new YooKassaException.Refused(400, "invalid_request", "malformed object id", "id");
        }
        return id;
    }
}
