package ru.myservice.operator.payments;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import ru.myservice.wallet.Money;

/**
 * A refund staff asked YooKassa for, as it stands.
 *
 * @param failure YooKassa's words when it refused, could not be reached or canceled the refund
 */
public record RefundRequest(
        UUID id,
        UUID paymentId,
        UUID accountId,
        Money amount,
        String reason,
        String staffLogin,
        RefundRequestStatus status,
        @Nullable String yookassaRefundId,
        @Nullable String failure,
        Instant createdAt) {}
