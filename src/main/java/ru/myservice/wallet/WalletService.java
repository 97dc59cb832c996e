package ru.myservice.wallet;

import java.math.BigDecimal;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Opens wallets, reads balances, and moves money: only through ledger entries, each exactly once. */
@Service
public class WalletService {

    private static final Logger log = LoggerFactory.getLogger(WalletService.class);

    private final WalletRepository wallets;
    private final LedgerRepository ledger;
    private final ApplicationEventPublisher events;

    WalletService(WalletRepository wallets, LedgerRepository ledger, ApplicationEventPublisher events) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.events = events;
    }

    /**
     * What a posting did.
     *
     * @param applied false when this kind and reference had already been posted (nothing changed)
     */
    public record Posting(boolean applied, Money balance) {}

    /**
     * Adds money to the account's wallet once per {@code kind} and {@code reference}: a repeat (a
     * duplicate webhook, a reconciliation racing it) changes nothing and says so.
     */
    @Transactional
    public Posting credit(UUID accountId, Money amount, EntryKind kind, String reference) {
        return post(accountId, amount.amount(), kind, reference);
    }

    /**
     * Takes money from the account's wallet once per {@code kind} and {@code reference}. The balance
     * may go below zero (a refund of money already spent); that is logged for an operator to see.
     */
    @Transactional
    public Posting debit(UUID accountId, Money amount, EntryKind kind, String reference) {
        Posting posting = post(accountId, amount.amount().negate(), kind, reference);
        if (posting.applied() && posting.balance().amount().signum() < 0) {
            log.warn(
                    "Wallet of account {} is negative ({}) after {} {}", accountId, posting.balance(), kind, reference);
        }
        return posting;
    }

    private Posting post(UUID accountId, BigDecimal delta, EntryKind kind, String reference) {
        if (delta.signum() == 0) {
            throw new IllegalArgumentException("A ledger entry moves money; zero moves none");
        }
        var wallet = ledger.lock(accountId)
                .orElseThrow(() -> new IllegalStateException("Account " + accountId + " has no wallet"));
        BigDecimal after = wallet.balance().add(delta);
        if (!ledger.append(wallet.id(), delta, kind, reference, after)) {
            return new Posting(false, new Money(wallet.balance()));
        }
        ledger.setBalance(wallet.id(), after);
        events.publishEvent(new BalanceChanged(accountId));
        return new Posting(true, new Money(after));
    }

    /** The sum of the account's ledger; always equal to its balance. */
    @Transactional(readOnly = true)
    public Money ledgerSum(UUID accountId) {
        return new Money(ledger.ledgerSum(accountId));
    }

    /** An account's balance changed; published inside the transaction that changed it. */
    public record BalanceChanged(UUID accountId) {}

    /** Opens an empty RUB wallet; must run in the transaction that creates the account. */
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
