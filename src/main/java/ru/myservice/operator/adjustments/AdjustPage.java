package ru.myservice.operator.adjustments;

import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.operator.ActionForms;
import ru.myservice.operator.ConsoleFormat;
import ru.myservice.wallet.Money;

/**
 * The adjustment form of one account.
 *
 * @param threshold above this an adjustment waits for a second member of staff
 * @param done {@code applied} or {@code pending} after an adjustment was asked for
 */
public record AdjustPage(
        Adjustments.Target target,
        ConsoleFormat format,
        Money threshold,
        @Nullable String done,
        AdjustForm form,
        ActionForms.@Nullable Problem problem) {

    public List<AdjustmentCategory> categories() {
        return List.of(AdjustmentCategory.values());
    }

    /** The form as sent; {@code direction} is {@code credit} or {@code debit}. */
    public record AdjustForm(
            @Nullable String requestKey,
            @Nullable String direction,
            @Nullable String amount,
            @Nullable String category,
            @Nullable String reason) {

        public boolean debit() {
            return "debit".equals(direction);
        }
    }
}
