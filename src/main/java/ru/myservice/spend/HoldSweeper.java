package ru.myservice.spend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import ru.myservice.wallet.WalletService;

/**
 * Releases holds past their expiry and forgets idempotency keys past their retention. Not needed for
 * correctness (an expired hold reserves nothing from the moment it expires, and is released under the
 * wallet lock by the next operation on that wallet), only to keep {@code held} tidy for readers. Each
 * wallet is released in its own transaction under its row lock, so any number of instances may sweep.
 */
@Component
class HoldSweeper {

    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
    private static final int BATCH = 200;

    private final WalletService wallets;
    private final SpendService spending;

    HoldSweeper(WalletService wallets, SpendService spending) {
        this.wallets = wallets;
        this.spending = spending;
    }

    @Scheduled(
            fixedDelayString = "${myservice.spending.sweep-interval}",
            initialDelayString = "${myservice.spending.sweep-interval}")
    void sweep() {
        try {
            int accounts = wallets.sweepExpiredHolds(BATCH);
            int keys = spending.forgetOldKeys();
            if (accounts > 0 || keys > 0) {
                log.info("Released expired holds of {} accounts; forgot {} old idempotency keys", accounts, keys);
            }
        } catch (RuntimeException e) {
            log.warn("Hold sweep failed; the next one tries again", e);
        }
    }
}
