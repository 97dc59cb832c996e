package ru.myservice.operator.adjustments;

import java.util.Locale;

/** Why money was moved by hand, for reports. Stored as {@link #code()}. */
public enum AdjustmentCategory {
    /** A gesture towards a customer. */
    GOODWILL,
    /** Putting a mistake right. */
    CORRECTION,
    /** Making up for a failure of ours. */
    COMPENSATION,
    OTHER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AdjustmentCategory of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
