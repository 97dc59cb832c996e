package ru.myservice.topup;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
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
import ru.myservice.config.PageRead;
import ru.myservice.topup.PaymentRepository.PaymentRow;
import ru.myservice.wallet.Money;

/**
 * Top-ups: starts a YooKassa payment for the widget (or offers again the person's own unpaid one of
 * the same amount), learns its outcome (webhook, the page's polling, reconciliation — all through
 * {@link Settlement}), credits the wallet exactly once, and lists history.
 *
 * <p>Nothing a browser or a notification says is believed: only YooKassa's own answer to our GET, and
 * only when amount, currency and our ids match the payment we created.
 */
@Service
public class TopupService {

    private static final Logger log = LoggerFactory.getLogger(TopupService.class);
    private static final int PAGE_SIZE = 10;
    // YooKassa's confirmation token lives an hour from the create; counted from just before it, ours
    // never outlives YooKassa's.
    private static final Duration CONFIRMATION_WINDOW = Duration.ofHours(1);
    // A payment with less time left than this is not offered again: paying, with 3-D Secure, takes a while.
    private static final Duration OFFER_MARGIN = Duration.ofMinutes(5);
    private static final int OPEN_WATCHED = 3;

    private final PaymentRepository payments;
    private final YooKassaClient yookassa;
    private final Settlement settlement;
    private final TopupProperties settings;
    private final Clock clock;
    // Creates outlive the person's wait when YooKassa is slow; a virtual thread each costs next to nothing.
    private final ExecutorService creates = Executors.newVirtualThreadPerTaskExecutor();

    TopupService(
            PaymentRepository payments,
            YooKassaClient yookassa,
            Settlement settlement,
            TopupProperties settings,
            Clock clock) {
        this.payments = payments;
        this.yookassa = yookassa;
        this.settlement = settlement;
        this.settings = settings;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        // A create still running at shutdown leaves its row new; reconciliation marks it failed.
        creates.shutdownNow();
    }

    /** A payment ready for the widget. */
    public record Started(UUID paymentId, String confirmationToken, Money amount) {}

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

    /**
     * The person's payment exists but no longer allows what was asked: it can no longer be paid ({@code
     * payment_not_payable}), or it has already ended ({@code payment_already_final}).
     */
    public static final class PaymentClosed extends RuntimeException {
        private final String code;

        PaymentClosed(String code, String message) {
            super(message);
            this.code = code;
        }

        /** The stable code JSON callers branch on. */
        public String code() {
            return code;
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
     * @param dismissed whether the person dismissed it while it was pending
     * @param payable whether it is pending and can still be paid in the widget («Продолжить оплату»)
     * @param method how it was paid: the type, and for a card its network and last four digits
     *     ({@code bank_card Mir 4444}); null until known
     * @param receiptStatus YooKassa's receipt registration ({@code pending}, {@code succeeded},
     *     {@code canceled}), where receipts are on
     */
    public record PaymentLine(
            UUID id,
            Instant createdAt,
            Money amount,
            PaymentStatus status,
            @Nullable String reason,
            Money refunded,
            boolean dismissed,
            boolean payable,
            @Nullable String method,
            @Nullable String receiptStatus) {}

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
     * Starts a top-up: the person's own pending payment of the same amount if YooKassa confirms it can
     * still be paid, so that opening the window again leaves nothing behind; otherwise our row first
     * (with its idempotence key), then YooKassa's payment.
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
        Optional<Started> again = payments.reusable(
                        accountId, amount.amount(), clock.instant().plus(OFFER_MARGIN))
                .flatMap(this::stillPayable);
        if (again.isPresent()) {
            log.info("Top-up {} of {} for account {} offered again", again.get().paymentId(), amount, accountId);
            return again.get();
        }
        Instant tokenExpires = clock.instant().plus(CONFIRMATION_WINDOW);
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
        payments.created(paymentId, created.id(), created.test(), created.confirmationToken(), tokenExpires);
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
        return new Started(paymentId, created.confirmationToken(), amount);
    }

