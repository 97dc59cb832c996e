package ru.myservice.wallet;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import ru.myservice.config.PageRead;
import ru.myservice.config.PageReads;

/** Opens wallets, reads balances, and moves money: only through ledger entries, each exactly once. */
@Service
public class WalletService {

    private static final Logger log = LoggerFactory.getLogger(WalletService.class);

    private final WalletRepository wallets;
    private final LedgerRepository ledger;
    private final HoldRepository holds;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate sweeper;
    private final PageReads reads;

    WalletService(
            WalletRepository wallets,
            LedgerRepository ledger,
            HoldRepository holds,
            ApplicationEventPublisher events,
            Clock clock,
            PlatformTransactionManager transactions,
            PageReads reads) {
        this.reads = reads;
        this.wallets = wallets;
        this.ledger = ledger;
        this.holds = holds;
        this.events = events;
        this.clock = clock;
        this.sweeper = new TransactionTemplate(transactions);
    }

    /**
     * An account's money: its balance, the part active holds reserve, and what is left to spend.
     * Holds past their expiry reserve nothing, whether or not they have been swept yet.
     */
    public record Funds(Money balance, Money held) {

        public Money available() {
            return new Money(balance.amount().subtract(held.amount()));
        }
    }

    /** A hold as the wallet keeps it. {@code captured} is set once it is captured. */
    public record Hold(
            UUID id,
            UUID accountId,
            Money amount,
            HoldState state,
            @Nullable Money captured,
            Instant expiresAt,
            Instant createdAt) {}

    /** What a request to spend did. */
    public sealed interface Spent {

        /** Done; the account's funds afterwards. */
        record Done(Funds funds) implements Spent {}

        /** Not enough money available; nothing changed. */
        record InsufficientFunds(Money available, Money required) implements Spent {}

        /** The hold is no longer active (captured, voided or expired); nothing changed. */
        record HoldNotActive(HoldState state) implements Spent {}

        /** A capture above the amount held; nothing changed. */
        record AboveHold(Money held) implements Spent {}
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
        if (amount.amount().signum() <= 0) {
            throw new IllegalArgumentException("A credit adds money; " + amount + " adds none");
        }
        var credited = ledger.credit(accountId, amount.amount(), kind, reference)
                .orElseThrow(() -> new IllegalStateException("Account " + accountId + " has no wallet"));
        if (credited.after() == null) {
            return new Posting(false, new Money(credited.before()));
        }
        events.publishEvent(new BalanceChanged(accountId));
        return new Posting(true, new Money(credited.after()));
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
        return post(locked(accountId), accountId, delta, kind, reference);
    }

    private Posting post(
            LedgerRepository.LockedWallet wallet, UUID accountId, BigDecimal delta, EntryKind kind, String reference) {
        if (delta.signum() == 0) {
            throw new IllegalArgumentException("A ledger entry moves money; zero moves none");
        }
        BigDecimal after = wallet.balance().add(delta);
        if (kind == EntryKind.REFUND && wallet.held().signum() > 0 && after.compareTo(wallet.held()) < 0) {
            // Money already spent went back to the card: what the services hold can no longer be covered.
            BigDecimal released = holds.voidAll(wallet.id());
            ledger.setHeld(wallet.id(), wallet.held().subtract(released));
            log.warn(
                    "Refund {} leaves account {} unable to cover its holds: {} released",
                    reference,
                    accountId,
                    released);
        }
        if (!ledger.append(wallet.id(), delta, kind, reference, after)) {
            return new Posting(false, new Money(wallet.balance()));
        }
        events.publishEvent(new BalanceChanged(accountId));
        return new Posting(true, new Money(after));
    }

    /** The wallet row locked for this transaction, with its expired holds released first. */
    private LedgerRepository.LockedWallet locked(UUID accountId) {
        var wallet = ledger.lock(accountId)
                .orElseThrow(() -> new IllegalStateException("Account " + accountId + " has no wallet"));
        if (wallet.held().signum() == 0) {
            return wallet;
        }
        BigDecimal released = holds.expire(wallet.id(), clock.instant());
        if (released.signum() == 0) {
            return wallet;
        }
        BigDecimal held = wallet.held().subtract(released);
        ledger.setHeld(wallet.id(), held);
        return new LedgerRepository.LockedWallet(wallet.id(), wallet.balance(), held);
    }

    /**
     * Locks the wallet until the transaction ends and says whether it is empty: nothing on the
     * balance, nothing held. An account whose money would be lost is never deleted.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean lockEmpty(UUID accountId) {
        return wallets.lockEmpty(accountId);
    }

    /** Whether the account has a wallet (every account has one, from its first sign-in). */
    @Transactional(readOnly = true)
    public boolean exists(UUID accountId) {
        return wallets.balance(accountId).isPresent();
    }

    @Transactional(readOnly = true)
    public Funds funds(UUID accountId) {
        return reads.one(fundsRead(accountId));
    }

    /**
     * {@link #funds}, as a part of a page that reads all it shows in one statement; reading it throws if
     * the account has no wallet.
     */
    public PageRead<Funds> fundsRead(UUID accountId) {
        return ledger.fundsRead(accountId, clock.instant()).map(found -> {
            var funds = found.orElseThrow(() -> new IllegalStateException("Account " + accountId + " has no wallet"));
            return new Funds(new Money(funds.balance()), new Money(funds.held().subtract(funds.expiredHeld())));
        });
    }

