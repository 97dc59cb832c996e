package ru.myservice.operator.payments;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import ru.myservice.operator.ActionRefused;
import ru.myservice.operator.ActionRefused.Why;
import ru.myservice.operator.StaffCannotAct;
import ru.myservice.operator.StaffMember;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditEntry;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.topup.PaymentActions;
import ru.myservice.topup.PaymentActions.PaymentFacts;
import ru.myservice.topup.PaymentActions.RefundAnswer;
import ru.myservice.topup.PaymentStatus;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * Staff's payment actions: re-check a payment with YooKassa, refund (part of) it. YooKassa is called
 * between transactions, never inside one; each outcome is applied through the top-up module's
 * settlement, in one transaction with its audit record.
 */
@Service
public class PaymentOperations {

    /** A refund of {@code amount} of our payment; {@code requestKey} is the form's one-time key. */
    public record RefundCommand(
            UUID requestKey,
            UUID paymentId,
            Money amount,
            @Nullable String reason) {}

    /** What a re-check found and did. */
    public record RecheckOutcome(
            PaymentActions.Recheck result,
            PaymentStatus before,
            PaymentStatus after,
            Money balanceBefore,
            Money balanceAfter) {}

    /**
     * A payment as its console page shows it.
     *
     * @param refunds staff's refunds of it, oldest first
     * @param refundable what a new refund may take: the amount less what is refunded and what is being refunded
     */
    public record PaymentView(PaymentFacts payment, List<RefundRequest> refunds, Money refundable) {

        /** Whether a refund can be asked for now. */
        public boolean refundPossible() {
            return refundable.amount().signum() > 0;
        }
    }