    /**
     * The person's own pending payment, to pay now in the widget («Продолжить оплату»). Empty for
     * someone else's.
     *
     * @throws PaymentClosed when it was paid, declined, dismissed or is about to expire
     */
    public Optional<Started> resume(UUID accountId, UUID paymentId) {
        Optional<PaymentRow> row = own(accountId, paymentId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<Started> started =
                row.filter(p -> p.payable(clock.instant(), OFFER_MARGIN)).flatMap(this::stillPayable);
        if (started.isEmpty()) {
            throw new PaymentClosed("payment_not_payable", "Top-up " + paymentId + " can no longer be paid");
        }
        return started;
    }

    /**
     * The person says they will not pay this pending payment. YooKassa cannot cancel a pending payment,
     * so we only stop offering it; if it is paid after all, it is credited as any other. Dismissing
     * twice is harmless.
     *
     * @return false when it is not the person's payment
     * @throws PaymentClosed when it has already ended
     */
    public boolean dismiss(UUID accountId, UUID paymentId) {
        if (own(accountId, paymentId).isEmpty()) {
            return false;
        }
        if (!payments.dismiss(paymentId, accountId, clock.instant())) {
            throw new PaymentClosed("payment_already_final", "Top-up " + paymentId + " has already ended");
        }
        log.info("Top-up {} dismissed by account {}", paymentId, accountId);
        return true;
    }

    /**
     * The person's pending payments that may still be paid (in another tab, after a reload), newest
     * first and only a few: the page watches them to say when one arrives.
     */
    public List<UUID> open(UUID accountId) {
        return payments.read(openRead(accountId));
    }

    /** {@link #open}, as a part of a page that reads all it shows in one statement. */
    public PageRead<List<UUID>> openRead(UUID accountId) {
        return payments.openRead(accountId, clock.instant(), OPEN_WATCHED);
    }

    /**
     * Asks YooKassa whether a pending payment of ours is still waiting to be paid (it may have been paid
     * in another tab, declined or expired, with the notification still on its way) and applies what it
     * says. Empty unless it is, or when YooKassa cannot tell now.
     */
    private Optional<Started> stillPayable(PaymentRow row) {
        if (row.yookassaId() == null || row.confirmationToken() == null) {
            return Optional.empty();
        }
        try {
            Optional<RemotePayment> remote = yookassa.payment(row.yookassaId());
            if (remote.isPresent()
                    && settlement.payment(remote.get()) == Settlement.Applied.STILL_PENDING
                    && RemotePayment.PENDING.equals(remote.get().status())) {
                return Optional.of(new Started(row.id(), row.confirmationToken(), new Money(row.amount())));
            }
        } catch (YooKassaException e) {
            log.info("Could not check top-up {} with YooKassa before offering it again: {}", row.id(), e.getMessage());
        }
        return Optional.empty();
    }

    private Optional<PaymentRow> own(UUID accountId, UUID paymentId) {
        return payments.find(paymentId).filter(p -> p.userId().equals(accountId));
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
        Optional<PaymentRow> row = own(accountId, paymentId);
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
        return payments.read(historyRead(accountId, page));
    }

    /**
     * {@link #history}, as a part of a page that reads all it shows in one statement. A page past the
     * end (an old link, a payment gone from the list) reads as the last page, with one more query.
     */
    public PageRead<HistoryPage> historyRead(UUID accountId, int page) {
        int asked = Math.clamp(page, 1, Integer.MAX_VALUE / PAGE_SIZE);
        return payments.countedPageRead(accountId, PAGE_SIZE, (asked - 1) * PAGE_SIZE)
                .map(found -> {
                    int current = asked;
                    var rows = found.rows();
                    if (rows.isEmpty() && current > 1) {
                        current = Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE);
                        rows = payments.page(accountId, PAGE_SIZE, (current - 1) * PAGE_SIZE);
                    }
                    int pages = Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE);
                    Instant now = clock.instant();
                    return new HistoryPage(rows.stream().map(p -> line(p, now)).toList(), current, pages);
                });
    }

    /** How many of the person's payments YooKassa may still complete (pending, or being created). */
    public int openPayments(UUID accountId) {
        return payments.open(accountId);
    }

    /** Every payment of the account, newest first, up to {@code limit}: for the person's CSV of it. */
    public List<PaymentLine> allPayments(UUID accountId, int limit) {
        Instant now = clock.instant();
        return payments.page(accountId, limit, 0).stream()
                .map(p -> line(p, now))
                .toList();
    }

    private static PaymentLine line(PaymentRepository.PaymentRow p, Instant now) {
        return new PaymentLine(
                p.id(),
                p.createdAt(),
                new Money(p.amount()),
                p.status(),
                p.cancellationReason(),
                new Money(p.refundedAmount()),
                p.dismissedAt() != null,
                p.payable(now, OFFER_MARGIN),
                p.method(),
                p.receiptStatus());
    }
}
