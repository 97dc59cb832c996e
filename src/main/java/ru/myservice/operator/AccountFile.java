package ru.myservice.operator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.casdoor.CasdoorMirror;
import ru.myservice.config.PageReads;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditEntry;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.signin.AccountSessions;
import ru.myservice.spend.SpendLookup;
import ru.myservice.topup.PaymentLookup;
import ru.myservice.wallet.WalletReads;
import ru.myservice.wallet.WalletService;

/**
 * Everything staff see of one account on one page: the profile and its sign-in methods, the signed-in
 * devices, the money (balance, ledger, payments, charges, holds) and the state of its Casdoor mirror.
 * The database is read in one statement, plus one for the holds' callers and the session store's own. Each
 * view, each session ended and each re-sync is recorded in the audit in the same transaction.
 */
@Service
public class AccountFile {

    /** Ledger entries a page shows. */
    public static final int LEDGER_PAGE = 50;

    /** The latest payments, charges and holds shown. */
    public static final int LATEST = 50;

    private final AccountService accounts;
    private final WalletService wallet;
    private final WalletReads walletReads;
    private final PaymentLookup payments;
    private final SpendLookup spending;
    private final CasdoorMirror mirror;
    private final AccountSessions sessions;
    private final PageReads reads;
    private final AuditLog audit;

    AccountFile(
            AccountService accounts,
            WalletService wallet,
            WalletReads walletReads,
            PaymentLookup payments,
            SpendLookup spending,
            CasdoorMirror mirror,
            AccountSessions sessions,
            PageReads reads,
            AuditLog audit) {
        this.accounts = accounts;
        this.wallet = wallet;
        this.walletReads = walletReads;
        this.payments = payments;
        this.spending = spending;
        this.mirror = mirror;
        this.sessions = sessions;
        this.reads = reads;
        this.audit = audit;
    }

    /** A hold and, when a service placed it through the spend API, who and why. */
    public record Hold(WalletReads.HoldLine hold, SpendLookup.@Nullable HoldCaller caller) {}

    /**
     * One account as staff see it.
     *
     * @param profile number, names, e-mail, created, deleted, and the sign-in methods with their provider user
     *     ids and when they were linked
     * @param funds balance, held by active holds not yet past their end, available
     * @param ledger the requested page of the ledger, newest first, each line with its running balance
     */
    public record View(
            Account profile,
            List<AccountSessions.Device> sessions,
            WalletService.Funds funds,
            WalletReads.LedgerPage ledger,
            PaymentLookup.Payments payments,
            SpendLookup.Charges charges,
            List<Hold> holds,
            CasdoorMirror.State mirror) {}

    /**
     * The account with page {@code ledgerPage} (from 1) of its ledger, its view by {@code staff} recorded;
     * empty when there is no such account.
     */
    @Transactional
    public Optional<View> of(StaffMember staff, UUID accountId, int ledgerPage) {
        var profileRead = accounts.findRead(accountId);
        var fundsRead = wallet.fundsRead(accountId);
        var ledgerRead = walletReads.ledgerRead(accountId, ledgerPage, LEDGER_PAGE);
        var holdsRead = walletReads.holdsRead(accountId, LATEST);
        var paymentsRead = payments.paymentsRead(accountId, LATEST);
        var chargesRead = spending.chargesRead(accountId, LATEST);
        var mirrorRead = mirror.stateRead(accountId);
        var found = reads.all(
                List.of(profileRead, fundsRead, ledgerRead, holdsRead, paymentsRead, chargesRead, mirrorRead));
        Optional<Account> profile = found.get(profileRead);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        var holdLines = found.get(holdsRead);
        Map<UUID, SpendLookup.HoldCaller> callers = holdLines.isEmpty()
                ? Map.of()
                : reads.one(spending.holdCallersRead(
                        holdLines.stream().map(WalletReads.HoldLine::id).toList()));
        audit.record(staff, new AuditEntry(AuditAction.VIEW_ACCOUNT, accountId, null, null, Map.of(), Map.of()));
        var holds = holdLines.stream()
                .map(line -> new Hold(line, callers.get(line.id())))
                .toList();
        return Optional.of(new View(
                profile.get(),
                sessions.list(accountId),
                found.get(fundsRead),
                found.get(ledgerRead),
                found.get(paymentsRead),
                found.get(chargesRead),
                holds,
                found.get(mirrorRead)));
    }

    /**
     * Ends one of the account's sessions (named by its key from {@link View#sessions()}) on every
     * instance, at its next request; false when it had already ended (then nothing is recorded).
     */
    @Transactional
    public boolean endSession(StaffMember staff, UUID accountId, String key) {
        StaffCannotAct.check(staff);
        boolean ended = sessions.end(accountId, key);
        if (ended) {
            audit.record(
                    staff,
                    new AuditEntry(
                            AuditAction.SESSION_ENDED,
                            accountId,
                            key,
                            null,
                            Map.of("session", "active"),
                            Map.of("session", "ended")));
        }
        return ended;
    }

    /** Queues a sync of the account to Casdoor now, a parked one included. */
    @Transactional
    public void resync(StaffMember staff, UUID accountId) {
        StaffCannotAct.check(staff);
        mirror.resync(accountId);
        audit.record(staff, new AuditEntry(AuditAction.CASDOOR_RESYNCED, accountId, null, null, Map.of(), Map.of()));
    }
}
