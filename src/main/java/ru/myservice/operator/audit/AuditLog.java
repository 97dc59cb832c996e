package ru.myservice.operator.audit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.operator.StaffMember;

/**
 * The append-only record of what staff did and which accounts' personal data they saw. A record is
 * written in the transaction of the action it records, so the two commit or vanish together; the
 * database refuses to change or delete one.
 */
@Service
public class AuditLog {

    /** The most lines a page of the audit shows. */
    public static final int PAGE_SIZE = 50;

    private final AuditRepository audit;

    AuditLog(AuditRepository audit) {
        this.audit = audit;
    }

    /** Records {@code entry} as done by {@code staff}; must run in the transaction of the action. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(StaffMember staff, AuditEntry entry) {
        audit.insert(staff, entry);
    }

    /** Page {@code page} (from 0) of the lines {@code filter} matches, newest first. */
    @Transactional(readOnly = true)
    public AuditPage find(AuditFilter filter, int page) {
        return find(filter, page, PAGE_SIZE);
    }

    /** The same, {@code size} lines a page. */
    @Transactional(readOnly = true)
    public AuditPage find(AuditFilter filter, int page, int size) {
        int from = Math.max(page, 0);
        var found = audit.find(filter, size + 1, from * size);
        boolean more = found.size() > size;
        return new AuditPage(more ? found.subList(0, size) : found, from, more);
    }
}
