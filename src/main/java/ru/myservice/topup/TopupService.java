package ru.myservice.topup;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import ru.myservice.topup.PaymentRepository.PaymentRow;
import ru.myservice.wallet.Money;

/**
 * Top-ups: starts a YooKassa payment for the widget, learns its outcome (webhook, the page's polling,
 * reconciliation — all through {@link Settlement}), credits the wallet exactly once, and lists history.
 *
 * <p>Nothing a browser or a notification says is believed: only YooKassa's own answer to our GET, and
 * only when amount, currency and our ids match the payment we created.
 */
@Service
public class TopupService {

    private static final Logger log = LoggerFactory.getLogger(TopupService.class);
    private static final int PAGE_SIZE = 10;

    private final PaymentRepository payments;
    private final YooKassaClient yookassa;
    private final Settlement settlement;
    private final TopupProperties settings;
    // Creates outlive the person's wait when YooKassa is slow; a virtual thread each costs next to nothing.
    private final ExecutorService creates = Executors.newVirtualThreadPerTaskExecutor();

    TopupService(PaymentRepository payments, YooKassaClient yookassa, Settlement settlement, TopupProperties settings) {
        this.payments = payments;
        this.yookassa = yookassa;
        this.settlement = settlement;
        this.settings = settings;
    }

    @PreDestroy
    void stop() {
        // A create still running at shutdown leaves its row new; reconciliation marks it failed.
        creates.shutdownNow();
    }

    /** A payment ready for the widget. */
    public record Started(UUID paymentId, String confirmationToken) {}

    /** This top-up cannot start (a bad amount, no e-mail for the receipt); {@code messageKey} explains why. */
    public static final class TopupRefused extends RuntimeException {
        private final String messageKey;
        private final transient Object[] args;

        TopupRefused(String messageKey, Object... args) {
            super(messageKey);
            this.messageKey = messageKey;
            this.args = args;
        }

        public String messageKey() {
            return messageKey;
        }

        /** The stable code JSON callers branch on. */
        public String code() {
            return switch (messageKey) {
                case "topup.error.empty" -> "amount_missing";
                case "topup.error.min" -> "amount_too_small";
                case "topup.error.max" -> "amount_too_large";
                case "topup.error.receiptEmail" -> "receipt_email_missing";
                default -> "amount_invalid";
            };
        }

        public Object[] args() {
            return args.clone();
        }
    }

