package ru.myservice.topup;

/**
 * Where one of our top-ups stands. Stored as {@link #code()} in {@code payments.status}, and the same
 * code names it in the page's JSON, its message keys and its CSS class.
 */
public enum PaymentStatus {
    /** Our row exists; YooKassa has not (yet) confirmed creating the payment. */
    NEW,
    /** YooKassa created it and the person can pay in the widget. */
    PENDING,
    /** Paid and credited (it may since have been partly refunded). */
    SUCCEEDED,
    /** Declined, abandoned or expired at YooKassa; nothing was charged. */
    CANCELED,
    /** Refunded in full; the refund was debited. */
    REFUNDED,
    /** YooKassa never took it, or answered too late for the person to pay. */
    FAILED,
    /** YooKassa's record of it disagrees with ours (amount, currency or ids): nothing credited, staff alerted. */
    MISMATCH;

    /** The stored and shown code, e.g. {@code succeeded}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the outcome is known, so the page stops asking. */
    public boolean settled() {
        return this != NEW && this != PENDING;
    }

    static PaymentStatus of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
