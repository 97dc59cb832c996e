package ru.myservice.operator.adjustments;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import ru.myservice.wallet.Money;

/**
 * A credit or debit staff made by hand.
 *
 * @param amount positive for a credit, negative for a debit
 * @param decidedLogin who approved or rejected it, when it needed that
 */
public record Adjustment(
        UUID id,
        UUID accountId,
        Money amount,
        AdjustmentCategory category,
        String reason,
        boolean needsApproval,
        AdjustmentStatus status,
        String requestedBy,
        String requestedLogin,
        @Nullable String decidedLogin,
        @Nullable String decisionNote,
        Instant createdAt,
        @Nullable Instant decidedAt) {

    public boolean credit() {
        return amount.amount().signum() > 0;
    }
}
