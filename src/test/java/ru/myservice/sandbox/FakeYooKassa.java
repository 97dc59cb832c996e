package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.myservice.sandbox.FakeYooKassaCards.Card;
import ru.myservice.sandbox.FakeYooKassaWidget.Checkout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A faithful in-process stand-in for YooKassa's API v3, its embedded checkout widget and its HTTP notifications,
 * following {@code shared/contracts/yookassa.md} §1–6 and §10: the same paths, headers, status codes, JSON field names,
 * error bodies, idempotence rules, payment state machine, notification bodies and widget JavaScript API. For tests and
 * the local sandbox only; it never ships in the jar.
 *
 * <p>API under {@link #apiUri()}: {@code POST /payments}, {@code GET /payments/{id}}, {@code GET
 * /payments?status=&created_at.gte=&created_at.gt=&created_at.lte=&created_at.lt=&limit=&cursor=}, {@code POST
 * /payments/{id}/capture}, {@code POST /payments/{id}/cancel}, {@code POST /refunds}, {@code GET /refunds/{id}} and
 * {@code GET /me}, all behind HTTP Basic with a pair given to {@link #registerShop}. Every shop is a test shop, so its
 * objects carry {@code "test": true}; shops do not see each other's objects or idempotence keys.
 *
 * <p>The widget script at {@link #widgetScriptUri()} defines {@code window.YooMoneyCheckoutWidget}. It renders an
 * iframe with a Russian card form served from this fake's origin, as the real widget does; paying there drives the
 * payment exactly as {@link #pay} or {@link #decline} would, with the test cards of §7.
 *
 * <p>Each payment state change and each refund POSTs a notification to {@link #setWebhookUrl}, from a virtual thread,
 * and redelivers it until the receiver answers 200 or the tries run out ({@link #setWebhookRetry}).
 *
 * <p>Time is read from a clock ({@link #useClock}, the system's by default): a payment nobody paid is canceled {@code
 * yoo_money/expired_on_confirmation} one hour after it was created, and a two-stage one left uncaptured {@code
 * expired_on_capture} at its {@code expires_at}, as YooKassa does by itself (§6, §10). A moved clock takes effect at
 * the next call, widget page or test hook, and within a second without any.
 */
public final class FakeYooKassa implements AutoCloseable {

    /** The API calls {@link #failNext} can target. */
    public enum Operation {
        /** {@code POST /v3/payments}. */
        CREATE,
        /** {@code GET /v3/payments/{id}}, {@code GET /v3/payments} and {@code GET /v3/refunds/{id}}; not {@code /me}. */
        GET,
        /** {@code POST /v3/refunds}. */
        REFUND
    }

    /** Injectable misbehaviour of one API call; see {@link #failNext}. */
    public enum Failure {
        /**
         * The call is carried out (a create makes the payment, a refund the refund, a repeat key replays as usual),
         * then answered 500 {@code internal_server_error}: the outcome is unknown to the client, which must retry
         * with the same key and body.
         */
        SERVER_ERROR_500,
        /** Answered 500 {@code internal_server_error} without doing anything. */
        SERVER_ERROR_500_NOT_CREATED,
        /** Answered 429 {@code too_many_requests} with {@code retry_after: 1000}, without doing anything. */
        TOO_MANY_REQUESTS_429,
        /**
         * The legacy 202 {@code {"type":"processing",…,"retry_after":1800}}. The request was accepted, so, as with
         * {@link #SERVER_ERROR_500}, it is carried out and a retry with the same key gets its result.
         */
        PROCESSING_202,
        /** Sleeps for the slow delay ({@link #setSlowDelay}), then handles the call normally. */
        TIMEOUT,
        /** Answered 401 {@code invalid_credentials} whatever the credentials, without doing anything. */
        UNAUTHORIZED_401
    }

    static final String WIDGET_BASE = "/checkout-widget/v1/";

    private static final JsonMapper JSON = FakeHttp.JSON;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(5);
    private static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
    private static final int DEFAULT_MAX_TRIES = 20;
    private static final Duration IDEMPOTENCE_WINDOW = Duration.ofHours(24);
    // The confirmation token, and with it the pending payment, lives an hour (§6).
    private static final Duration CONFIRMATION_WINDOW = Duration.ofHours(1);
    private static final Duration EXPIRY_SWEEP = Duration.ofSeconds(1);
    // Bank cards may stay authorised for 7 days before YooKassa cancels them (§2.1).
    private static final Duration CAPTURE_WINDOW = Duration.ofDays(7);
    private static final BigDecimal CARD_LIMIT = new BigDecimal("350000.00");
    private static final BigDecimal FEE_RATE = new BigDecimal("0.035");
    private static final BigDecimal QUANTITY_LIMIT = new BigDecimal("99999.999");
    private static final int DEFAULT_LIST_LIMIT = 10;

    private static final Pattern AMOUNT = Pattern.compile("\\d+\\.\\d{2}");
    // The spec's own pattern; "+-_" is a range there, which is what the real server would apply too.
    private static final Pattern IDEMPOTENCE_KEY = Pattern.compile("[0-9a-zA-Z+-_.]{1,64}");
    private static final Pattern PHONE = Pattern.compile("[0-9]{4,15}");
    private static final Pattern EXPIRY = Pattern.compile("\\s*(\\d{1,2})\\s*/\\s*(\\d{2}|\\d{4})\\s*");

    private static final String AMOUNT_ERROR =
            "Error in the payment amount. Specify the amount in the correct format. For example, 100.00";
    private static final String RECEIPT_ERROR = "Receipt is missing or illegal";
    private static final String BAD_CREDENTIALS =
            "Error in shopId or secret key. Check their validity. You can reissue the key in the Merchant Profile";

    private static final Set<String> CURRENCIES =
            Set.of("RUB", "EUR", "USD", "KZT", "BYN", "UAH", "UZS", "TRY", "INR", "MDL", "AZN", "AMD");
    private static final Set<String> STATUSES = Set.of("pending", "waiting_for_capture", "succeeded", "canceled");
    private static final List<String> NOT_WITH_EMBEDDED =
            List.of("payment_method_data", "payment_method_id", "payment_token", "airline");
    private static final Set<String> PAYMENT_MODES = Set.of(
            "full_prepayment",
            "partial_prepayment",
            "advance",
            "full_payment",
            "partial_payment",
            "credit",
            "credit_payment");
    private static final Set<String> PAYMENT_SUBJECTS = Set.of(
            "commodity",
            "excise",
            "job",
            "service",
            "gambling_bet",
            "gambling_prize",
            "lottery",
            "lottery_prize",
            "intellectual_activity",
            "payment",
            "agent_commission",
            "composite",
            "another",
            "property_right",
            "non_operating_gain",
            "insurance_premium",
            "sales_tax",
            "resort_fee",
            "marked",
            "non_marked",
            "marked_excise",
            "non_marked_excise",
            "fine",
            "tax",
            "lien",
            "cost",
            "agent_withdrawals",
            "pension_insurance_without_payouts",
            "pension_insurance_with_payouts",
            "health_insurance_without_payouts",
            "health_insurance_with_payouts",
            "health_insurance",
            "casino");
    private static final Set<String> CANCELLATION_REASONS = Set.of(
            "3d_secure_failed",
            "call_issuer",
            "card_expired",
            "payment_method_limit_exceeded",
            "payment_method_restricted",
            "country_forbidden",
            "general_decline",
            "fraud_suspected",
            "identification_required",
            "insufficient_funds",
            "invalid_card_number",
            "invalid_csc",
            "issuer_unavailable",
            "canceled_by_merchant",
            "permission_revoked",
            "internal_timeout",
            "expired_on_confirmation",
            "expired_on_capture",
            "unsupported_mobile_operator",
            "deal_expired");
    // Reasons that are YooKassa's own decision rather than the bank's.
    private static final Set<String> YOO_MONEY_REASONS = Set.of(
            "expired_on_confirmation",
            "expired_on_capture",
            "internal_timeout",
            "country_forbidden",
            "identification_required",
            "permission_revoked",
            "deal_expired",
            "unsupported_mobile_operator");
    // The order of the documentation's examples, so a payment reads the same in a log as in the docs.
    private static final List<String> PAYMENT_FIELDS = List.of(
            "id",
            "status",
            "paid",
            "amount",
            "income_amount",
            "confirmation",
            "captured_at",
            "created_at",
            "expires_at",
            "description",
            "metadata",
            "payment_method",
            "recipient",
            "refundable",
            "refunded_amount",
            "test",
            "receipt_registration",
            "merchant_customer_id",
            "cancellation_details",
            "authorization_details");

    private final FakeServer http;
    private final ExecutorService webhookExecutor;
    private final ScheduledExecutorService expirySweeper;
    private final HttpClient webhookClient;

    private final Object lock = new Object();
    private final Map<String, Shop> shops = new ConcurrentHashMap<>();
    // Guarded by lock, as is everything mutable inside them.
    private final Map<String, StoredPayment> payments = new LinkedHashMap<>();
    private final Map<String, StoredPayment> paymentsByToken = new HashMap<>();
    // Payments created pending and not yet seen final: the only ones time can still cancel.
    private final Map<String, StoredPayment> unfinished = new LinkedHashMap<>();
    private final Map<String, StoredRefund> refunds = new LinkedHashMap<>();
    private final Map<String, Remembered> idempotence = new HashMap<>();
    private final Map<Operation, Deque<Failure>> pendingFailures = new EnumMap<>(Operation.class);
    private long sequence;

    // Appended to on every call (a copy-on-write list would copy them all each time); read as a copy.
    private final List<FakeYooKassaCall> calls = new ArrayList<>();
    private final List<FakeYooKassaDelivery> deliveries = new ArrayList<>();
    private volatile URI webhookUrl;
    private volatile Duration retryInterval = DEFAULT_RETRY_INTERVAL;
    private volatile int maxTries = DEFAULT_MAX_TRIES;
    private volatile boolean fiscalization;
    private volatile boolean refundsPending;
    private volatile boolean webhooksSuppressed;
    private volatile Duration slowDelay = DEFAULT_SLOW_DELAY;
    private volatile Clock clock = Clock.systemUTC();
    private volatile boolean closed;

    private FakeYooKassa(int port) throws IOException {
        for (Operation op : Operation.values()) {
            pendingFailures.put(op, new ArrayDeque<>());
        }
        webhookExecutor = Executors.newVirtualThreadPerTaskExecutor();
        // HTTP/1.1 only: the JDK client would otherwise offer an h2c upgrade that no webhook receiver expects.
        webhookClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        http = FakeServer.start(port, this::dispatch);
        expirySweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fake-yookassa-expiry").daemon().factory());
        expirySweeper.scheduleWithFixedDelay(
                this::sweepExpired, EXPIRY_SWEEP.toMillis(), EXPIRY_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the fake on 127.0.0.1; {@code port} 0 picks a free port. */
    public static FakeYooKassa start(int port) {
        try {
            return new FakeYooKassa(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash; also the widget iframe's origin. */
    public URI baseUri() {
        return http.baseUri();
    }

    /** {@code http.baseUri() + "/v3"}: what the application configures instead of {@code https://api.yookassa.ru/v3}. */
    public URI apiUri() {
        return URI.create(http.baseUri() + "/v3");
    }

    /** {@code http.baseUri() + "/checkout-widget/v1/checkout-widget.js"}. */
    public URI widgetScriptUri() {
        return URI.create(http.baseUri() + WIDGET_BASE + "checkout-widget.js");
    }

    /** Registers (or replaces the key of) a test shop. */
    public void registerShop(String shopId, String secretKey) {
        Objects.requireNonNull(shopId, "shopId");
        Objects.requireNonNull(secretKey, "secretKey");
        shops.compute(shopId, (id, old) -> new Shop(id, secretKey, old != null ? old.gatewayId() : gatewayIdFor(id)));
    }

    /**
     * Reads the time from {@code clock} from now on: {@code created_at}, {@code captured_at} and the like, the one-hour
     * life of a pending payment and the 24-hour life of an idempotence key. Pass the application's test clock to let an
     * hour pass without waiting.
     */
    public void useClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where notifications go; null sends none. Redeliveries already under way pick up the new address. */
    public void setWebhookUrl(URI url) {
        webhookUrl = url;
    }

    /** Pause between delivery attempts and the number of attempts per notification; 1 s and 20 by default. */
    public void setWebhookRetry(Duration interval, int maxTries) {
        Objects.requireNonNull(interval, "interval");
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1");
        }
        this.retryInterval = interval;
        this.maxTries = maxTries;
    }

    /**
     * With fiscalization on, as when the shop sends 54-FZ receipts through YooKassa, creating a payment or a refund
     * without a valid {@code receipt} is answered 400 "Receipt is missing or illegal"; {@code /me} reports it too.
     */
    public void setFiscalization(boolean enabled) {
        fiscalization = enabled;
    }

    /**
     * Makes the next API call of that operation misbehave once. Failures of one operation queue up and fire in the
     * order they were armed; a call of another operation does not consume them.
     */
    public void failNext(Operation op, Failure failure) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(failure, "failure");
        synchronized (lock) {
            pendingFailures.get(op).add(failure);
        }
    }

    /** How long {@link Failure#TIMEOUT} stalls; 5 seconds by default. */
    public void setSlowDelay(Duration delay) {
        slowDelay = Objects.requireNonNull(delay, "delay");
    }

    /**
     * The buyer pays a pending payment with the success card {@code 5555555555554444}: it becomes {@code succeeded}
     * ({@code capture: true}) or {@code waiting_for_capture}, and the matching notification is sent.
     *
     * @throws IllegalArgumentException for an unknown payment
     * @throws IllegalStateException when the payment is not pending
     */
    public void pay(String paymentId) {
        Card card = FakeYooKassaCards.byNumber(FakeYooKassaCards.DEFAULT_NUMBER).orElseThrow();
        synchronized (lock) {
            expireOverdue();
            StoredPayment p = existingPayment(paymentId);
            YearMonth expiry = defaultExpiry();
            String event = markPaid(p, card, expiry);
            notifyChange(event, p.object);
        }
    }

    /**
     * The bank (or YooKassa) declines a pending payment: it becomes {@code canceled} with this reason, sent as
     * {@code payment.canceled}. The party is {@code yoo_money} for YooKassa's own reasons ({@code
     * expired_on_confirmation}, {@code country_forbidden}, {@code internal_timeout} and the like), {@code merchant} for
     * {@code canceled_by_merchant}, otherwise {@code payment_network}; the payment carries the §7 test card that
     * produces that decline, when there is one.
     *
     * @throws IllegalArgumentException for an unknown payment or a reason not in the contract's list
     * @throws IllegalStateException when the payment is not pending
     */
    public void decline(String paymentId, String reason) {
        if (!CANCELLATION_REASONS.contains(reason)) {
            throw new IllegalArgumentException("Unknown cancellation reason '" + reason + "'");
        }
        String party = partyOf(reason);
        synchronized (lock) {
            expireOverdue();
            StoredPayment p = existingPayment(paymentId);
            requireStatus(p, "pending");
            Card card = FakeYooKassaCards.declining(party, reason).orElse(null);
            cancelPayment(p, party, reason, card, null);
            notifyChange("payment.canceled", p.object);
        }
    }

    /**
     * Time runs out: a pending payment is canceled {@code yoo_money/expired_on_confirmation} (its token now makes the
     * widget report {@code token_expired}); a {@code waiting_for_capture} one is canceled {@code
     * yoo_money/expired_on_capture}. Sends {@code payment.canceled}.
     *
     * @throws IllegalStateException when the payment is already final
     */
    public void expire(String paymentId) {
        synchronized (lock) {
            expireOverdue();
            StoredPayment p = existingPayment(paymentId);
            String reason = switch (p.status()) {
                case "pending" -> "expired_on_confirmation";
                case "waiting_for_capture" -> "expired_on_capture";
                default ->
                    throw new IllegalStateException(
                            "Payment " + paymentId + " is " + p.status() + " and cannot expire");
            };
            cancelPayment(p, "yoo_money", reason, null, null);
            notifyChange("payment.canceled", p.object);
        }
    }

    /**
     * A refund made in the Merchant Profile: a {@code succeeded} refund of a succeeded payment, reflected in its
     * {@code refunded_amount}, and a {@code refund.succeeded} notification.
     *
     * @return the refund id
     * @throws IllegalArgumentException for an unknown payment or an amount that is not positive, has more than two
     *     decimals or exceeds what is left to refund
     * @throws IllegalStateException when the payment has not succeeded
     */
    public String refund(String paymentId, BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal value;
        try {
            value = amount.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("A refund amount has at most two decimals: " + amount, e);
        }
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("A refund amount must be positive: " + amount);
        }
        synchronized (lock) {
            expireOverdue();
            StoredPayment p = existingPayment(paymentId);
            requireStatus(p, "succeeded");
            if (value.compareTo(p.refundable()) > 0) {
                throw new IllegalArgumentException(
                        "Only " + p.refundable().toPlainString() + " is left to refund on " + paymentId);
            }
            StoredRefund refund = createRefund(p, value, null, null, false);
            notifyChange("refund.succeeded", refund.object);
            return refund.id();
        }
    }

    /**
     * While on, a refund created through the API is answered {@code pending} (its amount already taken from what is
     * left to refund), with no notification, until {@link #succeedRefund} or {@link #cancelRefund} ends it, as a bank
     * that takes its time would.
     */
    public void setRefundsPending(boolean pending) {
        refundsPending = pending;
    }

    /**
     * A pending refund succeeds: {@code refund.succeeded} is sent.
     *
     * @throws IllegalArgumentException for an unknown refund
     * @throws IllegalStateException when it is not pending
     */
    public void succeedRefund(String refundId) {
        synchronized (lock) {
            StoredRefund r = pendingRefund(refundId);
            r.object.put("status", "succeeded");
            notifyChange("refund.succeeded", r.object);
        }
    }

    /**
     * A pending refund is canceled ({@code cancellation_details} {@code yoo_money/general_decline}); its amount is
     * refundable again. No notification: the contract lists no {@code refund.canceled} event.
     *
     * @throws IllegalArgumentException for an unknown refund
     * @throws IllegalStateException when it is not pending
     */
    public void cancelRefund(String refundId) {
        synchronized (lock) {
            StoredRefund r = pendingRefund(refundId);
            r.object.put("status", "canceled");
            ObjectNode details = r.object.putObject("cancellation_details");
            details.put("party", "yoo_money");
            details.put("reason", "general_decline");
            StoredPayment p = payments.get(r.object.path("payment_id").asString());
            BigDecimal amount =
                    new BigDecimal(r.object.path("amount").path("value").asString());
            p.refunded = p.refunded.subtract(amount);
            p.object.set("refunded_amount", money(p.refunded, p.currency()));
            p.object.put("refundable", p.refundable().signum() > 0);
        }
    }

    private StoredRefund pendingRefund(String refundId) {
        StoredRefund r = refunds.get(refundId);
        if (r == null) {
            throw new IllegalArgumentException("No refund " + refundId);
        }
        if (!r.object.path("status").asString().equals("pending")) {
            throw new IllegalStateException(
                    "Refund " + refundId + " is " + r.object.path("status").asString());
        }
        return r;
    }

    /**
     * Sends one notification with the object as it is now (a payment, or a refund for a {@code refund.*} event), for
     * duplicate and out-of-order tests. Any event name is accepted, so unknown events can be tried too. It goes out even
     * while {@link #suppressWebhooks} is on, so a "lost" notification can be delivered late, and is redelivered like
     * any other.
     *
     * @throws IllegalArgumentException for an unknown id
     * @throws IllegalStateException when no webhook URL is set
     */
    public void sendNotification(String event, String paymentOrRefundId) {
        Objects.requireNonNull(event, "event");
        if (webhookUrl == null) {
            throw new IllegalStateException("No webhook URL is set");
        }
        ObjectNode object;
        synchronized (lock) {
            StoredPayment p = payments.get(paymentOrRefundId);
            StoredRefund r = refunds.get(paymentOrRefundId);
            if (event.startsWith("refund.") && r != null) {
                object = r.object;
            } else if (p != null) {
                object = p.object;
            } else if (r != null) {
                object = r.object;
            } else {
                throw new IllegalArgumentException("No payment or refund " + paymentOrRefundId);
            }
            deliverLater(event, object);
        }
    }

    /** While on, state changes still happen but no notification is sent (nor recorded): a lost webhook. */
    public void suppressWebhooks(boolean suppress) {
        webhooksSuppressed = suppress;
    }

    /** The payment as {@code GET /v3/payments/{id}} would show it now, or empty. A copy. */
    public Optional<ObjectNode> payment(String id) {
        synchronized (lock) {
            expireOverdue();
            return Optional.ofNullable(payments.get(id)).map(p -> p.object.deepCopy());
        }
    }

    /** All payments of all shops, oldest first. Copies. */
    public List<ObjectNode> payments() {
        synchronized (lock) {
            expireOverdue();
            return payments.values().stream().map(p -> p.object.deepCopy()).toList();
        }
    }

    /** Every API call received so far, oldest first; widget pages and the script are not API calls. */
    public List<FakeYooKassaCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Every notification delivery attempt so far, in the order they finished. */
    public List<FakeYooKassaDelivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    @Override
    public void close() {
        closed = true;
        expirySweeper.shutdownNow();
        http.stop();
        webhookExecutor.shutdownNow();
        webhookClient.shutdownNow();
    }

    // ---------------------------------------------------------------- model

    private record Shop(String id, String secret, String gatewayId) {}

    private static final class StoredPayment {
        final String shopId;
        final long sequence;
        final String token;
        final boolean capture;
        final boolean withReceipt;
        ObjectNode object;
        BigDecimal refunded = new BigDecimal("0.00");

        StoredPayment(
                String shopId, long sequence, String token, boolean capture, boolean withReceipt, ObjectNode object) {
            this.shopId = shopId;
            this.sequence = sequence;
            this.token = token;
            this.capture = capture;
            this.withReceipt = withReceipt;
            this.object = object;
        }

        String id() {
            return object.path("id").asString();
        }

        String status() {
            return object.path("status").asString();
        }

        BigDecimal amount() {
            return new BigDecimal(object.path("amount").path("value").asString());
        }

        String currency() {
            return object.path("amount").path("currency").asString();
        }

        BigDecimal refundable() {
            return amount().subtract(refunded);
        }

        Instant createdAt() {
            return Instant.parse(object.path("created_at").asString());
        }
    }

    private record StoredRefund(String shopId, ObjectNode object) {
        String id() {
            return object.path("id").asString();
        }
    }

    /** A reply to a POST, kept for the life of its idempotence key. */
    private record Remembered(String request, JsonNode body, Reply reply, Instant at) {}

    private record Reply(int status, String body, Map<String, String> headers) {
        Reply(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private record ApiRequest(
            String method, String path, Map<String, String> query, Map<String, String> headers, String body) {}

    private enum Endpoint {
        CREATE_PAYMENT(Operation.CREATE),
        LIST_PAYMENTS(Operation.GET),
        GET_PAYMENT(Operation.GET),
        CAPTURE(null),
        CANCEL(null),
        CREATE_REFUND(Operation.REFUND),
        GET_REFUND(Operation.GET),
        ME(null);

        final Operation operation;

        Endpoint(Operation operation) {
            this.operation = operation;
        }
    }

    private record Route(Endpoint endpoint, String id) {}

    /** An API error to answer with; thrown so that validation reads as a list of rules. */
    private static final class ApiError extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        final int status;
        final String code;
        final String parameter;

        ApiError(int status, String code, String description, String parameter) {
            super(description, null, false, false);
            this.status = status;
            this.code = code;
            this.parameter = parameter;
        }

        static ApiError invalid(String description, String parameter) {
            return new ApiError(400, "invalid_request", description, parameter);
        }
    }

    // ---------------------------------------------------------------- routing

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v3") || path.startsWith("/v3/")) {
                api(exchange);
            } else if (path.startsWith(WIDGET_BASE)) {
                try {
                    widget(exchange, path.substring(WIDGET_BASE.length()));
                } catch (IllegalArgumentException e) {
                    // A malformed %-escape in the query or form: a real server rejects it before looking further.
                    FakeHttp.send(exchange, 400, "text/plain; charset=utf-8", "Bad Request".getBytes(UTF_8));
                }
            } else {
                FakeHttp.send(exchange, 404, "text/plain; charset=utf-8", "Not Found".getBytes(UTF_8));
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
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        Map<String, String> query = Map.of();
        Reply reply;
        try {
            query = FakeHttp.parseUrlEncoded(uri.getRawQuery());
            reply = handle(new ApiRequest(method, uri.getPath(), query, headers, body));
        } catch (IllegalArgumentException e) {
            reply = error(400, "invalid_request", "Malformed query string", null);
        }
        if (reply == null) {
            return;
        }
        synchronized (calls) {
            calls.add(new FakeYooKassaCall(method, uri.getPath(), query, headers, body, reply.status(), reply.body()));
        }
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        if (reply.body().isEmpty()) {
            exchange.sendResponseHeaders(reply.status(), -1);
        } else {
            FakeHttp.send(
                    exchange,
                    reply.status(),
                    "application/json;charset=UTF-8",
                    reply.body().getBytes(UTF_8));
        }
    }

    /** The reply, or null when the fake closed while the call was stalled. */
    private Reply handle(ApiRequest r) {
        Map<String, Route> routes = routes(r.path());
        if (routes.isEmpty()) {
            return error(404, "not_found", "Unknown API method " + r.path(), null);
        }
        Route route = routes.get(r.method());
        if (route == null) {
            // 405 carries no error code (§4).
            return new Reply(405, "", Map.of("Allow", String.join(", ", new TreeSet<>(routes.keySet()))));
        }
        Failure failure = takeFailure(route.endpoint().operation);
        if (failure != null) {
            switch (failure) {
                case UNAUTHORIZED_401 -> {
                    return unauthorized();
                }
                case TOO_MANY_REQUESTS_429 -> {
                    ObjectNode body = errorBody(
                            "too_many_requests", "Too many requests at the same time. Please try again later", null);
                    body.put("retry_after", 1000);
                    return new Reply(429, body.toString());
                }
                case SERVER_ERROR_500_NOT_CREATED -> {
                    return internalError();
                }
                case TIMEOUT -> {
                    if (!sleep(slowDelay)) {
                        return null;
                    }
                }
                case SERVER_ERROR_500, PROCESSING_202 -> {
                    // Carried out below, answered afterwards.
                }
            }
        }
        Reply reply = authorizedCall(r, route);
        if (failure == Failure.SERVER_ERROR_500) {
            return internalError();
        }
        if (failure == Failure.PROCESSING_202) {
            ObjectNode body = JSON.createObjectNode();
            body.put("type", "processing");
            body.put(
                    "description",
                    "Request accepted, but not processed yet. Retry again with the same Idempotence-Key");
            body.put("retry_after", 1800);
            return new Reply(202, body.toString());
        }
        return reply;
    }

    private static Map<String, Route> routes(String path) {
        String[] s = path.substring(1).split("/", -1);
        String resource = s.length > 1 ? s[1] : "";
        String id = s.length > 2 && !s[2].isEmpty() ? s[2] : null;
        if (resource.equals("payments")) {
            if (s.length == 2) {
                return Map.of(
                        "GET",
                        new Route(Endpoint.LIST_PAYMENTS, null),
                        "POST",
                        new Route(Endpoint.CREATE_PAYMENT, null));
            }
            if (s.length == 3 && id != null) {
                return Map.of("GET", new Route(Endpoint.GET_PAYMENT, id));
            }
            if (s.length == 4 && id != null && s[3].equals("capture")) {
                return Map.of("POST", new Route(Endpoint.CAPTURE, id));
            }
            if (s.length == 4 && id != null && s[3].equals("cancel")) {
                return Map.of("POST", new Route(Endpoint.CANCEL, id));
            }
        } else if (resource.equals("refunds")) {
            if (s.length == 2) {
                return Map.of("POST", new Route(Endpoint.CREATE_REFUND, null));
            }
            if (s.length == 3 && id != null) {
                return Map.of("GET", new Route(Endpoint.GET_REFUND, id));
            }
        } else if (resource.equals("me") && s.length == 2) {
            return Map.of("GET", new Route(Endpoint.ME, null));
        }
        return Map.of();
    }

    private Failure takeFailure(Operation op) {
        if (op == null) {
            return null;
        }
        synchronized (lock) {
            return pendingFailures.get(op).poll();
        }
    }

    private Reply authorizedCall(ApiRequest r, Route route) {
        Shop shop = authenticate(r.headers());
        if (shop == null) {
            return unauthorized();
        }
        if (r.method().equals("GET")) {
            synchronized (lock) {
                expireOverdue();
                return run(shop, route, r, null);
            }
        }
        if (!isJson(r.headers().get("content-type"))) {
            return new Reply(415, "");
        }
        String key = r.headers().get("idempotence-key");
        if (key == null || key.isBlank()) {
            return error(400, "invalid_request", "Idempotence-Key header is missing", "Idempotence-Key");
        }
        if (key.length() > 64) {
            return error(
                    400,
                    "invalid_request",
                    "Idempotence key is too long. Specify a key no longer than 64 characters",
                    "Idempotence-Key");
        }
        if (!IDEMPOTENCE_KEY.matcher(key).matches()) {
            return error(400, "invalid_request", "Idempotence key contains invalid characters", "Idempotence-Key");
        }
        JsonNode tree = parse(r.body());
        // An unparsable body still has an identity: the same garbage repeated is the same request.
        JsonNode fingerprint = tree != null ? tree : JSON.getNodeFactory().stringNode(r.body());
        String request = r.method() + " " + r.path();
        Instant now = now();
        synchronized (lock) {
            expireOverdue();
            String slot = shop.id() + "\n" + key;
            Remembered seen = idempotence.get(slot);
            if (seen != null && seen.at().plus(IDEMPOTENCE_WINDOW).isBefore(now)) {
                idempotence.remove(slot);
                seen = null;
            }
            if (seen != null) {
                if (seen.request().equals(request) && seen.body().equals(fingerprint)) {
                    return seen.reply();
                }
                return error(400, "invalid_request", "Idempotence key duplicated", "Idempotence-Key");
            }
            Reply reply = run(shop, route, r, tree);
            // 429, 500 and 202 mean "try again with the same key", so only definite answers are remembered.
            if (reply.status() == 200 || (reply.status() >= 400 && reply.status() < 500)) {
                idempotence.put(slot, new Remembered(request, fingerprint, reply, now));
            }
            return reply;
        }
    }

    /** Runs one endpoint; the caller holds the lock. {@code body} is null for a GET or an unparsable body. */
    private Reply run(Shop shop, Route route, ApiRequest r, JsonNode body) {
        try {
            if (!r.method().equals("GET") && body == null) {
                throw ApiError.invalid("Request body is not valid JSON", null);
            }
            ObjectNode result = switch (route.endpoint()) {
                case CREATE_PAYMENT -> createPayment(shop, body);
                case LIST_PAYMENTS -> listPayments(shop, r.query());
                case GET_PAYMENT -> paymentOf(shop, route.id()).object.deepCopy();
                case CAPTURE -> capture(shop, route.id(), body);
                case CANCEL -> cancelByMerchant(shop, route.id(), body);
                case CREATE_REFUND -> createRefund(shop, body);
                case GET_REFUND -> refundOf(shop, route.id());
                case ME -> me(shop);
            };
            return new Reply(200, result.toString());
        } catch (ApiError e) {
            return error(e.status, e.code, e.getMessage(), e.parameter);
        }
    }

    private Shop authenticate(Map<String, String> headers) {
        String header = headers.get("authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Shop shop = shops.get(pair.substring(0, colon));
        boolean secretMatches = shop != null
                && MessageDigest.isEqual(
                        shop.secret().getBytes(UTF_8), pair.substring(colon + 1).getBytes(UTF_8));
        return secretMatches ? shop : null;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            // Capture and cancel are commonly sent with no body at all.
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Reply unauthorized() {
        return error(401, "invalid_credentials", BAD_CREDENTIALS, "Authorization");
    }

    private static Reply internalError() {
        return error(500, "internal_server_error", "Internal server error. Repeat the request later", null);
    }

    private static Reply error(int status, String code, String description, String parameter) {
        return new Reply(status, errorBody(code, description, parameter).toString());
    }

    private static ObjectNode errorBody(String code, String description, String parameter) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "error");
        body.put("id", UUID.randomUUID().toString());
        body.put("code", code);
        body.put("description", description);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        return body;
    }

    // ---------------------------------------------------------------- payments

    private ObjectNode createPayment(Shop shop, JsonNode body) throws ApiError {
        ObjectNode req = requireObject(body, null);
        JsonNode amountNode = req.get("amount");
        if (amountNode == null || amountNode.isNull()) {
            throw ApiError.invalid("Missing required parameter amount", "amount");
        }
        BigDecimal amount = amount(amountNode, "amount", CARD_LIMIT, false);
        String currency = amountNode.path("currency").asString();
        if (!currency.equals("RUB")) {
            throw ApiError.invalid(
                    "Currency " + currency + " is not available for the shop; use RUB", "amount.currency");
        }
        boolean capture = optionalBoolean(req, "capture");
        JsonNode confirmation = req.get("confirmation");
        if (confirmation == null || !confirmation.isObject()) {
            throw ApiError.invalid("Missing required parameter confirmation", "confirmation");
        }
        JsonNode type = confirmation.get("type");
        if (type == null || !type.isString()) {
            throw ApiError.invalid("Missing required parameter confirmation.type", "confirmation.type");
        }
        if (!type.asString().equals("embedded")) {
            throw ApiError.invalid(
                    "Confirmation type " + type.asString() + " is not supported here; use embedded",
                    "confirmation.type");
        }
        JsonNode locale = confirmation.get("locale");
        if (locale != null
                && !(locale.isString()
                        && (locale.asString().equals("ru_RU")
                                || locale.asString().equals("en_US")))) {
            throw ApiError.invalid("Invalid locale; use ru_RU or en_US", "confirmation.locale");
        }
        for (String field : NOT_WITH_EMBEDDED) {
            if (req.has(field)) {
                throw ApiError.invalid(
                        "Parameter " + field + " can't be used with the embedded confirmation type", field);
            }
        }
        String description = optionalString(req, "description", 128);
        ObjectNode metadata = metadata(req.get("metadata"));
        String customer = optionalString(req, "merchant_customer_id", 200);
        if (optionalBoolean(req, "save_payment_method")) {
            throw new ApiError(
                    403,
                    "forbidden",
                    "Saving payment methods is not available for the shop. Contact your YooKassa manager",
                    "save_payment_method");
        }
        boolean withReceipt = fiscalization;
        if (withReceipt) {
            receipt(req.get("receipt"), amount);
        }

        String id = newPaymentId();
        String token = "ct-" + newId("000f-5000-9000");
        ObjectNode p = JSON.createObjectNode();
        p.put("id", id);
        p.put("status", "pending");
        p.put("paid", false);
        p.set("amount", money(amount, currency));
        ObjectNode embedded = p.putObject("confirmation");
        embedded.put("type", "embedded");
        embedded.put("confirmation_token", token);
        p.put("created_at", timestamp(now()));
        if (description != null) {
            p.put("description", description);
        }
        p.set("metadata", metadata != null ? metadata : JSON.createObjectNode());
        ObjectNode recipient = p.putObject("recipient");
        recipient.put("account_id", shop.id());
        recipient.put("gateway_id", shop.gatewayId());
        p.put("refundable", false);
        p.put("test", true);
        if (withReceipt) {
            p.put("receipt_registration", "pending");
        }
        if (customer != null) {
            p.put("merchant_customer_id", customer);
        }
        StoredPayment stored = new StoredPayment(shop.id(), ++sequence, token, capture, withReceipt, ordered(p));
        payments.put(id, stored);
        paymentsByToken.put(token, stored);
        unfinished.put(id, stored);
        return stored.object.deepCopy();
    }

    private ObjectNode listPayments(Shop shop, Map<String, String> query) throws ApiError {
        String status = query.get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiError.invalid("Invalid status; use pending, waiting_for_capture, succeeded or canceled", "status");
        }
        int limit = DEFAULT_LIST_LIMIT;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100) {
                throw ApiError.invalid("Invalid limit; specify a number from 1 to 100", "limit");
            }
        }
        long before = Long.MAX_VALUE;
        if (query.containsKey("cursor")) {
            try {
                before = Long.parseLong(new String(Base64.getUrlDecoder().decode(query.get("cursor")), UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("Invalid cursor", "cursor");
            }
        }
        Instant gte = instantParam(query, "created_at.gte");
        Instant gt = instantParam(query, "created_at.gt");
        Instant lte = instantParam(query, "created_at.lte");
        Instant lt = instantParam(query, "created_at.lt");
        long cursor = before;
        List<StoredPayment> matching = payments.values().stream()
                .filter(p -> p.shopId.equals(shop.id()))
                .filter(p -> p.sequence < cursor)
                .filter(p -> status == null || p.status().equals(status))
                .filter(p -> gte == null || !p.createdAt().isBefore(gte))
                .filter(p -> gt == null || p.createdAt().isAfter(gt))
                .filter(p -> lte == null || !p.createdAt().isAfter(lte))
                .filter(p -> lt == null || p.createdAt().isBefore(lt))
                .sorted(Comparator.comparingLong((StoredPayment p) -> p.sequence)
                        .reversed())
                .toList();
        ObjectNode list = JSON.createObjectNode();
        list.put("type", "list");
        ArrayNode items = list.putArray("items");
        matching.stream().limit(limit).forEach(p -> items.add(p.object.deepCopy()));
        if (matching.size() > limit) {
            long last = matching.get(limit - 1).sequence;
            list.put(
                    "next_cursor",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(String.valueOf(last).getBytes(UTF_8)));
        }
        return list;
    }

    private static Instant instantParam(Map<String, String> query, String name) throws ApiError {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid("Invalid date; use ISO 8601, e.g. 2018-07-18T10:51:18.139Z", name);
        }
    }

    private ObjectNode capture(Shop shop, String id, JsonNode body) throws ApiError {
        ObjectNode req = requireObject(body, null);
        StoredPayment p = paymentOf(shop, id);
        BigDecimal amount = p.amount();
        JsonNode amountNode = req.get("amount");
        if (amountNode != null && !amountNode.isNull()) {
            amount = amount(amountNode, "amount", p.amount(), false);
            if (!amountNode.path("currency").asString().equals(p.currency())) {
                throw ApiError.invalid("The currency must match the payment's", "amount.currency");
            }
        }
        if (!p.status().equals("waiting_for_capture")) {
            throw ApiError.invalid(
                    "Payment is in status " + p.status() + ". Only a payment in waiting_for_capture can be captured",
                    null);
        }
        succeed(p, amount);
        notifyChange("payment.succeeded", p.object);
        return p.object.deepCopy();
    }

    private ObjectNode cancelByMerchant(Shop shop, String id, JsonNode body) throws ApiError {
        requireObject(body, null);
        StoredPayment p = paymentOf(shop, id);
        if (!p.status().equals("waiting_for_capture")) {
            throw ApiError.invalid(
                    "Payment is in status " + p.status() + ". Only a payment in waiting_for_capture can be canceled",
                    null);
        }
        cancelPayment(p, "merchant", "canceled_by_merchant", null, null);
        notifyChange("payment.canceled", p.object);
        return p.object.deepCopy();
    }

    private StoredPayment paymentOf(Shop shop, String id) throws ApiError {
        StoredPayment p = payments.get(id);
        if (p == null || !p.shopId.equals(shop.id())) {
            throw new ApiError(
                    404,
                    "not_found",
                    "Incorrect payment_id. Payment doesn't exist or access denied. Specify the payment ID created in"
                            + " your store",
                    "payment_id");
        }
        return p;
    }

    private ObjectNode me(Shop shop) {
        ObjectNode me = JSON.createObjectNode();
        me.put("account_id", shop.id());
        me.put("test", true);
        ObjectNode fiscal = me.putObject("fiscalization");
        fiscal.put("enabled", fiscalization);
        if (fiscalization) {
            fiscal.put("provider", "avanpost");
        }
        me.put("fiscalization_enabled", fiscalization);
        ArrayNode methods = me.putArray("payment_methods");
        methods.add("bank_card");
        methods.add("yoo_money");
        me.put("status", "enabled");
        return me;
    }

    // ---------------------------------------------------------------- state machine

    private void sweepExpired() {
        try {
            synchronized (lock) {
                expireOverdue();
            }
        } catch (RuntimeException e) {
            // A bug here must not stop the sweeps that follow.
            e.printStackTrace();
        }
    }

    /**
     * Cancels what YooKassa would have canceled by now: pending payments an hour old (their token is spent with them)
     * and two-stage payments past their {@code expires_at}; the caller holds the lock.
     */
    private void expireOverdue() {
        Instant now = now();
        for (var open = unfinished.values().iterator(); open.hasNext(); ) {
            StoredPayment p = open.next();
            String reason = switch (p.status()) {
                case "pending" ->
                    p.createdAt().plus(CONFIRMATION_WINDOW).isAfter(now) ? null : "expired_on_confirmation";
                case "waiting_for_capture" ->
                    Instant.parse(p.object.path("expires_at").asString()).isAfter(now) ? null : "expired_on_capture";
                default -> null;
            };
            if (reason != null) {
                cancelPayment(p, "yoo_money", reason, null, null);
                notifyChange("payment.canceled", p.object);
            }
            if (!p.status().equals("pending") && !p.status().equals("waiting_for_capture")) {
                // Succeeded or canceled, which is final: time changes nothing more.
                open.remove();
            }
        }
    }

    private StoredPayment existingPayment(String id) {
        StoredPayment p = payments.get(id);
        if (p == null) {
            throw new IllegalArgumentException("No payment " + id);
        }
        return p;
    }

    private static void requireStatus(StoredPayment p, String status) {
        if (!p.status().equals(status)) {
            throw new IllegalStateException("Payment " + p.id() + " is " + p.status() + ", not " + status);
        }
    }

    /** pending → succeeded or waiting_for_capture; returns the event to send. */
    private String markPaid(StoredPayment p, Card card, YearMonth expiry) {
        requireStatus(p, "pending");
        ObjectNode o = p.object;
        // The token is single-use: once the buyer has paid, nothing awaits them any more.
        o.remove("confirmation");
        o.put("paid", true);
        o.set("payment_method", bankCard(p.id(), card, expiry));
        o.set("authorization_details", authorizationDetails(card));
        if (p.capture) {
            succeed(p, p.amount());
            return "payment.succeeded";
        }
        o.put("status", "waiting_for_capture");
        o.put("expires_at", timestamp(now().plus(CAPTURE_WINDOW)));
        p.object = ordered(o);
        return "payment.waiting_for_capture";
    }

    private void succeed(StoredPayment p, BigDecimal captured) {
        ObjectNode o = p.object;
        String currency = p.currency();
        o.put("status", "succeeded");
        o.put("paid", true);
        o.remove("confirmation");
        o.remove("expires_at");
        o.set("amount", money(captured, currency));
        BigDecimal fee = captured.multiply(FEE_RATE).setScale(2, RoundingMode.HALF_UP);
        o.set("income_amount", money(captured.subtract(fee), currency));
        o.put("captured_at", timestamp(now()));
        o.put("refundable", true);
        o.set("refunded_amount", money(BigDecimal.ZERO, currency));
        if (p.withReceipt) {
            o.put("receipt_registration", "succeeded");
        }
        p.object = ordered(o);
    }

    private void cancelPayment(StoredPayment p, String party, String reason, Card card, YearMonth expiry) {
        ObjectNode o = p.object;
        o.put("status", "canceled");
        o.put("paid", false);
        o.put("refundable", false);
        o.remove("confirmation");
        o.remove("expires_at");
        if (card != null && !o.has("payment_method")) {
            o.set("payment_method", bankCard(p.id(), card, expiry != null ? expiry : defaultExpiry()));
        }
        if (p.withReceipt) {
            o.put("receipt_registration", "canceled");
        }
        ObjectNode details = JSON.createObjectNode();
        details.put("party", party);
        details.put("reason", reason);
        o.set("cancellation_details", details);
        p.object = ordered(o);
    }

    private static String partyOf(String reason) {
        if (reason.equals("canceled_by_merchant")) {
            return "merchant";
        }
        return YOO_MONEY_REASONS.contains(reason) ? "yoo_money" : "payment_network";
    }

    private static ObjectNode bankCard(String paymentId, Card card, YearMonth expiry) {
        ObjectNode method = JSON.createObjectNode();
        method.put("type", "bank_card");
        // YooKassa gives a one-off card payment method the payment's own id.
        method.put("id", paymentId);
        method.put("saved", false);
        method.put("title", "Bank card *" + card.last4());
        ObjectNode details = method.putObject("card");
        details.put("first6", card.first6());
        details.put("last4", card.last4());
        details.put("expiry_month", String.format(Locale.ROOT, "%02d", expiry.getMonthValue()));
        details.put("expiry_year", String.valueOf(expiry.getYear()));
        details.put("card_type", card.cardType());
        details.put("issuer_country", "RU");
        return method;
    }

    private static ObjectNode authorizationDetails(Card card) {
        ObjectNode details = JSON.createObjectNode();
        details.put("rrn", digits(12));
        details.put("auth_code", digits(6));
        details.putObject("three_d_secure").put("applied", card.threeDSecure());
        return details;
    }

    private static YearMonth defaultExpiry() {
        return YearMonth.now(ZoneOffset.UTC).plusYears(3).withMonth(12);
    }

    // ---------------------------------------------------------------- refunds

    private ObjectNode createRefund(Shop shop, JsonNode body) throws ApiError {
        ObjectNode req = requireObject(body, null);
        JsonNode paymentId = req.get("payment_id");
        if (paymentId == null || !paymentId.isString() || paymentId.asString().isEmpty()) {
            throw ApiError.invalid("Missing required parameter payment_id", "payment_id");
        }
        JsonNode amountNode = req.get("amount");
        if (amountNode == null || amountNode.isNull()) {
            throw ApiError.invalid("Missing required parameter amount", "amount");
        }
        BigDecimal amount = amount(amountNode, "amount", null, false);
        String description = optionalString(req, "description", 250);
        ObjectNode metadata = metadata(req.get("metadata"));
        StoredPayment p = paymentOf(shop, paymentId.asString());
        if (!amountNode.path("currency").asString().equals(p.currency())) {
            throw ApiError.invalid("The refund currency must match the payment's", "amount.currency");
        }
        if (!p.status().equals("succeeded")) {
            throw ApiError.invalid(
                    "Payment is in status " + p.status() + ". Only a succeeded payment can be refunded", "payment_id");
        }
        if (amount.compareTo(p.refundable()) > 0) {
            throw ApiError.invalid(
                    "The refund amount exceeds the amount available for refund: "
                            + p.refundable().toPlainString(),
                    "amount.value");
        }
        boolean withReceipt = fiscalization;
        if (withReceipt) {
            receipt(req.get("receipt"), amount);
        }
        StoredRefund refund = createRefund(p, amount, description, metadata, withReceipt);
        if (refundsPending) {
            refund.object.put("status", "pending");
        } else {
            notifyChange("refund.succeeded", refund.object);
        }
        return refund.object.deepCopy();
    }

    private StoredRefund createRefund(
            StoredPayment p, BigDecimal amount, String description, ObjectNode metadata, boolean withReceipt) {
        ObjectNode r = JSON.createObjectNode();
        String id;
        do {
            id = newId("0015-5000-8000");
        } while (refunds.containsKey(id) || payments.containsKey(id));
        r.put("id", id);
        r.put("payment_id", p.id());
        r.put("status", "succeeded");
        r.set("amount", money(amount, p.currency()));
        r.put("created_at", timestamp(now()));
        if (description != null) {
            r.put("description", description);
        }
        if (metadata != null) {
            r.set("metadata", metadata);
        }
        if (withReceipt) {
            r.put("receipt_registration", "succeeded");
        }
        StoredRefund refund = new StoredRefund(p.shopId, r);
        refunds.put(id, refund);
        p.refunded = p.refunded.add(amount);
        p.object.set("refunded_amount", money(p.refunded, p.currency()));
        p.object.put("refundable", p.refundable().signum() > 0);
        p.object = ordered(p.object);
        return refund;
    }

    private ObjectNode refundOf(Shop shop, String id) throws ApiError {
        StoredRefund r = refunds.get(id);
        if (r == null || !r.shopId().equals(shop.id())) {
            throw new ApiError(
                    404, "not_found", "Incorrect refund_id. Refund doesn't exist or access denied", "refund_id");
        }
        return r.object().deepCopy();
    }

    // ---------------------------------------------------------------- validation

    private static ObjectNode requireObject(JsonNode body, String parameter) throws ApiError {
        if (body == null || !body.isObject()) {
            throw ApiError.invalid(
                    parameter == null ? "The request body must be a JSON object" : parameter + " must be an object",
                    parameter);
        }
        return (ObjectNode) body;
    }

    /** The amount's value after checking format, sign and limit; the currency is checked to be a known code. */
    private static BigDecimal amount(JsonNode node, String parameter, BigDecimal max, boolean zeroAllowed)
            throws ApiError {
        if (!node.isObject()) {
            throw ApiError.invalid(AMOUNT_ERROR, parameter);
        }
        JsonNode value = node.get("value");
        // A number is refused as well: "500.0" and 500.0 are the classic serializer mistakes the contract warns of.
        if (value == null
                || !value.isString()
                || !AMOUNT.matcher(value.asString()).matches()) {
            throw ApiError.invalid(AMOUNT_ERROR, parameter + ".value");
        }
        BigDecimal amount = new BigDecimal(value.asString());
        if (amount.signum() < 0 || (amount.signum() == 0 && !zeroAllowed)) {
            throw ApiError.invalid(
                    "Error in the payment amount. The amount must be greater than 0", parameter + ".value");
        }
        if (max != null && amount.compareTo(max) > 0) {
            throw ApiError.invalid(
                    "Error in the payment amount. The amount exceeds the limit of " + max.toPlainString(),
                    parameter + ".value");
        }
        JsonNode currency = node.get("currency");
        if (currency == null || !currency.isString()) {
            throw ApiError.invalid("Missing required parameter " + parameter + ".currency", parameter + ".currency");
        }
        if (!CURRENCIES.contains(currency.asString())) {
            throw ApiError.invalid("Invalid currency code " + currency.asString(), parameter + ".currency");
        }
        return amount;
    }

    private static boolean optionalBoolean(ObjectNode req, String name) throws ApiError {
        JsonNode node = req.get(name);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiError.invalid("Invalid value of " + name + "; use true or false", name);
        }
        return node.asBoolean();
    }

    private static String optionalString(ObjectNode req, String name, int maxLength) throws ApiError {
        JsonNode node = req.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiError.invalid("Invalid value of " + name + "; it must be a string", name);
        }
        String value = node.asString();
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw ApiError.invalid(
                    "Invalid value of " + name + ". It must be no longer than " + maxLength + " characters", name);
        }
        return value;
    }

    private static ObjectNode metadata(JsonNode node) throws ApiError {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiError.invalid("Invalid metadata. It must be an object of string values", "metadata");
        }
        if (node.size() > 16) {
            throw ApiError.invalid("Invalid metadata. It can have no more than 16 keys", "metadata");
        }
        ObjectNode copy = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.length() > 32) {
                throw ApiError.invalid("Invalid metadata. Key " + key + " is longer than 32 characters", "metadata");
            }
            if (!value.isString()) {
                throw ApiError.invalid("Invalid metadata. The value of " + key + " must be a string", "metadata");
            }
            if (value.asString().length() > 512) {
                throw ApiError.invalid(
                        "Invalid metadata. The value of " + key + " is longer than 512 characters", "metadata");
            }
            copy.put(key, value.asString());
        }
        return copy;
    }

    /** Checks a 54-FZ receipt (§2.4) whose items must add up to {@code total}. */
    private static void receipt(JsonNode receipt, BigDecimal total) throws ApiError {
        if (receipt == null || !receipt.isObject()) {
            throw ApiError.invalid(RECEIPT_ERROR, "receipt");
        }
        JsonNode customer = receipt.get("customer");
        if (customer == null || !customer.isObject()) {
            throw ApiError.invalid(RECEIPT_ERROR, "receipt.customer");
        }
        JsonNode email = customer.get("email");
        JsonNode phone = customer.get("phone");
        if (email == null && phone == null) {
            throw ApiError.invalid("Specify the customer's email or phone for the receipt", "receipt.customer");
        }
        if (email != null && !(email.isString() && email.asString().matches("[^@\\s]+@[^@\\s]+"))) {
            throw ApiError.invalid("Invalid email for the receipt", "receipt.customer.email");
        }
        if (phone != null
                && !(phone.isString() && PHONE.matcher(phone.asString()).matches())) {
            throw ApiError.invalid(
                    "Invalid phone for the receipt. Specify it in the ITU-T E.164 format, e.g. 79000000000",
                    "receipt.customer.phone");
        }
        JsonNode items = receipt.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw ApiError.invalid(RECEIPT_ERROR, "receipt.items");
        }
        if (items.size() > 100) {
            throw ApiError.invalid("A receipt can have no more than 100 items", "receipt.items");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw ApiError.invalid(RECEIPT_ERROR, "receipt.items");
            }
            JsonNode description = item.get("description");
            if (description == null
                    || !description.isString()
                    || description.asString().isEmpty()
                    || description.asString().length() > 128) {
                throw ApiError.invalid(
                        "Specify the item description, 1 to 128 characters", "receipt.items.description");
            }
            BigDecimal quantity = quantity(item.get("quantity"));
            JsonNode amountNode = item.get("amount");
            if (amountNode == null) {
                throw ApiError.invalid("Missing required parameter amount", "receipt.items.amount");
            }
            BigDecimal price = amount(amountNode, "receipt.items.amount", null, true);
            JsonNode vat = item.get("vat_code");
            if (vat == null || !vat.isIntegralNumber() || vat.asInt() < 1 || vat.asInt() > 12) {
                throw ApiError.invalid("Invalid vat_code; specify a number from 1 to 12", "receipt.items.vat_code");
            }
            enumValue(item, "payment_subject", PAYMENT_SUBJECTS);
            enumValue(item, "payment_mode", PAYMENT_MODES);
            sum = sum.add(price.multiply(quantity));
        }
        JsonNode taxSystem = receipt.get("tax_system_code");
        if (taxSystem != null && (!taxSystem.isIntegralNumber() || taxSystem.asInt() < 1 || taxSystem.asInt() > 6)) {
            throw ApiError.invalid("Invalid tax_system_code; specify a number from 1 to 6", "receipt.tax_system_code");
        }
        BigDecimal rounded = sum.setScale(2, RoundingMode.HALF_UP);
        if (rounded.compareTo(total) != 0) {
            throw ApiError.invalid(
                    "The sum of the receipt items (" + rounded.toPlainString() + ") doesn't match the amount ("
                            + total.toPlainString() + ")",
                    "receipt");
        }
    }

    private static BigDecimal quantity(JsonNode node) throws ApiError {
        BigDecimal quantity = null;
        if (node != null && node.isNumber()) {
            quantity = node.decimalValue();
        } else if (node != null && node.isString()) {
            try {
                quantity = new BigDecimal(node.asString());
            } catch (NumberFormatException e) {
                quantity = null;
            }
        }
        if (quantity == null
                || quantity.signum() <= 0
                || quantity.compareTo(QUANTITY_LIMIT) > 0
                || quantity.stripTrailingZeros().scale() > 3) {
            throw ApiError.invalid(
                    "Invalid quantity; specify a positive number up to 99999.999 with at most 3 decimals",
                    "receipt.items.quantity");
        }
        return quantity;
    }

    private static void enumValue(JsonNode item, String name, Set<String> allowed) throws ApiError {
        JsonNode node = item.get(name);
        if (node != null && !(node.isString() && allowed.contains(node.asString()))) {
            throw ApiError.invalid("Invalid value of " + name, "receipt.items." + name);
        }
    }

    // ---------------------------------------------------------------- notifications

    /** Sends a notification about a state change unless they are suppressed; the caller holds the lock. */
    private void notifyChange(String event, ObjectNode object) {
        if (webhooksSuppressed || webhookUrl == null) {
            return;
        }
        deliverLater(event, object);
    }

    private void deliverLater(String event, ObjectNode object) {
        ObjectNode notification = JSON.createObjectNode();
        notification.put("type", "notification");
        notification.put("event", event);
        // A snapshot: the object as of this moment, whatever happens to it before delivery.
        notification.set("object", object.deepCopy());
        String body = notification.toString();
        String objectId = object.path("id").asString();
        if (closed) {
            return;
        }
        try {
            webhookExecutor.execute(() -> deliver(event, objectId, body));
        } catch (RejectedExecutionException e) {
            // Closing: nothing is delivered any more.
        }
    }

    private void deliver(String event, String objectId, String body) {
        int tries = maxTries;
        for (int attempt = 1; attempt <= tries; attempt++) {
            URI url = webhookUrl;
            if (url == null || closed) {
                return;
            }
            int status;
            try {
                HttpRequest request = HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8))
                        .build();
                status = webhookClient
                        .send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException | IllegalArgumentException e) {
                status = -1;
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            synchronized (deliveries) {
                deliveries.add(new FakeYooKassaDelivery(event, objectId, attempt, status, Instant.now(), body));
            }
            if (status == 200 || attempt == tries || !sleep(retryInterval)) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- widget

    private void widget(HttpExchange exchange, String page) throws IOException {
        String method = exchange.getRequestMethod();
        switch (page) {
            case "checkout-widget.js" -> {
                if (!method.equals("GET")) {
                    FakeHttp.methodNotAllowed(exchange, "GET");
                    return;
                }
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                FakeHttp.send(
                        exchange,
                        200,
                        "application/javascript; charset=utf-8",
                        FakeYooKassaWidget.script(http.baseUri()).getBytes(UTF_8));
            }
            case "form" -> {
                if (!method.equals("GET")) {
                    FakeHttp.methodNotAllowed(exchange, "GET");
                    return;
                }
                form(exchange, FakeHttp.parseUrlEncoded(exchange.getRequestURI().getRawQuery()));
            }
            case "pay" -> {
                if (!method.equals("POST")) {
                    FakeHttp.methodNotAllowed(exchange, "POST");
                    return;
                }
                String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
                submit(exchange, FakeHttp.parseUrlEncoded(body));
            }
            case "result" -> {
                if (!method.equals("GET")) {
                    FakeHttp.methodNotAllowed(exchange, "GET");
                    return;
                }
                result(
                        exchange,
                        FakeHttp.parseUrlEncoded(exchange.getRequestURI().getRawQuery()));
            }
            default -> FakeHttp.send(exchange, 404, "text/plain; charset=utf-8", "Not Found".getBytes(UTF_8));
        }
    }

    private void form(HttpExchange exchange, Map<String, String> query) throws IOException {
        String token = query.getOrDefault("token", "");
        String color = FakeYooKassaWidget.color(query.get("color"));
        synchronized (lock) {
            expireOverdue();
            if (initProblem(exchange, token, color)) {
                return;
            }
            StoredPayment p = paymentsByToken.get(token);
            YearMonth expiry = defaultExpiry();
            FakeHttp.html(
                    exchange,
                    200,
                    FakeYooKassaWidget.form(
                            checkout(p, color),
                            FakeYooKassaCards.DEFAULT_NUMBER,
                            FakeYooKassaWidget.expiryText(expiry),
                            "123",
                            null));
        }
    }

    private void submit(HttpExchange exchange, Map<String, String> form) throws IOException {
        String token = form.getOrDefault("token", "");
        String color = FakeYooKassaWidget.color(form.get("color"));
        String rawNumber = form.getOrDefault("card_number", "");
        String rawExpiry = form.getOrDefault("expiry", "");
        String rawCvc = form.getOrDefault("cvc", "");
        synchronized (lock) {
            expireOverdue();
            if (initProblem(exchange, token, color)) {
                return;
            }
            StoredPayment p = paymentsByToken.get(token);
            String number = rawNumber.replaceAll("[\\s-]", "");
            YearMonth expiry = parseExpiry(rawExpiry);
            String problem = null;
            Card card = null;
            if (!number.matches("\\d{12,19}")) {
                problem = "Введите номер карты: от 12 до 19 цифр.";
            } else if ((card = FakeYooKassaCards.byNumber(number).orElse(null)) == null) {
                problem = "Это не тестовая карта. В тестовом магазине работают только карты из списка ниже.";
            } else if (expiry == null || expiry.isBefore(YearMonth.now(ZoneOffset.UTC))) {
                problem = "Срок действия указан неверно или уже прошёл: нужен месяц и год в будущем, ММ/ГГ.";
            } else if (!rawCvc.strip().matches("\\d{3}")) {
                problem = "CVC — три цифры с обратной стороны карты.";
            }
            if (problem != null) {
                FakeHttp.html(
                        exchange,
                        400,
                        FakeYooKassaWidget.form(checkout(p, color), rawNumber, rawExpiry, rawCvc, problem));
                return;
            }
            if (card.succeeds()) {
                String event = markPaid(p, card, expiry);
                notifyChange(event, p.object);
            } else {
                cancelPayment(p, card.party(), card.reason(), card, expiry);
                notifyChange("payment.canceled", p.object);
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token", token);
        params.put("color", color);
        // Post/redirect/get: reloading the result screen must not pay twice.
        FakeHttp.redirect(exchange, FakeHttp.withQuery("result", params));
    }

    private void result(HttpExchange exchange, Map<String, String> query) throws IOException {
        String token = query.getOrDefault("token", "");
        String color = FakeYooKassaWidget.color(query.get("color"));
        synchronized (lock) {
            expireOverdue();
            StoredPayment p = paymentsByToken.get(token);
            if (p == null) {
                initProblem(exchange, token, color);
                return;
            }
            switch (p.status()) {
                case "succeeded", "waiting_for_capture" ->
                    FakeHttp.html(exchange, 200, FakeYooKassaWidget.result(checkout(p, color), null));
                case "canceled" ->
                    FakeHttp.html(
                            exchange,
                            200,
                            FakeYooKassaWidget.result(
                                    checkout(p, color),
                                    p.object
                                            .path("cancellation_details")
                                            .path("reason")
                                            .asString()));
                default -> {
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put("token", token);
                    params.put("color", color);
                    FakeHttp.redirect(exchange, FakeHttp.withQuery("form", params));
                }
            }
        }
    }

    /** Answers the widget's initialisation error page and returns true when the token cannot be paid with. */
    private boolean initProblem(HttpExchange exchange, String token, String color) throws IOException {
        String code;
        int status;
        StoredPayment p = token.isEmpty() ? null : paymentsByToken.get(token);
        if (token.isEmpty()) {
            code = "token_required";
            status = 400;
        } else if (p == null) {
            code = "invalid_token";
            status = 404;
        } else if (!p.status().equals("pending")) {
            // Single-use and valid for an hour: a paid, declined or expired payment's token is spent.
            code = "token_expired";
            status = 410;
        } else {
            return false;
        }
        FakeHttp.html(exchange, status, FakeYooKassaWidget.initError(token, code, color));
        return true;
    }

    private static Checkout checkout(StoredPayment p, String color) {
        return new Checkout(
                p.token,
                p.shopId,
                p.amount(),
                p.currency(),
                p.object.path("description").asString(""),
                color);
    }

    private static YearMonth parseExpiry(String raw) {
        Matcher m = EXPIRY.matcher(raw);
        if (!m.matches()) {
            return null;
        }
        int month = Integer.parseInt(m.group(1));
        int year = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) {
            return null;
        }
        return YearMonth.of(year < 100 ? 2000 + year : year, month);
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode ordered(ObjectNode o) {
        ObjectNode out = JSON.createObjectNode();
        for (String field : PAYMENT_FIELDS) {
            JsonNode value = o.get(field);
            if (value != null) {
                out.set(field, value);
            }
        }
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static ObjectNode money(BigDecimal value, String currency) {
        ObjectNode money = JSON.createObjectNode();
        money.put("value", value.setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        money.put("currency", currency);
        return money;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private String newPaymentId() {
        String id;
        do {
            id = newId("000f-5000-9000");
        } while (payments.containsKey(id) || refunds.containsKey(id));
        return id;
    }

    // The shape of YooKassa's ids: a time-based first group, a fixed middle, random tail; 36 characters.
    private static String newId(String middle) {
        long seconds = Instant.now().getEpochSecond() & 0xFFFF_FFFFL;
        long tail = RANDOM.nextLong() & 0xFFFF_FFFF_FFFFL;
        return String.format(Locale.ROOT, "%08x-%s-%012x", seconds, middle, tail);
    }

    private static String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }

    private static String gatewayIdFor(String shopId) {
        return String.valueOf(100_000 + Math.floorMod(shopId.hashCode(), 900_000));
    }

    /** Sleeps; false when interrupted because the fake is closing. */
    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
