package ru.myservice.operator.payments;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.operator.ActionForms;
import ru.myservice.operator.ActionRefused;
import ru.myservice.operator.ConsoleFormat;
import ru.myservice.operator.StaffMember;
import ru.myservice.operator.payments.PaymentOperations.RefundCommand;
import ru.myservice.operator.payments.PaymentPage.RecheckForm;
import ru.myservice.operator.payments.PaymentPage.RefundForm;

/**
 * A payment's page with its re-check and refund forms. A form that worked redirects back to the page
 * with its outcome named in the address; a refused one shows the page again with the reason next to
 * the field and what was typed kept.
 */
@Controller
class PaymentController {

    /** Outcomes that are not what the operator asked for, shown as a warning. */
    private static final Set<String> UNWELCOME = Set.of(
            "recheck-canceled",
            "recheck-mismatch",
            "recheck-unknown-at-yookassa",
            "refund-canceled",
            "refund-refused",
            "refund-unreachable");

    private final PaymentOperations operations;
    private final MessageSource messages;

    PaymentController(PaymentOperations operations, MessageSource messages) {
        this.operations = operations;
        this.messages = messages;
    }

    @GetMapping("/operator/payments/{paymentId}")
    String payment(
            StaffMember staff,
            @PathVariable UUID paymentId,
            @RequestParam(required = false) @Nullable String done,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        return page(
                staff,
                paymentId,
                done,
                new RecheckForm(null),
                null,
                new RefundForm(null, null, null),
                null,
                model,
                response,
                locale);
    }

    @PostMapping("/operator/payments/{paymentId}/recheck")
    String recheck(
            StaffMember staff,
            @PathVariable UUID paymentId,
            RecheckForm form,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        try {
            var outcome = operations.recheck(staff, paymentId, form.reason());
            return "redirect:/operator/payments/" + paymentId + "?done=recheck-" + code(outcome.result());
        } catch (ActionRefused refused) {
            if (refused.why() == ActionRefused.Why.PAYMENT_NOT_FOUND) {
                return missing(response);
            }
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(
                    staff,
                    paymentId,
                    null,
                    form,
                    ActionForms.problem(refused, messages, locale),
                    new RefundForm(null, null, null),
                    null,
                    model,
                    response,
                    locale);
        }
    }

    @PostMapping("/operator/payments/{paymentId}/refund")
    String refund(
            StaffMember staff,
            @PathVariable UUID paymentId,
            RefundForm form,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        try {
            var command = new RefundCommand(
                    ActionForms.requestKey(form.requestKey()),
                    paymentId,
                    ActionForms.amount(form.amount()),
                    form.reason());
            var request = operations.refund(staff, command);
            return "redirect:/operator/payments/" + paymentId + "?done=refund-"
                    + request.status().code();
        } catch (ActionRefused refused) {
            if (refused.why() == ActionRefused.Why.PAYMENT_NOT_FOUND) {
                return missing(response);
            }
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(
                    staff,
                    paymentId,
                    null,
                    new RecheckForm(null),
                    null,
                    form,
                    ActionForms.problem(refused, messages, locale),
                    model,
                    response,
                    locale);
        }
    }

    private String page(
            StaffMember staff,
            UUID paymentId,
            @Nullable String done,
            RecheckForm recheck,
            ActionForms.@Nullable Problem recheckProblem,
            RefundForm refund,
            ActionForms.@Nullable Problem refundProblem,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        var found = operations.view(staff, paymentId);
        if (found.isEmpty()) {
            return missing(response);
        }
        var view = found.get();
        // A new form gets a new one-time key and the whole refundable rest; a refused one keeps what was sent.
        var refundForm = refundProblem != null
                ? new RefundForm(ActionForms.keptKey(refund.requestKey()), refund.amount(), refund.reason())
                : new RefundForm(ActionForms.newKey(), ActionForms.typed(view.refundable(), locale), null);
        String doneText =
                done == null ? null : messages.getMessage("operator.payment.done." + done, null, null, locale);
        model.addAttribute(
                "view",
                new PaymentPage(
                        view,
                        ConsoleFormat.in(locale),
                        doneText,
                        doneText != null && !UNWELCOME.contains(done),
                        recheck,
                        recheckProblem,
                        refundForm,
                        refundProblem));
        return "operator/payment";
    }

    private static String missing(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "operator/missing";
    }

    private static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
