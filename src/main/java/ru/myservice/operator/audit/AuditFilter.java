package ru.myservice.operator.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which audit lines to show; each part left null matches everything.
 *
 * @param from the earliest moment, included
 * @param until the latest moment, excluded
 */
public record AuditFilter(
        @Nullable String staffLogin,
        @Nullable AuditAction action,
        @Nullable UUID accountId,
        @Nullable Instant from,
        @Nullable Instant until) {

    public static AuditFilter everything() {
        return new AuditFilter(null, null, null, null, null);
    }
}
