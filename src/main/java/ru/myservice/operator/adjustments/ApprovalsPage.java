package ru.myservice.operator.adjustments;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import ru.myservice.operator.ActionForms;
import ru.myservice.operator.ConsoleFormat;
import ru.myservice.operator.StaffMember;

/**
 * The adjustments waiting for a second member of staff, and the latest decided.
 *
 * @param numbers the accounts' numbers, by id
 * @param done {@code approved} or {@code rejected} after a decision
 * @param refused the adjustment a refused decision was about, its problem and the rejection reason typed
 */
public record ApprovalsPage(
        StaffMember staff,
        List<Adjustment> waiting,
        List<Adjustment> decided,
        Map<UUID, Long> numbers,
        ConsoleFormat format,
        @Nullable String done,
        @Nullable Refused refused) {

    /** A decision refused: about which adjustment, why, and the reason typed for a rejection. */
    public record Refused(
            UUID adjustmentId,
            ActionForms.Problem problem,
            @Nullable String reason) {}

    /** Whether {@code adjustment} is the signed-in member's own, which someone else must decide. */
    public boolean own(Adjustment adjustment) {
        return adjustment.requestedBy().equals(staff.subject());
    }

    public String number(Adjustment adjustment) {
        Long number = numbers.get(adjustment.accountId());
        return number == null ? adjustment.accountId().toString() : number.toString();
    }

    /** The refused decision's problem, when it was about {@code adjustment}. */
    public ActionForms.@Nullable Problem problem(Adjustment adjustment) {
        return refused != null && refused.adjustmentId().equals(adjustment.id()) ? refused.problem() : null;
    }

    public @Nullable String typedReason(Adjustment adjustment) {
        return refused != null && refused.adjustmentId().equals(adjustment.id()) ? refused.reason() : null;
    }
}
