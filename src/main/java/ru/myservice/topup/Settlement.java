package ru.myservice.topup;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.topup.PaymentRepository.PaymentRow;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * Acts on YooKassa's account of a payment or refund, fetched by us. Every path that learns an outcome
 * (the webhook, the page's polling, reconciliation, the start of a payment) comes here, so each answer
 * is applied in one transaction that holds the payment row's lock: the credit or debit and the status
 * change commit together, and a stale answer can never undo a later one.
 */
@Component
class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

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

    private final PaymentRepository payments;
    private final WalletService wallets;
    private final ApplicationEventPublisher events;

    Settlement(PaymentRepository payments, WalletService wallets, ApplicationEventPublisher events) {
        this.payments = payments;
        this.wallets = wallets;
        this.events = events;
    }

    /** Credits a success once, records a cancellation, never lets a later answer undo a final state. */
    @Transactional
    Applied payment(RemotePayment remote) {
        UUID ours = uuid(remote.metadata().get("payment_id"));
        Optional<PaymentRow> found = payments.lockForRemote(remote.id(), ours);
        if (found.isEmpty()) {
            log.warn("YooKassa payment {} ({}) is not one of ours; ignored", remote.id(), remote.status());
            return Applied.UNKNOWN_PAYMENT;
        }
        PaymentRow row = found.get();
        if (!matches(row, remote)) {
            return mismatch(row, remote);
        }
        if (row.yookassaId() == null) {
            payments.adopt(row.id(), remote.id());
        }
        switch (remote.status()) {
            case RemotePayment.SUCCEEDED -> {
                // The payment row first: it is ours alone, locked already, while the wallet's lock is shared
                // with everything else the account does and is held from the credit to the commit.
                if (row.status() == PaymentStatus.REFUNDED) {
                    payments.describe(row.id(), remote.method(), remote.receiptStatus());
                } else {
                    payments.succeeded(row.id(), remote.method(), remote.receiptStatus());
                }
                var posting = wallets.credit(row.userId(), new Money(row.amount()), EntryKind.TOPUP, remote.id());
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
                if (row.settled() && row.status() != PaymentStatus.FAILED) {
                    return Applied.IGNORED;
                }
                payments.settle(
                        row.id(), PaymentStatus.CANCELED, remote.cancellationParty(), remote.cancellationReason());
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
    Applied refund(RemoteRefund refund) {
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
        events.publishEvent(new PaymentActions.RefundDebited(
                row.id(),
                refund.id(),
                new Money(refund.amount()),
                refund.metadata().get(PaymentActions.REQUEST)));
        log.info("Debited refund {} of {} from account {}", refund.id(), refund.amount(), row.userId());
        return Applied.DEBITED;
    }

    /**
     * A payment bound to our row whose record disagrees with ours is settled as a mismatch once and
     * alerted once; asking again would give the same answer. One that only claims our id in its
     * metadata is somebody else's payment and changes nothing of ours.
     */
    private Applied mismatch(PaymentRow row, RemotePayment remote) {
        if (!remote.id().equals(row.yookassaId())) {
            log.warn(
                    "YooKassa payment {} names top-up {} but does not match it ({} {} {}); ignored",
                    remote.id(),
                    row.id(),
                    remote.amount(),
                    remote.currency(),
                    remote.metadata());
            return Applied.MISMATCH;
        }
        if (row.status() != PaymentStatus.MISMATCH) {
            payments.settle(row.id(), PaymentStatus.MISMATCH, null, null);
            log.error(
                    "YooKassa payment {} does not match top-up {}: {} {} {} vs ours {} {}; nothing credited, the"
                            + " payment needs a person to look at it",
                    remote.id(),
                    row.id(),
                    remote.amount(),
                    remote.currency(),
                    remote.metadata(),
                    row.amount(),
                    row.currency());
        }
        return Applied.MISMATCH;
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
