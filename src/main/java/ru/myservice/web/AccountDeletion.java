package ru.myservice.web;

import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.account.AccountService;
import ru.myservice.topup.TopupService;
import ru.myservice.wallet.WalletService;

/**
 * Deleting an account, only when no money would be lost: no balance, nothing held, no payment that
 * YooKassa may still complete. The wallet stays locked from the check to the deletion, so a credit
 * cannot land in between.
 */
@Service
class AccountDeletion {

    enum Outcome {
        DELETED,
        MONEY_LEFT,
        OPEN_PAYMENTS
    }

    private final AccountService accounts;
    private final WalletService wallets;
    private final TopupService topups;

    AccountDeletion(AccountService accounts, WalletService wallets, TopupService topups) {
        this.accounts = accounts;
        this.wallets = wallets;
        this.topups = topups;
    }

    @Transactional
    Outcome delete(UUID accountId) {
        if (!wallets.lockEmpty(accountId)) {
            return Outcome.MONEY_LEFT;
        }
        if (topups.openPayments(accountId) > 0) {
            return Outcome.OPEN_PAYMENTS;
        }
        accounts.delete(accountId);
        return Outcome.DELETED;
    }
}
