package ru.myservice.operator.adjustments;

import java.util.Locale;

/** Where an adjustment stands. Stored as {@link #code()}. */
public enum AdjustmentStatus {
    /** Above the threshold: waits for a second member of staff. */
    PENDING,
    /** Posted to the ledger. */
    APPLIED,
    /** Turned down by a second member of staff; nothing posted. */
    REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AdjustmentStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
