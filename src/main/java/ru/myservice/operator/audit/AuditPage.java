package ru.myservice.operator.audit;

import java.util.List;

/** A page of the audit, newest first; {@code more} when an older page follows. */
public record AuditPage(List<AuditRecord> records, int page, boolean more) {}
