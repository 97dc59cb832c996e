package ru.myservice.operator.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A line of the audit as the audit page shows it; {@code before} and {@code after} as stored, values as text. */
public record AuditRecord(
        long id,
        Instant at,
        String staffSubject,
        String staffLogin,
        String staffName,
        AuditAction action,
        @Nullable UUID accountId,
        @Nullable String target,
        @Nullable String reason,
        Map<String, String> before,
        Map<String, String> after) {}
