package ru.myservice.operator.adjustments;

import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
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
import ru.myservice.operator.adjustments.AdjustPage.AdjustForm;
import ru.myservice.operator.adjustments.Adjustments.AdjustmentCommand;

/**
 * The adjustment form of an account, and the list where a second member of staff approves or rejects
 * what waits. A form that worked redirects with its outcome in the address; a refused one is shown
 * again with the reason in words and what was typed kept.
 */
@Controller
class AdjustmentController {

    private static final int DECIDED_SHOWN = 20;

    private final Adjustments adjustments;
    private final MessageSource messages;

    AdjustmentController(Adjustments adjustments, MessageSource messages) {
        this.adjustments = adjustments;
        this.messages = messages;
    }

    @GetMapping("/operator/accounts/{accountId}/adjust")
    String form(
            StaffMember staff,
            @PathVariable UUID accountId,
            @RequestParam(required = false) @Nullable String done,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        String outcome = "applied".equals(done) || "pending".equals(done) ? done : null;
        return adjustPage(
                accountId,
                outcome,
                new AdjustForm(ActionForms.newKey(), "credit", null, null, null),
                null,
                model,
                response,
                locale);
    }

    @PostMapping("/operator/accounts/{accountId}/adjustments")
    String adjust(
            StaffMember staff,
            @PathVariable UUID accountId,
            AdjustForm form,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        try {
            var adjustment = adjustments.request(
                    staff,
                    new AdjustmentCommand(
                            ActionForms.requestKey(form.requestKey()),
                            accountId,
                            !form.debit(),
                            ActionForms.amount(form.amount()),
                            category(form.category()),
                            form.reason()));
            String outcome = adjustment.status() == AdjustmentStatus.PENDING ? "pending" : "applied";
            return "redirect:/operator/accounts/" + accountId + "/adjust?done=" + outcome;
        } catch (ActionRefused refused) {
            if (refused.why() == ActionRefused.Why.ACCOUNT_NOT_FOUND) {
                return missing(response);
            }
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            var kept = new AdjustForm(
                    ActionForms.keptKey(form.requestKey()),
                    form.debit() ? "debit" : "credit",
                    form.amount(),
                    form.category(),
                    form.reason());
            return adjustPage(
                    accountId, null, kept, ActionForms.problem(refused, messages, locale), model, response, locale);
        }
    }

    @GetMapping("/operator/adjustments")
    String approvals(
            StaffMember staff, @RequestParam(required = false) @Nullable String done, Model model, Locale locale) {
        String outcome = "approved".equals(done) || "rejected".equals(done) ? done : null;
        model.addAttribute("view", approvalsPage(staff, outcome, null, locale));
        return "operator/adjustments";
    }

    @PostMapping("/operator/adjustments/{adjustmentId}/approve")
    String approve(
            StaffMember staff,
            @PathVariable UUID adjustmentId,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        try {
            adjustments.approve(staff, adjustmentId, null);
            return "redirect:/operator/adjustments?done=approved";
        } catch (ActionRefused refused) {
            return refusedDecision(staff, adjustmentId, refused, null, model, response, locale);
        }
    }

    @PostMapping("/operator/adjustments/{adjustmentId}/reject")
    String reject(
            StaffMember staff,
            @PathVariable UUID adjustmentId,
            @RequestParam(required = false) @Nullable String reason,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        try {
            adjustments.reject(staff, adjustmentId, reason);
            return "redirect:/operator/adjustments?done=rejected";
        } catch (ActionRefused refused) {
            return refusedDecision(staff, adjustmentId, refused, reason, model, response, locale);
        }
    }

    private String refusedDecision(
            StaffMember staff,
            UUID adjustmentId,
            ActionRefused refused,
            @Nullable String reason,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        response.setStatus(
                refused.why() == ActionRefused.Why.ADJUSTMENT_NOT_FOUND
                        ? HttpStatus.NOT_FOUND.value()
                        : HttpStatus.UNPROCESSABLE_CONTENT.value());
        var problem = ActionForms.problem(refused, messages, locale);
        model.addAttribute(
                "view", approvalsPage(staff, null, new ApprovalsPage.Refused(adjustmentId, problem, reason), locale));
        return "operator/adjustments";
    }

    private ApprovalsPage approvalsPage(
            StaffMember staff, @Nullable String done, ApprovalsPage.@Nullable Refused refused, Locale locale) {
        var waiting = adjustments.waiting();
        var decided = adjustments.decided(DECIDED_SHOWN);
        Set<UUID> accounts = new HashSet<>();
        waiting.forEach(adjustment -> accounts.add(adjustment.accountId()));
        decided.forEach(adjustment -> accounts.add(adjustment.accountId()));
        return new ApprovalsPage(
                staff, waiting, decided, adjustments.numbers(accounts), ConsoleFormat.in(locale), done, refused);
    }

    private String adjustPage(
            UUID accountId,
            @Nullable String done,
            AdjustForm form,
            ActionForms.@Nullable Problem problem,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        var target = adjustments.target(accountId);
        if (target.isEmpty()) {
            return missing(response);
        }
        model.addAttribute(
                "view",
                new AdjustPage(
                        target.get(), ConsoleFormat.in(locale), adjustments.approvalThreshold(), done, form, problem));
        return "operator/adjust";
    }

    /** The category picked; an unknown one (a hand-made form) counts as «other». */
    private static AdjustmentCategory category(@Nullable String code) {
        for (AdjustmentCategory category : AdjustmentCategory.values()) {
            if (category.code().equals(code)) {
                return category;
            }
        }
        return AdjustmentCategory.OTHER;
    }

    private static String missing(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "operator/missing";
    }
}
