package ru.myservice.topup;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.topup.PaymentRepository.PaymentRow;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * Top-ups: starts a YooKassa payment for the widget, learns its outcome (webhook, the page's polling,
 * reconciliation — all through {@link #apply}), credits the wallet exactly once, and lists history.
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
    private final WalletService wallets;
    private final TopupProperties settings;

    TopupService(PaymentRepository payments, YooKassaClient yookassa, WalletService wallets, TopupProperties settings) {
        this.payments = payments;
        this.yookassa = yookassa;
        this.wallets = wallets;
        this.settings = settings;
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

        public Object[] args() {
            return args.clone();
        }
    }

    /** YooKassa refused or could not be reached; nothing was charged or credited. */
    public static final class TopupUnavailable extends RuntimeException {
        TopupUnavailable(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /** Where a payment stands, as the page shows it. */
    public record PaymentStatus(
            UUID paymentId, String status, @Nullable String reason, boolean settled) {}

    /** One page of someone's payments, newest first. */
    public record HistoryPage(List<PaymentLine> lines, int page, int pages) {}

    /**
     * One payment in the history.
     *
     * @param status our status: pending, succeeded, canceled, refunded or failed
     * @param reason YooKassa's cancellation reason code, if canceled
     */
    public record PaymentLine(
            Instant createdAt,
            Money amount,
            String status,
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
        RemotePayment created;
        try {
            created = yookassa.create(request, key);
        } catch (YooKassaException e) {
            payments.failed(paymentId);
            log.warn("Top-up {} of {} for account {} not created: {}", paymentId, amount, accountId, e.getMessage());
            throw new TopupUnavailable(e.getMessage(), e);
        }
        payments.created(paymentId, created.id(), created.test());
        log.info(
                "Top-up {} of {} for account {} created as YooKassa payment {}",
                paymentId,
                amount,
                accountId,
                created.id());
        if (created.confirmationToken() == null) {
            apply(created);
            throw new TopupUnavailable("YooKassa returned no confirmation token for " + created.id(), null);
        }
        return new Started(paymentId, created.confirmationToken());
    }

    /** A person's own payment; while unsettled, YooKassa is asked first. Empty for someone else's. */
    public Optional<PaymentStatus> status(UUID accountId, UUID paymentId) {
        Optional<PaymentRow> row =
                payments.find(paymentId).filter(p -> p.userId().equals(accountId));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if ("pending".equals(row.get().status()) && row.get().yookassaId() != null) {
            try {
                yookassa.payment(row.get().yookassaId()).ifPresent(this::apply);
            } catch (YooKassaException e) {
                log.info("Could not refresh top-up {} from YooKassa: {}", paymentId, e.getMessage());
            }
            row = payments.find(paymentId);
        }
        PaymentRow current = row.orElseThrow();
        return Optional.of(
                new PaymentStatus(current.id(), current.status(), current.cancellationReason(), current.settled()));
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

    /** What applying YooKassa's answer did. */
    enum Applied {
        CREDITED,
        DEBITED,
        ALREADY_APPLIED,
        CANCELED,
        STILL_PENDING,
        UNKNOWN_PAYMENT,
        MISMATCH,
        IGNORED
    }

    /**
     * Acts on YooKassa's account of a payment, fetched by us: credits a success once, records a
     * cancellation, never lets a later answer undo a final state.
     */
    @Transactional
    Applied apply(RemotePayment remote) {
        UUID ours = uuid(remote.metadata().get("payment_id"));
        Optional<PaymentRow> found = payments.lockForRemote(remote.id(), ours);
        if (found.isEmpty()) {
            log.warn("YooKassa payment {} ({}) is not one of ours; ignored", remote.id(), remote.status());
            return Applied.UNKNOWN_PAYMENT;
        }
        PaymentRow row = found.get();
        if (!matches(row, remote)) {
            log.error(
                    "YooKassa payment {} does not match top-up {}: {} {} {} vs ours {} {}; nothing credited",
                    remote.id(),
                    row.id(),
                    remote.amount(),
                    remote.currency(),
                    remote.metadata(),
                    row.amount(),
                    row.currency());
            return Applied.MISMATCH;
        }
        if (row.yookassaId() == null) {
            payments.adopt(row.id(), remote.id());
        }
        switch (remote.status()) {
            case RemotePayment.SUCCEEDED -> {
                var posting = wallets.credit(row.userId(), new Money(row.amount()), EntryKind.TOPUP, remote.id());
                if (!"refunded".equals(row.status())) {
                    payments.settle(row.id(), "succeeded", null, null);
                }
                if (posting.applied()) {
                    log.info(
                            "Credited {} to account {} for YooKassa payment {}",
                            row.amount(),
                            row.userId(),
                            remote.id());
                    return Applied.CREDITED;
                }
                return Applied.ALREADY_APPLIED;
            }
            case RemotePayment.CANCELED -> {
                if (row.settled() && !"failed".equals(row.status())) {
                    return Applied.IGNORED;
                }
                payments.settle(row.id(), "canceled", remote.cancellationParty(), remote.cancellationReason());
                log.info(
                        "Top-up {} canceled: {} {}", row.id(), remote.cancellationParty(), remote.cancellationReason());
                return Applied.CANCELED;
            }
            default -> {
                return Applied.STILL_PENDING;
            }
        }
    }

    /** Debits a refund YooKassa reports as succeeded, once per refund id. */
    @Transactional
    Applied applyRefund(RemoteRefund refund) {
        if (!RemotePayment.SUCCEEDED.equals(refund.status()) || !"RUB".equals(refund.currency())) {
            return Applied.IGNORED;
        }
        Optional<PaymentRow> found = payments.lockForRemote(refund.paymentId(), null);
        if (found.isEmpty()) {
            log.warn(
                    "Refund {} is for YooKassa payment {}, which is not ours; ignored",
                    refund.id(),
                    refund.paymentId());
            return Applied.UNKNOWN_PAYMENT;
        }
        PaymentRow row = found.get();
        if (refund.amount().signum() <= 0 || refund.amount().compareTo(row.amount()) > 0) {
            log.error(
                    "Refund {} of {} does not fit top-up {} of {}; nothing debited",
                    refund.id(),
                    refund.amount(),
                    row.id(),
                    row.amount());
            return Applied.MISMATCH;
        }
        var posting = wallets.debit(row.userId(), new Money(refund.amount()), EntryKind.REFUND, refund.id());
        if (!posting.applied()) {
            return Applied.ALREADY_APPLIED;
        }
        payments.refunded(row.id(), refund.amount());
        log.info("Debited refund {} of {} from account {}", refund.id(), refund.amount(), row.userId());
        return Applied.DEBITED;
    }

    private static boolean matches(PaymentRow row, RemotePayment remote) {
        String ours = remote.metadata().get("payment_id");
        return remote.amount().compareTo(row.amount()) == 0
                && row.currency().equals(remote.currency())
                && (ours == null
                        ? !RemotePayment.SUCCEEDED.equals(remote.status())
                        : ours.equals(row.id().toString()));
    }

    private static @Nullable UUID uuid(@Nullable String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
