package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.myservice.sandbox.FakeYooKassa.Failure;
import ru.myservice.sandbox.FakeYooKassa.Operation;
import ru.myservice.testing.HeadlessChromium;
import ru.myservice.testing.TestClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class FakeYooKassaTest {

    private static final String SHOP = "100500";
    private static final String SECRET = "test_Fh8hUAVVBGUGbjmlzba6TB0iyUbos_lueTHE-axOwM0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeYooKassa kassa;
    private Receiver receiver;
    private String authorization = basic(SHOP, SECRET);

    @BeforeEach
    void start() throws IOException {
        kassa = FakeYooKassa.start(0);
        kassa.registerShop(SHOP, SECRET);
        receiver = Receiver.start();
        kassa.setWebhookUrl(receiver.uri());
        kassa.setWebhookRetry(Duration.ofMillis(50), 5);
    }

    @AfterEach
    void stop() {
        kassa.close();
        receiver.close();
        http.close();
    }

    // ---------------------------------------------------------------- create

    @Test
    void createAnswersAPendingEmbeddedPaymentShapedAsTheContractShows() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> response = post("/payments", key, createBody("500.00", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode p = json(response);
        assertThat(names(p))
                .containsExactly(
                        "id",
                        "status",
                        "paid",
                        "amount",
                        "confirmation",
                        "created_at",
                        "description",
                        "metadata",
                        "recipient",
                        "refundable",
                        "test");
        assertThat(p.path("id").asString()).hasSize(36).matches(ID);
        assertThat(p.path("status").asString()).isEqualTo("pending");
        assertThat(p.path("paid").asBoolean()).isFalse();
        assertThat(p.path("amount").toString()).isEqualTo("{\"value\":\"500.00\",\"currency\":\"RUB\"}");
        assertThat(p.path("confirmation").path("type").asString()).isEqualTo("embedded");
        assertThat(p.path("confirmation").path("confirmation_token").asString())
                .startsWith("ct-")
                .hasSize(39);
        assertThat(p.path("created_at").asString()).matches(TIMESTAMP);
        assertThat(p.path("description").asString()).isEqualTo("Пополнение баланса");
        assertThat(p.path("metadata").toString()).isEqualTo("{\"topup_id\":\"t-1\",\"user_id\":\"42\"}");
        assertThat(p.path("recipient").path("account_id").asString()).isEqualTo(SHOP);
        assertThat(p.path("recipient").path("gateway_id").asString()).isNotEmpty();
        assertThat(p.path("refundable").asBoolean()).isFalse();
        assertThat(p.path("test").asBoolean()).isTrue();

        assertThat(kassa.payments()).hasSize(1);
        assertThat(kassa.payment(p.path("id").asString()))
                .hasValueSatisfying(stored -> assertThat(stored).isEqualTo(p));
        FakeYooKassaCall call = kassa.calls().getLast();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v3/payments");
        assertThat(call.headers()).containsEntry("idempotence-key", key);
        assertThat(call.header("Content-Type")).isEqualTo("application/json");
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.reply()).isEqualTo(response.body());
    }

    @Test
    void aPaymentWithoutMetadataStillCarriesAnEmptyObject() throws Exception {
        JsonNode p = json(post(
                "/payments",
                UUID.randomUUID().toString(),
                "{\"amount\":{\"value\":\"1.00\",\"currency\":\"RUB\"},\"confirmation\":{\"type\":\"embedded\"}}"));
        assertThat(p.path("metadata").toString()).isEqualTo("{}");
        assertThat(p.has("description")).isFalse();
    }

    @Test
    void theSameKeyAndBodyReplaysTheOriginalAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post("/payments", key, createBody("500.00", true));
        String id = json(first).path("id").asString();
        kassa.pay(id);
        // Same data, other property order and spacing: still the same request.
        String reordered = "{ \"metadata\":{\"user_id\":\"42\",\"topup_id\":\"t-1\"}, \"capture\":true,"
                + " \"confirmation\":{\"type\":\"embedded\"}, \"description\":\"Пополнение баланса\","
                + " \"amount\":{\"currency\":\"RUB\",\"value\":\"500.00\"} }";
        HttpResponse<String> again = post("/payments", key, reordered);

        assertThat(again.statusCode()).isEqualTo(200);
        // The original response, not the payment as it is now.
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(kassa.payments()).hasSize(1);

        HttpResponse<String> otherKey = post("/payments", UUID.randomUUID().toString(), createBody("500.00", true));
        assertThat(json(otherKey).path("id").asString()).isNotEqualTo(id);
        assertThat(kassa.payments()).hasSize(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRejected() throws Exception {
        String key = UUID.randomUUID().toString();
        post("/payments", key, createBody("500.00", true));
        HttpResponse<String> changed = post("/payments", key, createBody("600.00", true));

        assertError(changed, 400, "invalid_request", "Idempotence key duplicated", "Idempotence-Key");
        assertThat(kassa.payments()).hasSize(1);
    }

    @Test
    void idempotenceKeysAreScopedToTheShop() throws Exception {
        kassa.registerShop("200600", "test_other");
        String key = UUID.randomUUID().toString();
        String mine = json(post("/payments", key, createBody("500.00", true)))
                .path("id")
                .asString();
        authorization = basic("200600", "test_other");
        HttpResponse<String> theirs = post("/payments", key, createBody("500.00", true));

        assertThat(theirs.statusCode()).isEqualTo(200);
        assertThat(json(theirs).path("id").asString()).isNotEqualTo(mine);
        // Nor can one shop read another's payment.
        assertError(get("/payments/" + mine), 404, "not_found", null, "payment_id");
    }

    @Test
    void theKeyIsRequiredAndAtMost64Characters() throws Exception {
        assertError(
                post("/payments", null, createBody("500.00", true)), 400, "invalid_request", null, "Idempotence-Key");
        assertError(
                post("/payments", "k".repeat(65), createBody("500.00", true)),
                400,
                "invalid_request",
                null,
                "Idempotence-Key");
        assertThat(json(post("/payments", "k".repeat(64), createBody("500.00", true)))
                        .path("status")
                        .asString())
                .isEqualTo("pending");
        assertThat(kassa.payments()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "500.0", "500.000", "1,00", "1 000.00", "0.00", "-1.00", "350000.01", "abc", ""})
    void malformedOrOutOfRangeAmountsAreRejected(String value) throws Exception {
        HttpResponse<String> response = post("/payments", UUID.randomUUID().toString(), createBody(value, true));
        assertError(response, 400, "invalid_request", null, "amount.value");
        assertThat(json(response).path("description").asString()).startsWith("Error in the payment amount");
        assertThat(kassa.payments()).isEmpty();
    }

    @Test
    void aNumericAmountIsRejectedButTheCardLimitItselfIsAccepted() throws Exception {
        String numeric =
                "{\"amount\":{\"value\":500.00,\"currency\":\"RUB\"},\"confirmation\":{\"type\":\"embedded\"}}";
        assertError(
                post("/payments", UUID.randomUUID().toString(), numeric), 400, "invalid_request", null, "amount.value");
        HttpResponse<String> limit = post("/payments", UUID.randomUUID().toString(), createBody("350000.00", true));
        assertThat(limit.statusCode()).isEqualTo(200);
        HttpResponse<String> dollars = post(
                "/payments",
                UUID.randomUUID().toString(),
                "{\"amount\":{\"value\":\"5.00\",\"currency\":\"USD\"},\"confirmation\":{\"type\":\"embedded\"}}");
        assertError(dollars, 400, "invalid_request", null, "amount.currency");
    }

    @ParameterizedTest
    @ValueSource(strings = {"payment_method_data", "payment_method_id", "payment_token", "airline"})
    void embeddedCannotCarryAPaymentMethod(String field) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(createBody("500.00", true));
        body.set(
                field,
                field.equals("payment_method_data")
                        ? JSON.readTree("{\"type\":\"bank_card\"}")
                        : JSON.getNodeFactory().stringNode("x"));
        HttpResponse<String> response = post("/payments", UUID.randomUUID().toString(), body.toString());
        assertError(response, 400, "invalid_request", null, field);
        assertThat(kassa.payments()).isEmpty();
    }

    @Test
    void descriptionAndMetadataHaveTheirLimits() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(createBody("500.00", true));
        body.put("description", "д".repeat(128));
        assertThat(post("/payments", UUID.randomUUID().toString(), body.toString())
                        .statusCode())
                .isEqualTo(200);
        body.put("description", "д".repeat(129));
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "description");

        body.put("description", "ok");
        ObjectNode metadata = body.putObject("metadata");
        for (int i = 0; i < 17; i++) {
            metadata.put("k" + i, "v");
        }
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "metadata");
        body.putObject("metadata").put("k".repeat(33), "v");
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "metadata");
        body.putObject("metadata").put("k", "v".repeat(513));
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "metadata");
        body.putObject("metadata").put("k", 42);
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "metadata");
        assertThat(kassa.payments()).hasSize(1);
    }

    @Test
    void withFiscalizationAReceiptIsRequiredAndChecked() throws Exception {
        kassa.setFiscalization(true);
        assertThat(json(get("/me")).path("fiscalization").path("enabled").asBoolean())
                .isTrue();

        HttpResponse<String> missing = post("/payments", UUID.randomUUID().toString(), createBody("500.00", true));
        assertError(missing, 400, "invalid_request", "Receipt is missing or illegal", "receipt");

        ObjectNode body = (ObjectNode) JSON.readTree(createBody("500.00", true));
        body.set("receipt", JSON.readTree(receipt("250.00", 2)));
        HttpResponse<String> ok = post("/payments", UUID.randomUUID().toString(), body.toString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("receipt_registration").asString()).isEqualTo("pending");

        body.set("receipt", JSON.readTree(receipt("250.00", 1)));
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "receipt");

        ObjectNode noContact = (ObjectNode) JSON.readTree(receipt("500.00", 1));
        noContact.putObject("customer");
        body.set("receipt", noContact);
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "receipt.customer");

        ObjectNode badVat = (ObjectNode) JSON.readTree(receipt("500.00", 1));
        ((ObjectNode) badVat.path("items").get(0)).put("vat_code", 13);
        body.set("receipt", badVat);
        assertError(
                post("/payments", UUID.randomUUID().toString(), body.toString()),
                400,
                "invalid_request",
                null,
                "receipt.items.vat_code");
        assertThat(kassa.payments()).hasSize(1);
    }

    // ---------------------------------------------------------------- transport

    @Test
    void badOrMissingCredentialsAre401() throws Exception {
        authorization = null;
        assertError(get("/me"), 401, "invalid_credentials", null, null);
        authorization = basic(SHOP, "wrong");
        assertError(
                post("/payments", UUID.randomUUID().toString(), createBody("500.00", true)),
                401,
                "invalid_credentials",
                null,
                null);
        authorization = basic("999", SECRET);
        assertError(get("/payments/x"), 401, "invalid_credentials", null, null);
        authorization = "Bearer nope";
        assertError(get("/me"), 401, "invalid_credentials", null, null);
        assertThat(kassa.payments()).isEmpty();
    }

    @Test
    void contentTypeAndMethodAreChecked() throws Exception {
        HttpResponse<String> plain = send(HttpRequest.newBuilder(api("/payments"))
                .header("Authorization", authorization)
                .header("Idempotence-Key", UUID.randomUUID().toString())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(createBody("500.00", true))));
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).isEmpty();

        HttpResponse<String> put = send(HttpRequest.newBuilder(api("/payments"))
                .header("Authorization", authorization)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");

        assertError(get("/nothing"), 404, "not_found", null, null);
        assertThat(kassa.payments()).isEmpty();
    }

    @Test
    void getReturnsTheCurrentPaymentAnd404ForUnknownIds() throws Exception {
        JsonNode created = create("500.00", true);
        String id = created.path("id").asString();

        HttpResponse<String> found = get("/payments/" + id);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(json(found)).isEqualTo(created);

        HttpResponse<String> missing = get("/payments/22d6d597-000f-5000-9000-145f6df21d6f");
        assertError(missing, 404, "not_found", null, "payment_id");
        assertThat(json(missing).path("id").asString()).matches(ID);
    }

    // ---------------------------------------------------------------- failures

    @Test
    void a500OnCreateHidesAPaymentThatARetryWithTheSameKeyFinds() throws Exception {
        kassa.failNext(Operation.CREATE, Failure.SERVER_ERROR_500);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post("/payments", key, createBody("500.00", true));
        assertError(first, 500, "internal_server_error", null, null);
        assertThat(kassa.payments()).hasSize(1);

        HttpResponse<String> retry = post("/payments", key, createBody("500.00", true));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry).path("id").asString())
                .isEqualTo(kassa.payments().getFirst().path("id").asString());
        assertThat(kassa.payments()).hasSize(1);
    }

    @Test
    void a500NotCreatedLeavesNothingAndTheKeyStaysUsable() throws Exception {
        kassa.failNext(Operation.CREATE, Failure.SERVER_ERROR_500_NOT_CREATED);
        String key = UUID.randomUUID().toString();
        assertError(post("/payments", key, createBody("500.00", true)), 500, "internal_server_error", null, null);
        assertThat(kassa.payments()).isEmpty();
        assertThat(post("/payments", key, createBody("500.00", true)).statusCode())
                .isEqualTo(200);
        assertThat(kassa.payments()).hasSize(1);
    }

    @Test
    void a429CarriesRetryAfterInMilliseconds() throws Exception {
        kassa.failNext(Operation.CREATE, Failure.TOO_MANY_REQUESTS_429);
        HttpResponse<String> response = post("/payments", UUID.randomUUID().toString(), createBody("500.00", true));
        assertError(response, 429, "too_many_requests", null, null);
        assertThat(json(response).path("retry_after").asInt()).isEqualTo(1000);
        assertThat(kassa.payments()).isEmpty();
    }

    @Test
    void a202IsTheLegacyProcessingAnswerAndTheRetryGetsTheResult() throws Exception {
        kassa.failNext(Operation.CREATE, Failure.PROCESSING_202);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> response = post("/payments", key, createBody("500.00", true));
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.path("type").asString()).isEqualTo("processing");
        assertThat(body.path("description").asString())
                .isEqualTo("Request accepted, but not processed yet. Retry again with the same Idempotence-Key");
        assertThat(body.path("retry_after").asInt()).isEqualTo(1800);

        HttpResponse<String> retry = post("/payments", key, createBody("500.00", true));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(kassa.payments()).hasSize(1);
    }

    @Test
    void aTimeoutAnswersNormallyAfterTheSlowDelay() throws Exception {
        kassa.setSlowDelay(Duration.ofMillis(400));
        kassa.failNext(Operation.CREATE, Failure.TIMEOUT);
        long started = System.nanoTime();
        HttpResponse<String> response = post("/payments", UUID.randomUUID().toString(), createBody("500.00", true));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void a401IsInjectedWhateverTheCredentials() throws Exception {
        kassa.failNext(Operation.CREATE, Failure.UNAUTHORIZED_401);
        assertError(
                post("/payments", UUID.randomUUID().toString(), createBody("500.00", true)),
                401,
                "invalid_credentials",
                null,
                null);
        assertThat(kassa.payments()).isEmpty();
    }

    @Test
    void failuresFireOncePerCallInOrderAndOnlyForTheirOperation() throws Exception {
        String id = create("500.00", true).path("id").asString();
        kassa.failNext(Operation.GET, Failure.SERVER_ERROR_500_NOT_CREATED);
        kassa.failNext(Operation.GET, Failure.TOO_MANY_REQUESTS_429);

        // A create is not a GET, so it does not consume them.
        assertThat(post("/payments", UUID.randomUUID().toString(), createBody("1.00", true))
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/payments/" + id).statusCode()).isEqualTo(500);
        assertThat(get("/payments/" + id).statusCode()).isEqualTo(429);
        assertThat(get("/payments/" + id).statusCode()).isEqualTo(200);
        assertThat(kassa.calls()).extracting(FakeYooKassaCall::status).containsExactly(200, 200, 500, 429, 200);
    }

    @Test
    void a500OnRefundStillMakesTheRefund() throws Exception {
        String id = create("500.00", true).path("id").asString();
        kassa.pay(id);
        kassa.failNext(Operation.REFUND, Failure.SERVER_ERROR_500);
        String key = UUID.randomUUID().toString();
        String body = "{\"payment_id\":\"" + id + "\",\"amount\":{\"value\":\"100.00\",\"currency\":\"RUB\"}}";
        assertThat(post("/refunds", key, body).statusCode()).isEqualTo(500);
        assertThat(kassa.payment(id)
                        .orElseThrow()
                        .path("refunded_amount")
                        .path("value")
                        .asString())
                .isEqualTo("100.00");

        HttpResponse<String> retry = post("/refunds", key, body);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(kassa.payment(id)
                        .orElseThrow()
                        .path("refunded_amount")
                        .path("value")
                        .asString())
                .isEqualTo("100.00");
    }

    // ---------------------------------------------------------------- state machine and notifications

    @Test
    void payingSucceedsAndSendsPaymentSucceeded() throws Exception {
        String id = create("500.00", true).path("id").asString();
        kassa.pay(id);

        JsonNode p = json(get("/payments/" + id));
        assertThat(p.path("status").asString()).isEqualTo("succeeded");
        assertThat(p.path("paid").asBoolean()).isTrue();
        assertThat(p.has("confirmation")).isFalse();
        assertThat(p.path("captured_at").asString()).matches(TIMESTAMP);
        assertThat(p.path("income_amount").toString()).isEqualTo("{\"value\":\"482.50\",\"currency\":\"RUB\"}");
        assertThat(p.path("refundable").asBoolean()).isTrue();
        assertThat(p.path("refunded_amount").path("value").asString()).isEqualTo("0.00");
        JsonNode method = p.path("payment_method");
        assertThat(method.path("type").asString()).isEqualTo("bank_card");
        assertThat(method.path("saved").asBoolean()).isFalse();
        assertThat(method.path("title").asString()).isEqualTo("Bank card *4444");
        assertThat(method.path("card").path("first6").asString()).isEqualTo("555555");
        assertThat(method.path("card").path("last4").asString()).isEqualTo("4444");
        assertThat(method.path("card").path("card_type").asString()).isEqualTo("MasterCard");
        assertThat(method.path("card").path("expiry_month").asString()).matches("\\d{2}");
        assertThat(method.path("card").path("expiry_year").asString()).matches("\\d{4}");
        assertThat(p.path("authorization_details").path("rrn").asString()).isNotEmpty();
        assertThat(p.path("authorization_details")
                        .path("three_d_secure")
                        .path("applied")
                        .asBoolean())
                .isFalse();
        assertThat(p.path("metadata").path("topup_id").asString()).isEqualTo("t-1");

        Received hook = receiver.await(r -> r.event().equals("payment.succeeded"));
        assertThat(hook.body().path("type").asString()).isEqualTo("notification");
        assertThat(names(hook.body())).containsExactly("type", "event", "object");
        assertThat(hook.body().path("object")).isEqualTo(p);
        assertThat(hook.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(hook.contentType()).startsWith("application/json");
        awaitDeliveries(d -> d.event().equals("payment.succeeded") && d.acknowledged(), 1);
        FakeYooKassaDelivery delivery = kassa.deliveries().getFirst();
        assertThat(delivery.objectId()).isEqualTo(id);
        assertThat(delivery.attempt()).isEqualTo(1);
        assertThat(delivery.status()).isEqualTo(200);

        assertThatThrownBy(() -> kassa.pay(id)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kassa.pay("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTwoStagePaymentWaitsForCaptureThenCanBeCapturedOrCanceled() throws Exception {
        String id = create("500.00", false).path("id").asString();
        assertError(
                post("/payments/" + id + "/capture", UUID.randomUUID().toString(), "{}"),
                400,
                "invalid_request",
                null,
                null);

        kassa.pay(id);
        JsonNode waiting = json(get("/payments/" + id));
        assertThat(waiting.path("status").asString()).isEqualTo("waiting_for_capture");
        assertThat(waiting.path("paid").asBoolean()).isTrue();
        assertThat(waiting.path("expires_at").asString()).matches(TIMESTAMP);
        assertThat(waiting.has("confirmation")).isFalse();
        receiver.await(r -> r.event().equals("payment.waiting_for_capture"));

        HttpResponse<String> captured = post(
                "/payments/" + id + "/capture",
                UUID.randomUUID().toString(),
                "{\"amount\":{\"value\":\"300.00\",\"currency\":\"RUB\"}}");
        assertThat(captured.statusCode()).isEqualTo(200);
        JsonNode p = json(captured);
        assertThat(p.path("status").asString()).isEqualTo("succeeded");
        assertThat(p.path("amount").path("value").asString()).isEqualTo("300.00");
        assertThat(p.has("expires_at")).isFalse();
        receiver.await(r -> r.event().equals("payment.succeeded"));

        String other = create("200.00", false).path("id").asString();
        kassa.pay(other);
        // No body at all, as some clients send a cancel.
        HttpResponse<String> canceled = send(HttpRequest.newBuilder(api("/payments/" + other + "/cancel"))
                .header("Authorization", authorization)
                .header("Idempotence-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(json(canceled).path("cancellation_details").toString())
                .isEqualTo("{\"party\":\"merchant\",\"reason\":\"canceled_by_merchant\"}");
        assertThat(json(canceled).path("paid").asBoolean()).isFalse();
        receiver.await(r -> r.event().equals("payment.canceled") && r.objectId().equals(other));

        assertError(
                post("/payments/" + id + "/cancel", UUID.randomUUID().toString(), "{}"),
                400,
                "invalid_request",
                null,
                null);
        assertError(
                post("/payments/nope/capture", UUID.randomUUID().toString(), "{}"),
                404,
                "not_found",
                null,
                "payment_id");
    }

    @Test
    void aDeclineCancelsWithTheBanksReason() throws Exception {
        String id = create("500.00", true).path("id").asString();
        kassa.decline(id, "insufficient_funds");

        JsonNode p = json(get("/payments/" + id));
        assertThat(p.path("status").asString()).isEqualTo("canceled");
        assertThat(p.path("paid").asBoolean()).isFalse();
        assertThat(p.path("refundable").asBoolean()).isFalse();
        assertThat(p.has("confirmation")).isFalse();
        assertThat(p.path("cancellation_details").toString())
                .isEqualTo("{\"party\":\"payment_network\",\"reason\":\"insufficient_funds\"}");
        assertThat(p.path("payment_method").path("card").path("last4").asString())
                .isEqualTo("4600");
        Received hook = receiver.await(r -> r.event().equals("payment.canceled"));
        assertThat(hook.body().path("object")).isEqualTo(p);

        assertThatThrownBy(() -> kassa.decline(id, "general_decline")).isInstanceOf(IllegalStateException.class);
        String other = create("500.00", true).path("id").asString();
        assertThatThrownBy(() -> kassa.decline(other, "bored")).isInstanceOf(IllegalArgumentException.class);
        kassa.decline(other, "expired_on_confirmation");
        assertThat(kassa.payment(other)
                        .orElseThrow()
                        .path("cancellation_details")
                        .path("party")
                        .asString())
                .isEqualTo("yoo_money");
    }

    @Test
    void expiryCancelsOnYooMoneysSideAndSpendsTheToken() throws Exception {
        JsonNode created = create("500.00", true);
        String id = created.path("id").asString();
        String token = created.path("confirmation").path("confirmation_token").asString();
        kassa.expire(id);

        assertThat(json(get("/payments/" + id)).path("cancellation_details").toString())
                .isEqualTo("{\"party\":\"yoo_money\",\"reason\":\"expired_on_confirmation\"}");
        receiver.await(r -> r.event().equals("payment.canceled"));
        HttpResponse<String> form = page("form?token=" + token);
        assertThat(form.statusCode()).isEqualTo(410);
        assertThat(form.body()).contains("data-event=\"error\"").contains("data-error=\"token_expired\"");

        String twoStage = create("100.00", false).path("id").asString();
        kassa.pay(twoStage);
        kassa.expire(twoStage);
        assertThat(kassa.payment(twoStage)
                        .orElseThrow()
                        .path("cancellation_details")
                        .path("reason")
                        .asString())
                .isEqualTo("expired_on_capture");
        assertThatThrownBy(() -> kassa.expire(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnpaidPaymentExpiresByItselfAnHourAfterItWasCreated() throws Exception {
        var clock = new TestClock();
        kassa.useClock(clock);
        JsonNode created = create("500.00", true);
        String id = created.path("id").asString();
        String token = token(created);
        String paid = create("100.00", true).path("id").asString();
        kassa.pay(paid);

        clock.advance(Duration.ofMinutes(59));
        assertThat(json(get("/payments/" + id)).path("status").asString()).isEqualTo("pending");
        assertThat(page("form?token=" + token).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        receiver.await(r -> r.event().equals("payment.canceled") && r.objectId().equals(id));
        JsonNode expired = json(get("/payments/" + id));
        assertThat(expired.path("status").asString()).isEqualTo("canceled");
        assertThat(expired.path("cancellation_details").toString())
                .isEqualTo("{\"party\":\"yoo_money\",\"reason\":\"expired_on_confirmation\"}");
        assertThat(expired.has("confirmation")).isFalse();
        HttpResponse<String> form = page("form?token=" + token);
        assertThat(form.statusCode()).isEqualTo(410);
        assertThat(form.body()).contains("data-error=\"token_expired\"");
        assertThat(json(get("/payments/" + paid)).path("status").asString())
                .as("a paid payment never expires")
                .isEqualTo("succeeded");
        assertThatThrownBy(() -> kassa.pay(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refundsNeedASucceededPaymentAndStayWithinItsAmount() throws Exception {
        String id = create("500.00", true).path("id").asString();
        String body = "{\"payment_id\":\"" + id + "\",\"amount\":{\"value\":\"100.00\",\"currency\":\"RUB\"},"
                + "\"description\":\"Возврат\"}";
        assertError(post("/refunds", UUID.randomUUID().toString(), body), 400, "invalid_request", null, "payment_id");

        kassa.pay(id);
        HttpResponse<String> response = post("/refunds", UUID.randomUUID().toString(), body);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode refund = json(response);
        assertThat(names(refund)).containsExactly("id", "payment_id", "status", "amount", "created_at", "description");
        assertThat(refund.path("id").asString()).matches(ID);
        assertThat(refund.path("payment_id").asString()).isEqualTo(id);
        assertThat(refund.path("status").asString()).isEqualTo("succeeded");
        assertThat(refund.path("created_at").asString()).matches(TIMESTAMP);
        assertThat(json(get("/refunds/" + refund.path("id").asString()))).isEqualTo(refund);
        Received hook = receiver.await(r -> r.event().equals("refund.succeeded"));
        assertThat(hook.body().path("object")).isEqualTo(refund);

        String rest = kassa.refund(id, new BigDecimal("400.00"));
        receiver.await(r -> r.event().equals("refund.succeeded") && r.objectId().equals(rest));
        JsonNode p = json(get("/payments/" + id));
        assertThat(p.path("refunded_amount").path("value").asString()).isEqualTo("500.00");
        assertThat(p.path("refundable").asBoolean()).isFalse();
        assertThat(p.path("status").asString()).isEqualTo("succeeded");

        String tooMuch = "{\"payment_id\":\"" + id + "\",\"amount\":{\"value\":\"0.01\",\"currency\":\"RUB\"}}";
        assertError(
                post("/refunds", UUID.randomUUID().toString(), tooMuch), 400, "invalid_request", null, "amount.value");
        assertThatThrownBy(() -> kassa.refund(id, new BigDecimal("0.01"))).isInstanceOf(IllegalArgumentException.class);
        assertError(get("/refunds/nope"), 404, "not_found", null, "refund_id");
        String unknown = "{\"payment_id\":\"nope\",\"amount\":{\"value\":\"1.00\",\"currency\":\"RUB\"}}";
        assertError(post("/refunds", UUID.randomUUID().toString(), unknown), 404, "not_found", null, "payment_id");
    }

    @Test
    void aPendingRefundHoldsItsAmountUntilItSucceedsOrIsCanceled() throws Exception {
        String id = create("500.00", true).path("id").asString();
        kassa.pay(id);
        receiver.await(r -> r.event().equals("payment.succeeded"));
        kassa.setRefundsPending(true);
        String body = "{\"payment_id\":\"" + id + "\",\"amount\":{\"value\":\"300.00\",\"currency\":\"RUB\"}}";
        JsonNode first = json(post("/refunds", UUID.randomUUID().toString(), body));
        JsonNode second = json(post(
                "/refunds",
                UUID.randomUUID().toString(),
                "{\"payment_id\":\"" + id + "\",\"amount\":{\"value\":\"200.00\",\"currency\":\"RUB\"}}"));
        kassa.setRefundsPending(false);

        assertThat(first.path("status").asString()).isEqualTo("pending");
        assertError(post("/refunds", UUID.randomUUID().toString(), body), 400, "invalid_request", null, "amount.value");

        kassa.cancelRefund(first.path("id").asString());
        JsonNode canceled = json(get("/refunds/" + first.path("id").asString()));
        assertThat(canceled.path("status").asString()).isEqualTo("canceled");
        assertThat(canceled.path("cancellation_details").path("party").asString())
                .isEqualTo("yoo_money");
        assertThat(json(get("/payments/" + id))
                        .path("refunded_amount")
                        .path("value")
                        .asString())
                .isEqualTo("200.00");

        kassa.succeedRefund(second.path("id").asString());
        Received hook = receiver.await(r -> r.event().equals("refund.succeeded"));
        assertThat(hook.objectId()).isEqualTo(second.path("id").asString());
        assertThat(hook.body().path("object").path("status").asString()).isEqualTo("succeeded");
        assertThat(receiver.received())
                .noneMatch(r -> r.objectId().equals(first.path("id").asString()));
        assertThatThrownBy(() -> kassa.succeedRefund(first.path("id").asString()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNotificationIsRedeliveredUntilAcknowledged() throws Exception {
        receiver.answer(500, 500);
        String id = create("500.00", true).path("id").asString();
        kassa.pay(id);

        awaitDeliveries(FakeYooKassaDelivery::acknowledged, 1);
        assertThat(kassa.deliveries())
                .extracting(FakeYooKassaDelivery::attempt, FakeYooKassaDelivery::status)
                .containsExactly(tuple(1, 500), tuple(2, 500), tuple(3, 200));
        assertThat(receiver.received()).hasSize(3).allMatch(r -> r.event().equals("payment.succeeded"));
        // Every attempt carries the same snapshot.
        assertThat(receiver.received().stream().map(Received::body).distinct()).hasSize(1);
    }

    @Test
    void redeliveryGivesUpAfterMaxTriesAndCountsIoErrors() throws Exception {
        kassa.setWebhookRetry(Duration.ofMillis(20), 3);
        receiver.answer(503, 503, 503, 503, 503);
        String id = create("500.00", true).path("id").asString();
        kassa.pay(id);
        awaitDeliveries(d -> true, 3);
        Thread.sleep(200);
        assertThat(kassa.deliveries()).extracting(FakeYooKassaDelivery::status).containsExactly(503, 503, 503);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        kassa.setWebhookUrl(URI.create("http://127.0.0.1:" + closedPort + "/hook"));
        kassa.sendNotification("payment.succeeded", id);
        awaitDeliveries(d -> d.status() == -1, 3);
    }

    @Test
    void suppressedNotificationsAreLostUntilSentByHand() throws Exception {
        kassa.suppressWebhooks(true);
        String id = create("500.00", true).path("id").asString();
        kassa.pay(id);
        Thread.sleep(200);
        assertThat(kassa.deliveries()).isEmpty();
        assertThat(receiver.received()).isEmpty();
        assertThat(kassa.payment(id).orElseThrow().path("status").asString()).isEqualTo("succeeded");

        kassa.sendNotification("payment.succeeded", id);
        Received late = receiver.await(r -> r.event().equals("payment.succeeded"));
        assertThat(late.objectId()).isEqualTo(id);
    }

    @Test
    void sendNotificationRepeatsAndReordersWithTheCurrentObject() throws Exception {
        String id = create("500.00", false).path("id").asString();
        kassa.pay(id);
        receiver.await(r -> r.event().equals("payment.waiting_for_capture"));
        post("/payments/" + id + "/capture", UUID.randomUUID().toString(), "{}");
        receiver.await(r -> r.event().equals("payment.succeeded"));

        kassa.sendNotification("payment.succeeded", id);
        kassa.sendNotification("payment.waiting_for_capture", id);
        awaitDeliveries(d -> true, 4);
        List<Received> succeeded = receiver.received().stream()
                .filter(r -> r.event().equals("payment.succeeded"))
                .toList();
        assertThat(succeeded).hasSize(2);
        assertThat(succeeded.get(0).body()).isEqualTo(succeeded.get(1).body());
        // The stale event arrives late and carries the object as it is now.
        Received stale = receiver.received().stream()
                .filter(r -> r.event().equals("payment.waiting_for_capture"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(stale.body().path("object").path("status").asString()).isEqualTo("succeeded");

        assertThatThrownBy(() -> kassa.sendNotification("payment.succeeded", "nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- list and me

    @Test
    void listingIsNewestFirstFilteredAndPaged() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create("1" + i + ".00", true).path("id").asString());
        }
        kassa.pay(ids.get(1));
        kassa.pay(ids.get(3));

        JsonNode page1 = json(get("/payments?limit=2"));
        assertThat(page1.path("type").asString()).isEqualTo("list");
        assertThat(itemIds(page1)).containsExactly(ids.get(4), ids.get(3));
        String cursor = page1.path("next_cursor").asString();
        JsonNode page2 = json(get("/payments?limit=2&cursor=" + cursor));
        assertThat(itemIds(page2)).containsExactly(ids.get(2), ids.get(1));
        JsonNode page3 =
                json(get("/payments?limit=2&cursor=" + page2.path("next_cursor").asString()));
        assertThat(itemIds(page3)).containsExactly(ids.get(0));
        assertThat(page3.has("next_cursor")).isFalse();

        assertThat(itemIds(json(get("/payments?status=succeeded")))).containsExactly(ids.get(3), ids.get(1));
        assertThat(itemIds(json(get("/payments?created_at.gte=2000-01-01T00:00:00.000Z"))))
                .hasSize(5);
        assertError(get("/payments?status=paid"), 400, "invalid_request", null, "status");
        assertError(get("/payments?limit=101"), 400, "invalid_request", null, "limit");
    }

    @Test
    void meDescribesTheTestShop() throws Exception {
        JsonNode me = json(get("/me"));
        assertThat(me.path("account_id").asString()).isEqualTo(SHOP);
        assertThat(me.path("test").asBoolean()).isTrue();
        assertThat(me.path("status").asString()).isEqualTo("enabled");
        assertThat(me.path("fiscalization").path("enabled").asBoolean()).isFalse();
        assertThat(me.path("fiscalization_enabled").asBoolean()).isFalse();
    }

    // ---------------------------------------------------------------- widget

    @Test
    void theWidgetScriptIsJavaScriptDefiningTheCheckoutClass() throws Exception {
        assertThat(kassa.widgetScriptUri().toString())
                .isEqualTo(kassa.baseUri() + "/checkout-widget/v1/checkout-widget.js");
        HttpResponse<String> script =
                send(HttpRequest.newBuilder(kassa.widgetScriptUri()).GET());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("application/javascript");
        assertThat(script.body())
                .contains("window.YooMoneyCheckoutWidget = YooMoneyCheckoutWidget")
                .contains("\"" + kassa.baseUri() + "\"")
                .contains("'token_required'")
                .doesNotContain("onclick")
                .doesNotContain("innerHTML");
        assertThat(kassa.calls()).isEmpty();
    }

    @Test
    void theFormShowsThePaymentAndTheTestCardsWithEverythingEscaped() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(createBody("1500.00", true));
        body.put("description", "<script>alert(1)</script> & \"кавычки\"");
        JsonNode created = json(post("/payments", UUID.randomUUID().toString(), body.toString()));
        String token = created.path("confirmation").path("confirmation_token").asString();

        HttpResponse<String> form = page("form?token=" + token + "&color=%2300BF96");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = form.body();
        assertThat(html)
                .contains("<title>ЮKassa — песочница</title>")
                .contains("id=\"pay\">Заплатить 1\u00a0500,00 ₽</button>")
                .contains("id=\"card-number\" name=\"card_number\" value=\"5555555555554444\"")
                .contains("id=\"card-expiry\"")
                .contains("id=\"card-cvc\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;кавычки&quot;")
                .doesNotContain("<script>alert(1)")
                .contains("data-event=\"ready\"")
                .contains("data-token=\"" + token + "\"")
                .contains("--primary:#00BF96");
        for (String declineCard : List.of(
                "5555555555554592",
                "5555555555554535",
                "5555555555554543",
                "5555555555554568",
                "5555555555554527",
                "5555555555554600",
                "5555555555554618",
                "5555555555554626",
                "5555555555554501",
                "5555555555554576",
                "5555555555554550",
                "5555555555554584",
                "5555555555554634")) {
            assertThat(html).contains("data-card=\"" + declineCard + "\"");
        }
        assertThat(html).contains("insufficient_funds").contains("country_forbidden (yoo_money)");

        assertThat(page("form?token=ct-unknown").statusCode()).isEqualTo(404);
        assertThat(page("form?token=ct-unknown").body()).contains("data-error=\"invalid_token\"");
        assertThat(page("form").body()).contains("data-error=\"token_required\"");
        assertThat(page("form?token=%22%3E%3Cb%3E").body()).contains("data-token=\"&quot;&gt;&lt;b&gt;\"");
        HttpResponse<String> malformed =
                send(HttpRequest.newBuilder(URI.create(kassa.baseUri() + "/checkout-widget/v1/pay"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=%zz")));
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void submittingTheFormPaysOrDeclinesByCard() throws Exception {
        JsonNode declined = create("500.00", true);
        HttpResponse<String> redirect = submit(token(declined), "5555 5555 5555 4600", "12/40", "123");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location").orElse("")).startsWith("result?token=");
        JsonNode p = kassa.payment(declined.path("id").asString()).orElseThrow();
        assertThat(p.path("cancellation_details").toString())
                .isEqualTo("{\"party\":\"payment_network\",\"reason\":\"insufficient_funds\"}");
        receiver.await(r -> r.event().equals("payment.canceled"));
        HttpResponse<String> failScreen = page("result?token=" + token(declined));
        assertThat(failScreen.body()).contains("data-event=\"fail\"").contains("id=\"result-reason\"");

        JsonNode forbidden = create("500.00", true);
        submit(token(forbidden), "5555555555554584", "12/40", "123");
        assertThat(kassa.payment(forbidden.path("id").asString())
                        .orElseThrow()
                        .path("cancellation_details")
                        .toString())
                .isEqualTo("{\"party\":\"yoo_money\",\"reason\":\"country_forbidden\"}");

        JsonNode paid = create("500.00", true);
        HttpResponse<String> notATestCard = submit(token(paid), "4000000000000002", "12/40", "123");
        assertThat(notATestCard.statusCode()).isEqualTo(400);
        assertThat(notATestCard.body()).contains("id=\"error\"").contains("value=\"4000000000000002\"");
        assertThat(submit(token(paid), "4111111111111111", "01/20", "123").statusCode())
                .isEqualTo(400);
        assertThat(submit(token(paid), "4111111111111111", "12/40", "12").statusCode())
                .isEqualTo(400);
        assertThat(kassa.payment(paid.path("id").asString())
                        .orElseThrow()
                        .path("status")
                        .asString())
                .isEqualTo("pending");

        assertThat(submit(token(paid), "4793128161644804", "07/40", "321").statusCode())
                .isEqualTo(302);
        JsonNode succeeded = kassa.payment(paid.path("id").asString()).orElseThrow();
        assertThat(succeeded.path("status").asString()).isEqualTo("succeeded");
        assertThat(succeeded
                        .path("payment_method")
                        .path("card")
                        .path("card_type")
                        .asString())
                .isEqualTo("Visa");
        assertThat(succeeded
                        .path("payment_method")
                        .path("card")
                        .path("expiry_month")
                        .asString())
                .isEqualTo("07");
        assertThat(succeeded
                        .path("payment_method")
                        .path("card")
                        .path("expiry_year")
                        .asString())
                .isEqualTo("2040");
        assertThat(succeeded
                        .path("authorization_details")
                        .path("three_d_secure")
                        .path("applied")
                        .asBoolean())
                .isTrue();
        assertThat(page("result?token=" + token(paid)).body()).contains("data-event=\"success\"");
        // The token is spent: a second submission changes nothing.
        assertThat(submit(token(paid), "5555555555554600", "12/40", "123").statusCode())
                .isEqualTo(410);
        assertThat(kassa.payment(paid.path("id").asString())
                        .orElseThrow()
                        .path("status")
                        .asString())
                .isEqualTo("succeeded");
    }

    @Test
    void aPersonPaysInTheRenderedWidgetAndThePageHearsSuccess() throws Exception {
        var chromium = HeadlessChromium.startOrSkip();
        JsonNode created = create("500.00", true);
        String id = created.path("id").asString();
        HttpServer host = hostPage();
        WebDriver browser = chromium.driver();
        try {
            var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            String hostUri = "http://127.0.0.1:" + host.getAddress().getPort() + "/topup.html";
            browser.get(hostUri + "?token=" + URLEncoder.encode(token(created), UTF_8));
            wait.until(d -> events(d).contains("rendered"));

            WebElement frame = browser.findElement(By.cssSelector("#yk-container iframe"));
            assertThat(frame.getAttribute("src"))
                    .startsWith(kassa.baseUri() + "/checkout-widget/v1/form?token=" + token(created));
            assertThat(frame.getCssValue("min-width")).isEqualTo("288px");
            assertThat(frame.getCssValue("height")).isEqualTo("520px");
            screenshot(browser, "yookassa-widget");

            browser.switchTo().frame(frame);
            assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("ЮKassa — песочница");
            assertThat(browser.findElement(By.id("card-number")).getAttribute("value"))
                    .isEqualTo("5555555555554444");
            WebElement pay = browser.findElement(By.id("pay"));
            assertThat(pay.getText()).isEqualTo("Заплатить 500,00 ₽");
            pay.click();
            wait.until(ExpectedConditions.textToBe(By.id("result-title"), "Оплата прошла"));
            screenshot(browser, "yookassa-widget-paid");
            browser.switchTo().defaultContent();

            wait.until(d -> events(d).contains("complete"));
            assertThat(events(browser)).containsExactly("on-returns:undefined", "rendered", "success", "complete");
            assertThat(kassa.payment(id).orElseThrow().path("status").asString())
                    .isEqualTo("succeeded");
            receiver.await(
                    r -> r.event().equals("payment.succeeded") && r.objectId().equals(id));

            browser.get(hostUri + "?token=ct-not-a-token");
            wait.until(d -> events(d).stream().anyMatch(e -> e.startsWith("error:")));
            assertThat(events(browser)).contains("error:invalid_token").noneMatch(e -> e.startsWith("csp:"));
        } finally {
            chromium.close();
            host.stop(0);
        }
    }

    // ---------------------------------------------------------------- helpers

    private HttpServer hostPage() throws IOException {
        String fake = kassa.baseUri().toString();
        String html = "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Пополнение</title>"
                + "<script src=\"" + kassa.widgetScriptUri() + "\"></script>"
                + "<script src=\"/topup.js\" defer></script></head>"
                + "<body><h1>Пополнение баланса</h1><div id=\"yk-container\"></div><ul id=\"events\"></ul></body></html>";
        String script = """
                (function () {
                  var list = document.getElementById('events');
                  function record(name) {
                    var item = document.createElement('li');
                    item.className = 'event';
                    item.textContent = name;
                    list.appendChild(item);
                  }
                  document.addEventListener('securitypolicyviolation', function (e) {
                    record('csp:' + e.violatedDirective + ' ' + e.blockedURI);
                  });
                  var token = new URLSearchParams(location.search).get('token') || '';
                  var widget = new window.YooMoneyCheckoutWidget({
                    confirmation_token: token,
                    customization: { colors: { control_primary: '#00BF96' } },
                    error_callback: function (e) {
                      record('error:' + (typeof e === 'string' ? e : (e && (e.error || e.code))));
                    }
                  });
                  record('on-returns:' + typeof widget.on('success', function () { record('success'); }));
                  widget.on('fail', function () { record('fail'); });
                  widget.on('complete', function () { record('complete'); });
                  widget.render('yk-container').then(function () { record('rendered'); });
                })();
                """;
        // What our own page will allow: scripts and frames from the widget's origin only, no inline anything.
        String csp = "default-src 'self'; script-src 'self' " + fake + "; frame-src " + fake + "; style-src 'self'";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/topup.html", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Security-Policy", csp);
                FakeHttp.html(exchange, 200, html);
            }
        });
        server.createContext("/topup.js", exchange -> {
            try (exchange) {
                FakeHttp.send(exchange, 200, "text/javascript; charset=utf-8", script.getBytes(UTF_8));
            }
        });
        server.start();
        return server;
    }

    private static List<String> events(WebDriver browser) {
        return browser.findElements(By.cssSelector("#events .event")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static String createBody(String value, boolean capture) {
        return "{\"amount\":{\"value\":\"" + value + "\",\"currency\":\"RUB\"},\"capture\":" + capture
                + ",\"confirmation\":{\"type\":\"embedded\"},\"description\":\"Пополнение баланса\","
                + "\"metadata\":{\"topup_id\":\"t-1\",\"user_id\":\"42\"}}";
    }

    private static String receipt(String unitPrice, int quantity) {
        return "{\"customer\":{\"email\":\"user@example.ru\"},\"items\":[{\"description\":\"Пополнение баланса\","
                + "\"quantity\":" + quantity + ",\"amount\":{\"value\":\"" + unitPrice + "\",\"currency\":\"RUB\"},"
                + "\"vat_code\":1,\"payment_subject\":\"payment\",\"payment_mode\":\"full_prepayment\"}]}";
    }

    private JsonNode create(String value, boolean capture) throws Exception {
        HttpResponse<String> response = post("/payments", UUID.randomUUID().toString(), createBody(value, capture));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static String token(JsonNode payment) {
        return payment.path("confirmation").path("confirmation_token").asString();
    }

    private HttpResponse<String> submit(String token, String number, String expiry, String cvc) throws Exception {
        String form = Map.of("token", token, "card_number", number, "expiry", expiry, "cvc", cvc).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(kassa.baseUri() + "/checkout-widget/v1/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> page(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(kassa.baseUri() + "/checkout-widget/v1/" + pathAndQuery))
                .GET());
    }

    private URI api(String path) {
        return URI.create(kassa.apiUri() + path);
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
        if (key != null) {
            request.header("Idempotence-Key", key);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static List<String> names(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    private static List<String> itemIds(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private static void assertError(
            HttpResponse<String> response, int status, String code, String description, String parameter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("id").asString()).isNotEmpty();
        assertThat(body.path("code").asString()).isEqualTo(code);
        assertThat(body.path("description").asString()).isNotEmpty();
        if (description != null) {
            assertThat(body.path("description").asString()).isEqualTo(description);
        }
        if (parameter != null) {
            assertThat(body.path("parameter").asString()).isEqualTo(parameter);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    private void awaitDeliveries(Predicate<FakeYooKassaDelivery> matching, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (kassa.deliveries().stream().filter(matching).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " matching deliveries, got " + kassa.deliveries());
            }
            Thread.sleep(10);
        }
    }

    /** A notification as the receiver got it. */
    private record Received(JsonNode body, String remoteAddress, String contentType) {
        String event() {
            return body.path("event").asString();
        }

        String objectId() {
            return body.path("object").path("id").asString();
        }
    }

    /** The application's webhook endpoint, as far as the fake can tell: records and answers with a scripted status. */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            Receiver receiver = new Receiver(server);
            server.createContext("/hook", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    receiver.received.add(new Received(
                            JSON.readTree(body),
                            exchange.getRemoteAddress().getAddress().getHostAddress(),
                            exchange.getRequestHeaders().getFirst("Content-Type")));
                    Integer status = receiver.statuses.poll();
                    exchange.sendResponseHeaders(status == null ? 200 : status, -1);
                }
            });
            server.start();
            return receiver;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        /** The next notifications get these statuses, in order; 200 after that. */
        void answer(Integer... next) {
            statuses.addAll(List.of(next));
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        Received await(Predicate<Received> matching) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                for (Received r : received) {
                    if (matching.test(r)) {
                        return r;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("No matching notification among " + received);
                }
                Thread.sleep(10);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
