package ru.myservice.casdoor;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import ru.myservice.account.AccountService;
import ru.myservice.wallet.WalletService;

/**
 * Queues a sync when an account or a balance changes. It runs inside the transaction that made the
 * change, so the job exists exactly when the change does, and it only writes a row: nobody waits
 * for Casdoor.
 */
@Component
class CasdoorSyncTriggers {

    private final SyncJobs jobs;

    CasdoorSyncTriggers(SyncJobs jobs) {
        this.jobs = jobs;
    }

    @EventListener
    void on(AccountService.AccountChanged event) {
        jobs.request(event.accountId(), SyncJobs.Kind.USER);
    }

    @EventListener
    void on(WalletService.BalanceChanged event) {
        jobs.request(event.accountId(), SyncJobs.Kind.BALANCE);
    }
}
