package ru.myservice.operator.payments;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import ru.myservice.topup.PaymentActions;

/**
 * Marks a staff refund done when its debit happens, in the same transaction, whichever path learned
 * of it: our own answer, YooKassa's notification or a later check.
 */
@Component
class RefundSettlements {

    private final RefundRequests requests;

    RefundSettlements(RefundRequests requests) {
        this.requests = requests;
    }

    @EventListener
    void on(PaymentActions.RefundDebited debited) {
        requests.debited(debited.refundId(), uuid(debited.request()));
    }

    private static @Nullable UUID uuid(@Nullable String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
