package ru.myservice.operator.audit;

import java.util.Locale;

/** What a member of staff did. Stored as {@link #code()} in {@code staff_audit.action}. */
public enum AuditAction {
    /** Asked YooKassa about a payment now and applied its answer. */
    PAYMENT_RECHECKED,
    /** Asked YooKassa to refund (part of) a payment, or asked again after no answer. */
    REFUND_REQUESTED,
    /** Credited or debited an account at once (at or below the approval threshold). */
    ADJUSTMENT_APPLIED,
    /** Asked for an adjustment above the threshold, to wait for a second member of staff. */
    ADJUSTMENT_REQUESTED,
    /** Approved someone else's adjustment; the money moved then. */
    ADJUSTMENT_APPROVED,
    /** Rejected someone else's adjustment; no money moved. */
    ADJUSTMENT_REJECTED;

    /** {@code adjustment.approved} for {@link #ADJUSTMENT_APPROVED}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
    }

    static AuditAction of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
}
