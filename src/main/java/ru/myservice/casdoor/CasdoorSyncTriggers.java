package ru.myservice.casdoor;

import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import ru.myservice.account.AccountService;
import ru.myservice.wallet.WalletService;

/**
 * Queues a sync when an account or a balance changes. It runs inside the transaction that made the
 * change, so the job exists exactly when the change does, and it only writes a row: nobody waits
 * for Casdoor. An operator can also queue every account at once.
 */
@Component
class CasdoorSyncTriggers {

    /** Accounts asked for and queued per round trip when every account is re-queued. */
    private static final int PAGE = 500;

    private final SyncJobs jobs;
    private final AccountService accounts;

    CasdoorSyncTriggers(SyncJobs jobs, AccountService accounts) {
        this.jobs = jobs;
        this.accounts = accounts;
    }

    @EventListener
    void on(AccountService.AccountChanged event) {
        jobs.request(event.accountId(), SyncJobs.Kind.USER);
    }

    @EventListener
    void on(WalletService.BalanceChanged event) {
        jobs.request(event.accountId(), SyncJobs.Kind.BALANCE);
    }

    /** Queues a user sync of every account, a page at a time; returns how many were queued. */
    int requestAll() {
        int queued = 0;
        UUID after = null;
        List<UUID> page;
        while (!(page = accounts.accountIds(after, PAGE)).isEmpty()) {
            queued += jobs.requestNow(page);
            after = page.getLast();
        }
        return queued;
    }
}