    private final PaymentActions payments;
    private final RefundRequests requests;
    private final WalletService wallets;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    PaymentOperations(
            PaymentActions payments,
            RefundRequests requests,
            WalletService wallets,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.payments = payments;
        this.requests = requests;
        this.wallets = wallets;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Asks YooKassa about the payment now and applies the answer as its notification would: a success
     * is credited once, however many notifications and checks race with it. Staff refunds of it that
     * YooKassa left pending are asked about too (a canceled refund has no notification), and a
     * succeeded one is debited once.
     *
     * @throws StaffCannotAct for read-only staff
     * @throws ActionRefused without a reason, for an unknown payment, or when YooKassa cannot be asked
     */
    public RecheckOutcome recheck(StaffMember staff, UUID paymentId, @Nullable String reason) {
        StaffCannotAct.check(staff);
        String why = ActionRefused.reasonRequired(reason);
        payments.find(paymentId).orElseThrow(() -> new ActionRefused(Why.PAYMENT_NOT_FOUND));
        PaymentActions.PaymentAnswer answer;
        try {
            answer = payments.ask(paymentId);
        } catch (PaymentActions.PaymentActionFailed e) {
            throw new ActionRefused(Why.YOOKASSA_UNREACHABLE);
        }
        Map<RefundRequest, RefundAnswer.Answered> refunds = new LinkedHashMap<>();
        for (RefundRequest request : requests.ofPayment(paymentId)) {
            if (request.status() == RefundRequestStatus.PENDING && request.yookassaRefundId() != null) {
                if (payments.askRefund(request.yookassaRefundId()) instanceof RefundAnswer.Answered answered) {
                    refunds.put(request, answered);
                }
            }
        }
        return transaction.execute(tx -> {
            PaymentFacts before = payments.lock(paymentId).orElseThrow();
            Money balanceBefore = wallets.balance(before.accountId());
            var result = payments.apply(answer);
            refunds.forEach(this::apply);
            PaymentFacts after = payments.lock(paymentId).orElseThrow();
            Money balanceAfter = wallets.balance(before.accountId());
            var found = values(
                    "status",
                    after.status().code(),
                    "balance",
                    balanceAfter,
                    "yookassa_status",
                    answer.status(),
                    "result",
                    result);
            refunds.keySet()
                    .forEach(request -> found.put(
                            "refund " + request.yookassaRefundId(),
                            requests.find(request.id()).orElseThrow().status().code()));
            audit.record(
                    staff,
                    new AuditEntry(
                            AuditAction.PAYMENT_RECHECKED,
                            before.accountId(),
                            paymentId.toString(),
                            why,
                            values("status", before.status().code(), "balance", balanceBefore),
                            found));
            return new RecheckOutcome(result, before.status(), after.status(), balanceBefore, balanceAfter);
        });
    }

    /**
     * Refunds {@code command.amount()} of a succeeded payment through YooKassa. The request is written
     * under the payment's lock first, so two members of staff never refund more than the payment's
     * amount less what is refunded and what is being refunded; the same request key again is the same
     * refund (asked again with the same idempotence key only when YooKassa never answered). The account
     * is debited when YooKassa reports the refund succeeded, once per refund id, by whichever of its
     * answer and its notification comes first.
     *
     * @return the request as it stands: refused by or unreachable at YooKassa is an outcome, not an error
     * @throws StaffCannotAct for read-only staff
     * @throws ActionRefused for what the operator can see before asking YooKassa
     */
    public RefundRequest refund(StaffMember staff, RefundCommand command) {
        StaffCannotAct.check(staff);
        String why = ActionRefused.reasonRequired(command.reason());
        if (command.amount().amount().signum() <= 0) {
            throw new ActionRefused(Why.AMOUNT_NOT_POSITIVE);
        }
        String key = command.requestKey().toString();
        Claim claim = transaction.execute(tx -> claim(staff, command, why, key));
        if (!claim.send()) {
            return claim.request();
        }
        RefundRequest request = claim.request();
        RefundAnswer answer = payments.refund(claim.payment(), request.amount(), request.id(), key);
        return transaction.execute(tx -> settle(staff, claim, answer));
    }

    /**
     * Asks YooKassa about staff refunds it left pending, which a lost {@code refund.succeeded}
     * notification (or a cancellation, which sends none) would otherwise leave so: a success is debited
     * once, a cancellation recorded. Run in the background, not by a member of staff, so not audited;
     * returns how many it settled.
     */
    public int settlePendingRefunds(int limit) {
        int settled = 0;
        for (RefundRequest request : requests.pendingAtYooKassa(limit)) {
            String refundId = request.yookassaRefundId();
            if (refundId != null
                    && payments.askRefund(refundId) instanceof RefundAnswer.Answered answered
                    && answered.status() != PaymentActions.RefundStatus.PENDING) {
                transaction.executeWithoutResult(tx -> apply(request, answered));
                settled++;
            }
        }
        return settled;
    }

    /**
     * The payment with its staff refunds, for its page; the look is recorded in the audit, as the page
     * shows whose money it is.
     */
    @Transactional
    public Optional<PaymentView> view(StaffMember staff, UUID paymentId) {
        Optional<PaymentFacts> found = payments.find(paymentId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PaymentFacts payment = found.get();
        Money refundable = payment.status() == PaymentStatus.SUCCEEDED || payment.status() == PaymentStatus.REFUNDED
                ? new Money(payment.amount()
                        .amount()
                        .subtract(payment.refunded().amount())
                        .subtract(requests.inFlight(paymentId))
                        .max(BigDecimal.ZERO))
                : Money.ZERO;
        audit.record(
                staff,
                new AuditEntry(
                        AuditAction.VIEW_PAYMENT, payment.accountId(), paymentId.toString(), null, Map.of(), Map.of()));
        return Optional.of(new PaymentView(payment, requests.ofPayment(paymentId), refundable));
    }

    /** The staff refunds of a payment, oldest first. */
    @Transactional(readOnly = true)
    public List<RefundRequest> refunds(UUID paymentId) {
        return requests.ofPayment(paymentId);
    }

    /**
     * A request written, or found written before, with the payment and the balance as they stood then
     * (what the audit gives as «before», whichever of YooKassa's answer and its notification debits
     * first); {@code send} when YooKassa is to be asked.
     */
    private record Claim(RefundRequest request, PaymentFacts payment, Money balance, boolean send) {}

    private Claim claim(StaffMember staff, RefundCommand command, String why, String key) {
        PaymentFacts payment =
                payments.lock(command.paymentId()).orElseThrow(() -> new ActionRefused(Why.PAYMENT_NOT_FOUND));
        var earlier = requests.byKey(key);
        if (earlier.isPresent()) {
            if (!earlier.get().paymentId().equals(payment.id())
                    || earlier.get().amount().compareTo(command.amount()) != 0) {
                throw new ActionRefused(Why.KEY_REUSED);
            }
            return new Claim(
                    earlier.get(),
                    payment,
                    wallets.balance(payment.accountId()),
                    earlier.get().status() == RefundRequestStatus.UNREACHABLE);
        }
        if (payment.status() != PaymentStatus.SUCCEEDED && payment.status() != PaymentStatus.REFUNDED) {
            throw new ActionRefused(Why.PAYMENT_NOT_SUCCEEDED);
        }
        BigDecimal refundable = payment.amount()
                .amount()
                .subtract(payment.refunded().amount())
                .subtract(requests.inFlight(payment.id()))
                .max(BigDecimal.ZERO);
        if (command.amount().amount().compareTo(refundable) > 0) {
            throw new ActionRefused(Why.ABOVE_REFUNDABLE, new Money(refundable));
        }
        UUID id = UUID.randomUUID();
        if (!requests.insert(id, payment.id(), payment.accountId(), command.amount(), why, staff, key)) {
            // Only a concurrent request with this key for another payment gets here: that one holds its lock.
            throw new ActionRefused(Why.KEY_REUSED);
        }
        return new Claim(requests.find(id).orElseThrow(), payment, wallets.balance(payment.accountId()), true);
    }

    private RefundRequest settle(StaffMember staff, Claim claim, RefundAnswer answer) {
        RefundRequest request = claim.request();
        PaymentFacts before = claim.payment();
        Money balanceBefore = claim.balance();
        payments.lock(request.paymentId()).orElseThrow();
        switch (answer) {
            case RefundAnswer.Answered answered -> apply(request, answered);
            case RefundAnswer.Refused refused ->
                requests.answered(request.id(), RefundRequestStatus.REFUSED, null, refused.why());
            case RefundAnswer.Unreachable unreachable ->
                requests.answered(request.id(), RefundRequestStatus.UNREACHABLE, null, unreachable.why());
        }
        RefundRequest after = requests.find(request.id()).orElseThrow();
        PaymentFacts payment = payments.lock(request.paymentId()).orElseThrow();
        audit.record(
                staff,
                new AuditEntry(
                        AuditAction.REFUND_REQUESTED,
                        request.accountId(),
                        request.paymentId().toString(),
                        request.reason(),
                        values(
                                "payment_status",
                                before.status().code(),
                                "refunded",
                                before.refunded(),
                                "balance",
                                balanceBefore),
                        values(
                                "amount",
                                request.amount(),
                                "request",
                                after.id(),
                                "request_status",
                                after.status().code(),
                                "refund_id",
                                after.yookassaRefundId(),
                                "failure",
                                after.failure(),
                                "payment_status",
                                payment.status().code(),
                                "refunded",
                                payment.refunded(),
                                "balance",
                                wallets.balance(request.accountId()))));
        return after;
    }

    /** YooKassa's account of the refund: a success is debited once (and marks the request done), a cancellation recorded. */
    private void apply(RefundRequest request, RefundAnswer.Answered answered) {
        switch (answered.status()) {
            case SUCCEEDED -> {
                payments.apply(answered);
                requests.answered(request.id(), RefundRequestStatus.SUCCEEDED, answered.refundId(), null);
            }
            case PENDING -> requests.answered(request.id(), RefundRequestStatus.PENDING, answered.refundId(), null);
            case CANCELED ->
                requests.answered(
                        request.id(), RefundRequestStatus.CANCELED, answered.refundId(), answered.cancellationReason());
        }
    }

    private static Map<String, @Nullable Object> values(@Nullable Object... namesAndValues) {
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return values;
    }
}
