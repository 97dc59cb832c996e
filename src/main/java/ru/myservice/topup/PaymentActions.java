package ru.myservice.topup;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.wallet.Money;

/**
 * What staff can do to a payment: ask YooKassa about it now, and refund it. YooKassa is asked outside
 * any transaction; what it answers is applied by the caller, in its own transaction (with its audit),
 * through the same {@link Settlement} the webhook and reconciliation use, so money moves exactly once
 * whichever of them learns of it first.
 */
@Service
public class PaymentActions {

    /** The metadata key a staff refund carries: the id of our request for it. */
    static final String REQUEST = "refund_request";

    /** A payment as our books have it. */
    public record PaymentFacts(
            UUID id, UUID accountId, @Nullable String yookassaId, Money amount, Money refunded, PaymentStatus status) {}

    /**
     * A refund was debited from the account: published once per refund id, inside the transaction that
     * debited it.
     *
     * @param request our refund request's id, when staff asked for it through the console
     */
    public record RefundDebited(
            UUID paymentId,
            String refundId,
            Money amount,
            @Nullable String request) {}

    /** What asking YooKassa about a payment did to it. */
    public enum Recheck {
        /** YooKassa says succeeded and the money was credited now. */
        CREDITED,
        /** Succeeded, and credited before already. */
        ALREADY_CREDITED,
        /** YooKassa canceled it; nothing credited. */
        CANCELED,
        /** Still pending at YooKassa. */
        STILL_PENDING,
        /** YooKassa's record disagrees with ours; nothing credited. */
        MISMATCH,
        /** YooKassa does not know it (our create never reached it). */
        UNKNOWN_AT_YOOKASSA
    }

    /** YooKassa's answer about a payment, to apply with {@link #apply(PaymentAnswer)}. */
    public static final class PaymentAnswer {
        private final @Nullable RemotePayment remote;

        private PaymentAnswer(@Nullable RemotePayment remote) {
            this.remote = remote;
        }

        /** YooKassa's status ({@code pending}, {@code succeeded}, …), empty when it does not know the payment. */
        public String status() {
            return remote == null ? "" : remote.status();
        }
    }

    /** A refund's status at YooKassa. */
    public enum RefundStatus {
        PENDING,
        SUCCEEDED,
        CANCELED
    }

    /** How a request to YooKassa about a refund ended. */
    public sealed interface RefundAnswer {

        /** YooKassa answered with the refund. */
        final class Answered implements RefundAnswer {
            private final RemoteRefund refund;

            private Answered(RemoteRefund refund) {
                this.refund = refund;
            }

            public String refundId() {
                return refund.id();
            }

            public RefundStatus status() {
                return switch (refund.status()) {
                    case RemotePayment.SUCCEEDED -> RefundStatus.SUCCEEDED;
                    case RemotePayment.CANCELED -> RefundStatus.CANCELED;
                    default -> RefundStatus.PENDING;
                };
            }

            /** Why YooKassa canceled it, when it did. */
            public @Nullable String cancellationReason() {
                return refund.cancellationReason();
            }
        }

        /** YooKassa refused it (or our credentials); nothing was refunded. */
        record Refused(String why) implements RefundAnswer {}

        /** No answer even after retries: the refund may or may not have been made. */
        record Unreachable(String why) implements RefundAnswer {}
    }

    private final PaymentRepository payments;
    private final YooKassaClient yookassa;
    private final Settlement settlement;
    private final AccountService accounts;
    private final TopupProperties settings;

    PaymentActions(
            PaymentRepository payments,
            YooKassaClient yookassa,
            Settlement settlement,
            AccountService accounts,
            TopupProperties settings) {
        this.payments = payments;
        this.yookassa = yookassa;
        this.settlement = settlement;
        this.accounts = accounts;
        this.settings = settings;
    }

    @Transactional(readOnly = true)
    public Optional<PaymentFacts> find(UUID paymentId) {
        return payments.find(paymentId).map(PaymentActions::facts);
    }

