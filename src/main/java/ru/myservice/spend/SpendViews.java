package ru.myservice.spend;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import ru.myservice.wallet.Money;

/** The spend API's wire records. Amounts are decimal strings in roubles ("10.00"), times ISO-8601 UTC. */
final class SpendViews {

    private SpendViews() {}

    record HoldRequest(
            @Nullable String account,
            @Nullable String amount,
            @Nullable Long expiresIn,
            @Nullable String reference,
            @Nullable Map<String, String> metadata,
            @Nullable String description) {}

    record CaptureRequest(@Nullable String amount) {}

    record ChargeRequest(
            @Nullable String account,
            @Nullable String amount,
            @Nullable String reference,
            @Nullable Map<String, String> metadata,
            @Nullable String description) {}

    record RefundRequest(@Nullable String amount, @Nullable String reason) {}

    record BalanceView(String account, String balance, String held, String available, String currency) {}

    record HoldView(
            String id,
            String account,
            String amount,
            String state,
            @Nullable String captured,
            @Nullable String chargeId,
            String reference,
            @Nullable String description,
            Map<String, String> metadata,
            String expiresAt,
            String createdAt) {}

    record ChargeView(
            String id,
            String account,
            String amount,
            String refunded,
            @Nullable String holdId,
            String reference,
            @Nullable String description,
            Map<String, String> metadata,
            String createdAt) {}

    record RefundView(
            String id,
            String chargeId,
            String amount,
            @Nullable String reason,
            String createdAt) {}

    /**
     * One movement of the account's money.
     *
     * @param type {@code topup}, {@code refund} (to the card), {@code charge}, {@code charge_refund} or
     *     {@code adjustment}
     * @param client the service that charged or refunded, for those two types
     */
    record TransactionView(
            String id,
            String type,
            String amount,
            String balanceAfter,
            @Nullable String client,
            @Nullable String reference,
            @Nullable String description,
            String createdAt) {}

    record TransactionsPage(
            List<TransactionView> items, @Nullable String nextCursor) {}

    static String amount(Money money) {
        return money.amount().toPlainString();
    }
}
