package ru.myservice.operator.audit;

import java.util.Locale;
import java.util.Optional;

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
    ADJUSTMENT_REJECTED,
    /** Opened an account's page: its profile, sign-in methods, devices and money. */
    VIEW_ACCOUNT,
    /** Opened a payment's page: its amounts, YooKassa id and refunds, with the account it belongs to. */
    VIEW_PAYMENT,
    /** Ended one of a customer's signed-in sessions. */
    SESSION_ENDED,
    /** Queued the account's Casdoor mirror to be written again. */
    CASDOOR_RESYNCED;

    /** {@code adjustment.approved} for {@link #ADJUSTMENT_APPROVED}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
    }

    /** The action whose {@link #code()} this is, for a filter typed or picked by staff. */
    public static Optional<AuditAction> parse(String code) {
        for (AuditAction action : values()) {
            if (action.code().equals(code)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    static AuditAction of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
}
