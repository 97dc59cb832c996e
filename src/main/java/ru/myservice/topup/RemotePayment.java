package ru.myservice.topup;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A payment as YooKassa reports it: the only account of a payment we ever act on.
 *
 * @param method how it was paid, safe to show: the type, and for a card its network and last four digits
 *     ({@code bank_card Mir 4444}); null until a method is chosen
 * @param receiptStatus YooKassa's {@code receipt_registration} ({@code pending}, {@code succeeded},
 *     {@code canceled}), where receipts are on
 */
record RemotePayment(
        String id,
        String status,
        BigDecimal amount,
        String currency,
        Map<String, String> metadata,
        @Nullable String confirmationToken,
        @Nullable String cancellationParty,
        @Nullable String cancellationReason,
        boolean test,
        @Nullable String method,
        @Nullable String receiptStatus) {

    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String CANCELED = "canceled";
}
