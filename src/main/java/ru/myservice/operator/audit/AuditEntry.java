package ru.myservice.operator.audit;

import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One thing a member of staff did, as the audit keeps it.
 *
 * @param accountId the account it concerned, if any
 * @param target what it was done to within the account, e.g. our payment id or an adjustment id
 * @param before what the thing looked like before (status, balance, …), as flat names and values
 * @param after and after
 */
public record AuditEntry(
        AuditAction action,
        @Nullable UUID accountId,
        @Nullable String target,
        @Nullable String reason,
        Map<String, ?> before,
        Map<String, ?> after) {}