    /**
     * Reserves {@code amount} until {@code expiresAt} if that much is available; must run in the caller's
     * transaction (with whatever it records about the hold).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Spent hold(UUID accountId, UUID holdId, Money amount, Instant expiresAt) {
        var wallet = locked(accountId);
        BigDecimal available = wallet.balance().subtract(wallet.held());
        if (available.compareTo(amount.amount()) < 0) {
            return new Spent.InsufficientFunds(new Money(available.max(BigDecimal.ZERO)), amount);
        }
        holds.insert(holdId, wallet.id(), amount.amount(), expiresAt);
        BigDecimal held = wallet.held().add(amount.amount());
        ledger.setHeld(wallet.id(), held);
        return new Spent.Done(new Funds(new Money(wallet.balance()), new Money(held)));
    }

    /**
     * Captures {@code amount} (at most what is held) of an active hold as a charge posted under
     * {@code chargeReference}, and releases the rest.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Spent capture(UUID holdId, Money amount, String chargeReference) {
        var hold = holds.find(holdId).orElseThrow(() -> new IllegalArgumentException("No hold " + holdId));
        var wallet = locked(hold.accountId());
        var current = holds.find(holdId).orElseThrow();
        if (current.state() != HoldState.ACTIVE) {
            return new Spent.HoldNotActive(current.state());
        }
        if (amount.amount().compareTo(current.amount()) > 0) {
            return new Spent.AboveHold(new Money(current.amount()));
        }
        holds.settle(holdId, HoldState.CAPTURED, amount.amount());
        BigDecimal held = wallet.held().subtract(current.amount());
        ledger.setHeld(wallet.id(), held);
        var unheld = new LedgerRepository.LockedWallet(wallet.id(), wallet.balance(), held);
        var posting = post(unheld, hold.accountId(), amount.amount().negate(), EntryKind.CHARGE, chargeReference);
        return new Spent.Done(new Funds(posting.balance(), new Money(held)));
    }

    /** Releases an active hold without charging anything. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Spent release(UUID holdId) {
        var hold = holds.find(holdId).orElseThrow(() -> new IllegalArgumentException("No hold " + holdId));
        var wallet = locked(hold.accountId());
        var current = holds.find(holdId).orElseThrow();
        if (current.state() != HoldState.ACTIVE) {
            return new Spent.HoldNotActive(current.state());
        }
        holds.settle(holdId, HoldState.VOIDED, null);
        BigDecimal held = wallet.held().subtract(current.amount());
        ledger.setHeld(wallet.id(), held);
        return new Spent.Done(new Funds(new Money(wallet.balance()), new Money(held)));
    }

    /** Takes {@code amount} at once, posted under {@code chargeReference}, if that much is available. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Spent charge(UUID accountId, Money amount, String chargeReference) {
        var wallet = locked(accountId);
        BigDecimal available = wallet.balance().subtract(wallet.held());
        if (available.compareTo(amount.amount()) < 0) {
            return new Spent.InsufficientFunds(new Money(available.max(BigDecimal.ZERO)), amount);
        }
        var posting = post(wallet, accountId, amount.amount().negate(), EntryKind.CHARGE, chargeReference);
        return new Spent.Done(new Funds(posting.balance(), new Money(wallet.held())));
    }

    /**
     * An operator's adjustment, posted once per {@code reference}: a credit, or a debit only if that much
     * is available (balance less what is held), checked under the wallet's lock as a charge is; the
     * database refuses an adjustment that would leave the balance below zero as well. Must run in the
     * caller's transaction (with whatever it records about the adjustment).
     *
     * @param amount positive to credit, negative to debit
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Spent adjust(UUID accountId, Money amount, String reference) {
        var wallet = locked(accountId);
        if (amount.amount().signum() < 0) {
            BigDecimal available = wallet.balance().subtract(wallet.held());
            Money required = new Money(amount.amount().negate());
            if (available.compareTo(required.amount()) < 0) {
                return new Spent.InsufficientFunds(new Money(available.max(BigDecimal.ZERO)), required);
            }
        }
        var posting = post(wallet, accountId, amount.amount(), EntryKind.ADJUSTMENT, reference);
        return new Spent.Done(new Funds(posting.balance(), new Money(wallet.held())));
    }

    /** One ledger entry: what moved, why ({@code kind} and its {@code reference}), and the balance after. */
    public record Entry(long id, EntryKind kind, Money amount, Money balanceAfter, String reference, Instant at) {}

    /** The account's ledger, newest first: {@code limit} entries older than entry {@code before}, if given. */
    @Transactional(readOnly = true)
    public List<Entry> entries(UUID accountId, @Nullable Long before, int limit) {
        return ledger.entries(accountId, before, limit).stream()
                .map(e -> new Entry(
                        e.id(),
                        e.kind(),
                        new Money(e.amount()),
                        new Money(e.balanceAfter()),
                        e.reference(),
                        e.createdAt()))
                .toList();
    }

    /** A hold as it stands now; an active one past its expiry reads as expired. */
    @Transactional(readOnly = true)
    public Optional<Hold> findHold(UUID holdId) {
        Instant now = clock.instant();
        return holds.find(holdId)
                .map(h -> new Hold(
                        h.id(),
                        h.accountId(),
                        new Money(h.amount()),
                        h.state() == HoldState.ACTIVE && !h.expiresAt().isAfter(now) ? HoldState.EXPIRED : h.state(),
                        h.captured() == null ? null : new Money(h.captured()),
                        h.expiresAt(),
                        h.createdAt()));
    }

    /**
     * Releases expired holds of up to {@code limit} accounts, each in its own transaction under its
     * wallet lock; safe on any number of instances. Returns how many accounts it released holds of.
     */
    public int sweepExpiredHolds(int limit) {
        int swept = 0;
        for (UUID account : holds.accountsWithExpiredHolds(clock.instant(), limit)) {
            sweeper.executeWithoutResult(tx -> locked(account));
            swept++;
        }
        return swept;
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
