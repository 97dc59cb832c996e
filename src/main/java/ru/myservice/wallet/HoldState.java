package ru.myservice.wallet;

import java.util.Locale;

/** Where a hold stands. Only an active hold reserves money; the others are final. */
public enum HoldState {
    ACTIVE,
    CAPTURED,
    VOIDED,
    EXPIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    String column() {
        return code();
    }

    static HoldState of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