    /** The payment, locked until the caller's transaction ends: refunds of one payment are weighed one at a time. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<PaymentFacts> lock(UUID paymentId) {
        return payments.lock(paymentId).map(PaymentActions::facts);
    }

    /**
     * {@code GET /payments/{id}} for our payment; call it outside a transaction.
     *
     * @throws IllegalArgumentException when the payment is not ours
     * @throws PaymentActionFailed when YooKassa cannot be asked now
     */
    public PaymentAnswer ask(UUID paymentId) {
        var payment =
                payments.find(paymentId).orElseThrow(() -> new IllegalArgumentException("No payment " + paymentId));
        if (payment.yookassaId() == null) {
            return new PaymentAnswer(null);
        }
        try {
            return new PaymentAnswer(yookassa.payment(payment.yookassaId()).orElse(null));
        } catch (YooKassaException e) {
            throw new PaymentActionFailed(e.getMessage(), e);
        }
    }

    /** Applies YooKassa's answer exactly as its notification would: a success is credited once. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Recheck apply(PaymentAnswer answer) {
        if (answer.remote == null) {
            return Recheck.UNKNOWN_AT_YOOKASSA;
        }
        return switch (settlement.payment(answer.remote)) {
            case CREDITED -> Recheck.CREDITED;
            case ALREADY_APPLIED -> Recheck.ALREADY_CREDITED;
            case CANCELED -> Recheck.CANCELED;
            case MISMATCH -> Recheck.MISMATCH;
            case UNKNOWN_PAYMENT -> Recheck.UNKNOWN_AT_YOOKASSA;
            case IGNORED ->
                RemotePayment.CANCELED.equals(answer.remote.status()) ? Recheck.CANCELED : Recheck.ALREADY_CREDITED;
            case STILL_PENDING, DEBITED -> Recheck.STILL_PENDING;
        };
    }

    /**
     * {@code POST /refunds} for {@code amount} of the payment, tagged with our request's id; call it
     * outside a transaction. Repeating it with the same key and arguments never makes a second refund.
     */
    public RefundAnswer refund(PaymentFacts payment, Money amount, UUID requestId, String idempotenceKey) {
        if (payment.yookassaId() == null) {
            return new RefundAnswer.Refused("The payment never reached YooKassa");
        }
        try {
            return new RefundAnswer.Answered(yookassa.createRefund(
                    payment.yookassaId(),
                    amount.amount(),
                    Map.of(REQUEST, requestId.toString()),
                    idempotenceKey,
                    receiptEmail(payment)));
        } catch (YooKassaException.Unavailable e) {
            return new RefundAnswer.Unreachable(e.getMessage());
        } catch (YooKassaException e) {
            return new RefundAnswer.Refused(e.getMessage());
        }
    }

    /** {@code GET /refunds/{id}}: where a refund YooKassa left pending stands now. */
    public RefundAnswer askRefund(String refundId) {
        try {
            return yookassa.refund(refundId)
                    .<RefundAnswer>map(RefundAnswer.Answered::new)
                    .orElseGet(() -> new RefundAnswer.Refused("YooKassa does not know refund " + refundId));
        } catch (YooKassaException.Unavailable e) {
            return new RefundAnswer.Unreachable(e.getMessage());
        } catch (YooKassaException e) {
            return new RefundAnswer.Refused(e.getMessage());
        }
    }

    /**
     * Debits a refund YooKassa reports as succeeded, once per refund id (true when this call debited
     * it); anything else moves nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean apply(RefundAnswer.Answered answer) {
        return settlement.refund(answer.refund) == Settlement.Applied.DEBITED;
    }

    private static PaymentFacts facts(PaymentRepository.PaymentRow row) {
        return new PaymentFacts(
                row.id(),
                row.userId(),
                row.yookassaId(),
                new Money(row.amount()),
                new Money(row.refundedAmount()),
                row.status());
    }

    /** YooKassa could not be asked (unreachable, or it refused our credentials). */
    public static final class PaymentActionFailed extends RuntimeException {
        PaymentActionFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Where a shop sends 54-FZ receipts through YooKassa, a refund needs one too (YooKassa refuses it
     * otherwise): to the customer's e-mail as it is now, the one their payment's receipt went to unless
     * they changed it since. Without an e-mail none is sent, and YooKassa's refusal says why.
     */
    private @Nullable String receiptEmail(PaymentFacts payment) {
        if (!settings.receipt().enabled()) {
            return null;
        }
        return accounts.find(payment.accountId())
                .map(Account::email)
                .filter(email -> !email.isBlank())
                .orElse(null);
    }
}
