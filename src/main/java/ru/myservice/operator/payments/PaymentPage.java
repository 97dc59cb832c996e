package ru.myservice.operator.payments;

import org.jspecify.annotations.Nullable;
import ru.myservice.operator.ActionForms;
import ru.myservice.operator.ConsoleFormat;
import ru.myservice.operator.payments.PaymentOperations.PaymentView;

/**
 * The payment's page: the payment, what the last form did, and the two forms as typed.
 *
 * @param done what the last action did, in words, when the page follows one
 * @param doneWell whether that outcome is the one asked for (a refund YooKassa refused is not)
 */
public record PaymentPage(
        PaymentView view,
        ConsoleFormat format,
        @Nullable String done,
        boolean doneWell,
        RecheckForm recheck,
        ActionForms.@Nullable Problem recheckProblem,
        RefundForm refund,
        ActionForms.@Nullable Problem refundProblem) {

    /** The re-check form as sent. */
    public record RecheckForm(@Nullable String reason) {}

    /** The refund form as sent; {@code requestKey} is the form's one-time key. */
    public record RefundForm(
            @Nullable String requestKey,
            @Nullable String amount,
            @Nullable String reason) {}
}
