package ru.myservice.topup;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A payment as YooKassa reports it: the only account of a payment we ever act on. */
record RemotePayment(
        String id,
        String status,
        BigDecimal amount,
        String currency,
        Map<String, String> metadata,
        @Nullable String confirmationToken,
        @Nullable String cancellationParty,
        @Nullable String cancellationReason,
        boolean test) {

    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String CANCELED = "canceled";
}
