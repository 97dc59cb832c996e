package ru.myservice.operator.adjustments;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.account.AccountLookup;
import ru.myservice.operator.ActionRefused;
import ru.myservice.operator.ActionRefused.Why;
import ru.myservice.operator.StaffCannotAct;
import ru.myservice.operator.StaffMember;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditEntry;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * Credits and debits staff make by hand, through the ledger (kind adjustment, referenced by the
 * adjustment's id, so each is posted once). A debit never takes more than the account has available.
 * Above the approval threshold an adjustment waits for a second member of staff, and nobody decides
 * their own; it is decided once, however many approve or reject it at the same moment.
 */
@Service
public class Adjustments {

    /**
     * An adjustment as the form asks for it.
     *
     * @param requestKey the form's one-time key: the same key twice is one adjustment
     * @param credit true to add money, false to take it
     * @param amount how much, more than zero
     */
    public record AdjustmentCommand(
            UUID requestKey,
            UUID accountId,
            boolean credit,
            Money amount,
            AdjustmentCategory category,
            @Nullable String reason) {}

    /**
     * The account an adjustment form is for.
     *
     * @param number the number staff and customers quote
     */
    public record Target(UUID accountId, long number, WalletService.Funds funds) {}

    private static final int WAITING_SHOWN = 200;

    private final AdjustmentRepository adjustments;
    private final AccountLookup accounts;
    private final WalletService wallets;
    private final AuditLog audit;
    private final AdjustmentProperties settings;

    Adjustments(
            AdjustmentRepository adjustments,
            AccountLookup accounts,
            WalletService wallets,
            AuditLog audit,
            AdjustmentProperties settings) {
        this.adjustments = adjustments;
        this.accounts = accounts;
        this.wallets = wallets;
        this.audit = audit;
        this.settings = settings;
    }

    /** Above this, an adjustment waits for a second member of staff. */
    public Money approvalThreshold() {
        return new Money(settings.approvalThreshold());
    }

    /** The account with its money, for the adjustment form; empty when there is no such account. */
    @Transactional(readOnly = true)
    public Optional<Target> target(UUID accountId) {
        Long number = accounts.numbers(List.of(accountId)).get(accountId);
        if (number == null || !wallets.exists(accountId)) {
            return Optional.empty();
        }
        return Optional.of(new Target(accountId, number, wallets.funds(accountId)));
    }

    /** The numbers of these accounts, by id, for lists of adjustments. */
    @Transactional(readOnly = true)
    public Map<UUID, Long> numbers(Collection<UUID> accountIds) {
        return accountIds.isEmpty() ? Map.of() : accounts.numbers(accountIds);
    }

    /**
     * Applies the adjustment at once, or, above the threshold, records it to wait for approval.
     *
     * @return the adjustment as it stands (the earlier one, when its request key was seen before)
     * @throws StaffCannotAct for read-only staff
     * @throws ActionRefused without a reason, for an amount of zero or less, an unknown account, or a
     *     debit above the money available
     */
    @Transactional
    public Adjustment request(StaffMember staff, AdjustmentCommand command) {
        StaffCannotAct.check(staff);
        String reason = ActionRefused.reasonRequired(command.reason());
        if (command.amount().amount().signum() <= 0) {
            throw new ActionRefused(Why.AMOUNT_NOT_POSITIVE);
        }
        if (!wallets.exists(command.accountId())) {
            throw new ActionRefused(Why.ACCOUNT_NOT_FOUND);
        }
        Money signed = command.credit()
                ? command.amount()
                : new Money(command.amount().amount().negate());
        boolean needsApproval = command.amount().compareTo(approvalThreshold()) > 0;
        UUID id = UUID.randomUUID();
        String key = command.requestKey().toString();
        if (!adjustments.insert(
                id, command.accountId(), signed, command.category(), reason, needsApproval, staff, key)) {
            Adjustment earlier = adjustments.byKey(key).orElseThrow();
            if (!earlier.accountId().equals(command.accountId())
                    || earlier.amount().compareTo(signed) != 0) {
                throw new ActionRefused(Why.KEY_REUSED);
            }
            return earlier;
        }
        if (needsApproval) {
            Money balance = wallets.balance(command.accountId());
            audit.record(
                    staff,
                    entry(
                            AuditAction.ADJUSTMENT_REQUESTED,
                            adjustments.find(id).orElseThrow(),
                            reason,
                            values("balance", balance),
                            values("status", AdjustmentStatus.PENDING.code(), "balance", balance)));
            return adjustments.find(id).orElseThrow();
        }
        Money before = wallets.balance(command.accountId());
        Money after = post(command.accountId(), signed, id);
        adjustments.applied(id);
        Adjustment applied = adjustments.find(id).orElseThrow();
        audit.record(
                staff,
                entry(
                        AuditAction.ADJUSTMENT_APPLIED,
                        applied,
                        reason,
                        values("balance", before),
                        values("status", applied.status().code(), "balance", after)));
        return applied;
    }

    /**
     * Approves someone else's waiting adjustment and posts it.
     *
     * @throws ActionRefused for one's own, one decided already, or a debit the account can no longer cover
     */
    @Transactional
    public Adjustment approve(StaffMember staff, UUID adjustmentId, @Nullable String note) {
        StaffCannotAct.check(staff);
        Adjustment waiting = decidable(staff, adjustmentId);
        Money before = wallets.balance(waiting.accountId());
        Money after = post(waiting.accountId(), waiting.amount(), waiting.id());
        adjustments.decide(adjustmentId, AdjustmentStatus.APPLIED, staff, blankToNull(note));
        Adjustment approved = adjustments.find(adjustmentId).orElseThrow();
        audit.record(
                staff,
                entry(
                        AuditAction.ADJUSTMENT_APPROVED,
                        approved,
                        waiting.reason(),
                        values("status", waiting.status().code(), "balance", before),
                        values("status", approved.status().code(), "balance", after, "note", approved.decisionNote())));
        return approved;
    }

    /**
     * Rejects someone else's waiting adjustment; nothing is posted.
     *
     * @throws ActionRefused without a reason, for one's own, or one decided already
     */
    @Transactional
    public Adjustment reject(StaffMember staff, UUID adjustmentId, @Nullable String reason) {
        StaffCannotAct.check(staff);
        String why = ActionRefused.reasonRequired(reason);
        Adjustment waiting = decidable(staff, adjustmentId);
        adjustments.decide(adjustmentId, AdjustmentStatus.REJECTED, staff, why);
        Adjustment rejected = adjustments.find(adjustmentId).orElseThrow();
        Money balance = wallets.balance(waiting.accountId());
        audit.record(
                staff,
                entry(
                        AuditAction.ADJUSTMENT_REJECTED,
                        rejected,
                        why,
                        values("status", waiting.status().code(), "balance", balance),
                        values("status", rejected.status().code(), "balance", balance)));
        return rejected;
    }

    /** Adjustments waiting for approval, oldest first. */
    @Transactional(readOnly = true)
    public List<Adjustment> waiting() {
        return adjustments.waiting(WAITING_SHOWN);
    }

    /** The latest {@code limit} adjustments a second member of staff approved or rejected, newest first. */
    @Transactional(readOnly = true)
    public List<Adjustment> decided(int limit) {
        return adjustments.decided(limit);
    }

    /** The account's adjustments, newest first. */
    @Transactional(readOnly = true)
    public List<Adjustment> ofAccount(UUID accountId, int limit) {
        return adjustments.ofAccount(accountId, limit);
    }

    /** The waiting adjustment, locked: refused when it is one's own or no longer waits. */
    private Adjustment decidable(StaffMember staff, UUID adjustmentId) {
        Adjustment adjustment =
                adjustments.lock(adjustmentId).orElseThrow(() -> new ActionRefused(Why.ADJUSTMENT_NOT_FOUND));
        if (adjustment.status() != AdjustmentStatus.PENDING) {
            throw new ActionRefused(Why.ALREADY_DECIDED);
        }
        if (adjustment.requestedBy().equals(staff.subject())) {
            throw new ActionRefused(Why.OWN_ADJUSTMENT);
        }
        return adjustment;
    }

    /** Posts it through the wallet's guarded adjustment; returns the balance after. */
    private Money post(UUID accountId, Money signed, UUID adjustmentId) {
        return switch (wallets.adjust(accountId, signed, adjustmentId.toString())) {
            case WalletService.Spent.Done done -> done.funds().balance();
            case WalletService.Spent.InsufficientFunds short_ ->
                throw new ActionRefused(Why.BELOW_ZERO, short_.available());
            case WalletService.Spent.HoldNotActive ignored -> throw new IllegalStateException("no hold involved");
            case WalletService.Spent.AboveHold ignored -> throw new IllegalStateException("no hold involved");
        };
    }

    private static AuditEntry entry(
            AuditAction action,
            Adjustment adjustment,
            @Nullable String reason,
            Map<String, @Nullable Object> before,
            Map<String, @Nullable Object> after) {
        after.put("amount", adjustment.amount());
        after.put("category", adjustment.category().code());
        return new AuditEntry(action, adjustment.accountId(), adjustment.id().toString(), reason, before, after);
    }

    private static Map<String, @Nullable Object> values(@Nullable Object... namesAndValues) {
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return values;
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
