package ru.myservice.wallet;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Opens wallets and reads balances. Balances change only through ledger entries. */
@Service
public class WalletService {

    private final WalletRepository wallets;

    WalletService(WalletRepository wallets) {
        this.wallets = wallets;
    }

    /** Opens an empty RUB wallet; must run in the transaction that creates the account. */
    /** An account's balance changed; published inside the transaction that changed it. */
    public record BalanceChanged(UUID accountId) {}

    @Transactional(propagation = Propagation.MANDATORY)
    public void openWallet(UUID accountId, @Nullable String email) {
        wallets.insert(accountId, email);
    }

    /** Remembers which Casdoor user mirrors this wallet ({@code owner/name}), as the original did. */
    @Transactional
    public void linkCasdoor(UUID accountId, String casdoorId) {
        wallets.setCasdoorId(accountId, casdoorId);
    }

    @Transactional(readOnly = true)
    public Money balance(UUID accountId) {
        return wallets.balance(accountId).map(Money::new).orElse(Money.ZERO);
    }
}
