package ru.myservice.operator.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import ru.myservice.operator.ConsoleFormat;

/**
 * The audit page: the filter as typed, a page of lines in words, and links to the pages either side.
 *
 * @param numbers the accounts' numbers, by id
 * @param accountProblem the account filter's words when it names no account
 */
public record AuditView(
        Filter filter,
        List<AuditAction> actions,
        List<Line> lines,
        Map<UUID, Long> numbers,
        ConsoleFormat format,
        @Nullable String accountProblem,
        @Nullable String newer,
        @Nullable String older) {

    /** The filter form as sent (empty texts for the parts left out). */
    public record Filter(String staff, String action, String account, String from, String to) {}

    /** An audit line with its action and changes put in words. */
    public record Line(AuditRecord record, String action, List<Change> changes) {}

    /** One value the action looked at or changed: its name, before and after (empty when it had none). */
    public record Change(String name, String before, String after) {

        public boolean changed() {
            return !before.equals(after);
        }
    }

    public @Nullable String number(AuditRecord record) {
        if (record.accountId() == null) {
            return null;
        }
        Long number = numbers.get(record.accountId());
        return number == null ? record.accountId().toString() : number.toString();
    }
}
