package ru.myservice.operator.payments;

import java.util.Locale;

/** Where a refund staff asked for stands. Stored as {@link #code()} in {@code operator_refunds.status}. */
public enum RefundRequestStatus {
    /** Written, YooKassa asked, no answer yet. */
    SENDING,
    /** YooKassa accepted it and is still processing it; the money moves when it succeeds. */
    PENDING,
    /** YooKassa refunded it and the account was debited. */
    SUCCEEDED,
    /** YooKassa canceled it; nothing was debited. */
    CANCELED,
    /** YooKassa refused it; nothing was refunded or debited. */
    REFUSED,
    /** YooKassa did not answer even after retries: it may have been made; asking again with the same key is safe. */
    UNREACHABLE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it may still take money from the payment, so the next refund cannot count on it. */
    public boolean inFlight() {
        return this == SENDING || this == PENDING || this == UNREACHABLE;
    }

    static RefundRequestStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