    /** YooKassa refused or could not be reached; nothing was charged or credited. */
    public static class TopupUnavailable extends RuntimeException {
        TopupUnavailable(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * YooKassa did not answer within {@code TOPUP_START_WAIT}; the person was not kept waiting. If it
     * creates the payment later, the row records it as failed, since nobody holds its token.
     */
    public static final class TopupTimedOut extends TopupUnavailable {
        TopupTimedOut(String message) {
            super(message, null);
        }
    }

    /** Where a payment stands, as the page shows it. */
    public record PaymentState(
            UUID paymentId, PaymentStatus status, @Nullable String reason, Money amount, Money refunded) {

        public boolean settled() {
            return status.settled();
        }
    }

    /** One page of someone's payments, newest first. */
    public record HistoryPage(List<PaymentLine> lines, int page, int pages) {}

    /**
     * One payment in the history.
     *
     * @param reason YooKassa's cancellation reason code, if canceled
     * @param refunded how much of it was refunded, zero for none
     */
    public record PaymentLine(
            Instant createdAt,
            Money amount,
            PaymentStatus status,
            @Nullable String reason,
            Money refunded) {}

    /** The bounds the top-up form enforces. */
    public record Limits(Money min, Money max) {}

    /** The YooKassa widget script the dashboard loads. */
    public String widgetScript() {
        return settings.widgetUrl().toString();
    }

    public Limits limits() {
        return new Limits(new Money(settings.minAmount()), new Money(settings.maxAmount()));
    }

    /**
     * Starts a top-up: our row first (with its idempotence key), then YooKassa's payment.
     *
     * @throws TopupRefused for an amount that is malformed or outside the limits, or when a receipt is
     *     required and the account has no e-mail; nothing is created
     * @throws TopupUnavailable when YooKassa refuses or cannot be reached; the row is marked failed
     */
    public Started start(UUID accountId, @Nullable String typedAmount, Locale locale, @Nullable String email) {
        Money amount = TopupAmount.parse(typedAmount, settings.minAmount(), settings.maxAmount());
        if (settings.receipt().enabled() && (email == null || email.isBlank())) {
            throw new TopupRefused("topup.error.receiptEmail");
        }
        if (!settings.configured()) {
            throw new TopupUnavailable("YooKassa is not configured (YOOKASSA_SHOP_ID, YOOKASSA_SECRET_KEY)", null);
        }
        UUID paymentId = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        payments.insert(paymentId, accountId, amount.amount(), key, settings.description());
        var request = new YooKassaClient.NewPayment(
                amount.amount(),
                settings.description(),
                Map.of("payment_id", paymentId.toString(), "user_id", accountId.toString()),
                "en".equals(locale.getLanguage()) ? "en_US" : "ru_RU",
                settings.receipt().enabled() ? email : null);
        CompletableFuture<RemotePayment> creating =
                CompletableFuture.supplyAsync(() -> yookassa.create(request, key), creates);
        RemotePayment created;
        try {
            created = creating.get(settings.startWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            creating.whenComplete((late, error) -> createdTooLate(paymentId, late, error));
            log.warn(
                    "Top-up {} of {} for account {}: YooKassa did not answer within {}; the person was told to try"
                            + " again",
                    paymentId,
                    amount,
                    accountId,
                    settings.startWait());
            throw new TopupTimedOut("YooKassa did not answer within " + settings.startWait());
        } catch (ExecutionException e) {
            payments.failed(paymentId);
            Throwable cause = e.getCause();
            log.warn(
                    "Top-up {} of {} for account {} not created: {}", paymentId, amount, accountId, cause.getMessage());
            if (cause instanceof YooKassaException) {
                throw new TopupUnavailable(cause.getMessage(), cause);
            }
            throw new IllegalStateException("Creating top-up " + paymentId + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopupUnavailable("Interrupted while creating top-up " + paymentId, e);
        }
        payments.created(paymentId, created.id(), created.test());
        log.info(
                "Top-up {} of {} for account {} created as YooKassa payment {}",
                paymentId,
                amount,
                accountId,
                created.id());
        if (created.confirmationToken() == null) {
            settlement.payment(created);
            throw new TopupUnavailable("YooKassa returned no confirmation token for " + created.id(), null);
        }
        return new Started(paymentId, created.confirmationToken());
    }

    /** YooKassa's answer to a create the person stopped waiting for. */
    private void createdTooLate(UUID paymentId, @Nullable RemotePayment late, @Nullable Throwable error) {
        try {
            if (late != null) {
                payments.createdTooLate(paymentId, late.id(), late.test());
                log.info(
                        "Top-up {} was created as YooKassa payment {} after the person stopped waiting; kept as failed",
                        paymentId,
                        late.id());
            } else {
                payments.failed(paymentId);
                log.info("Top-up {} was never created at YooKassa: {}", paymentId, String.valueOf(error));
            }
        } catch (RuntimeException e) {
            // Reconciliation marks a row left new as failed, so nothing is lost if this write fails.
            log.warn("Could not record the late outcome of top-up {}", paymentId, e);
        }
    }

    /** A person's own payment; while unsettled, YooKassa is asked first. Empty for someone else's. */
    public Optional<PaymentState> status(UUID accountId, UUID paymentId) {
        Optional<PaymentRow> row =
                payments.find(paymentId).filter(p -> p.userId().equals(accountId));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().status() == PaymentStatus.PENDING && row.get().yookassaId() != null) {
            try {
                yookassa.payment(row.get().yookassaId()).ifPresent(settlement::payment);
            } catch (YooKassaException e) {
                log.info("Could not refresh top-up {} from YooKassa: {}", paymentId, e.getMessage());
            }
            row = payments.find(paymentId);
        }
        PaymentRow current = row.orElseThrow();
        return Optional.of(new PaymentState(
                current.id(),
                current.status(),
                current.cancellationReason(),
                new Money(current.amount()),
                new Money(current.refundedAmount())));
    }

    public HistoryPage history(UUID accountId, int page) {
        int total = payments.count(accountId);
        int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(Math.max(1, page), pages);
        var lines = payments.page(accountId, PAGE_SIZE, (current - 1) * PAGE_SIZE).stream()
                .map(p -> new PaymentLine(
                        p.createdAt(),
                        new Money(p.amount()),
                        p.status(),
                        p.cancellationReason(),
                        new Money(p.refundedAmount())))
                .toList();
        return new HistoryPage(lines, current, pages);
    }
}
