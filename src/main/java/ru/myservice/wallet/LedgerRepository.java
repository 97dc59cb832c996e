package ru.myservice.wallet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import ru.myservice.config.PageRead;
import ru.myservice.config.Row;

@Repository
class LedgerRepository {

    record LockedWallet(long id, BigDecimal balance, BigDecimal held) {}

    private final JdbcClient jdbc;

    LedgerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The wallet row, locked until the transaction ends, so balance and ledger move together. */
    Optional<LockedWallet> lock(UUID accountId) {
        return jdbc.sql("select id, balance, held from wallets where account_id = :account for update")
                .param("account", accountId)
                .query((rs, n) ->
                        new LockedWallet(rs.getLong("id"), rs.getBigDecimal("balance"), rs.getBigDecimal("held")))
                .optional();
    }

    /** A credit's outcome: the balance before it and, when it was applied, after it. */
    record Credited(BigDecimal before, @Nullable BigDecimal after) {}

    /**
     * Locks the account's wallet, appends a credit and sets the balance, in one statement and one
     * round trip. Empty when the account has no wallet; {@code after} is null, changing nothing, when an
     * entry of this kind and reference already exists. A credit need not look at the wallet first: holds
     * limit spending, never receiving.
     */
    Optional<Credited> credit(UUID accountId, BigDecimal amount, EntryKind kind, String reference) {
        return jdbc.sql("""
                        with wallet as (
                            select id, balance from wallets where account_id = :account for update),
                        entry as (
                            insert into ledger_entries (wallet_id, amount, kind, reference, balance_after)
                            select id, :amount, :kind, :reference, balance + :amount from wallet
                            on conflict (kind, reference) do nothing
                            returning wallet_id, balance_after),
                        moved as (
                            update wallets w set balance = entry.balance_after, updated_at = now()
                            from entry where w.id = entry.wallet_id)
                        select wallet.balance, entry.balance_after from wallet left join entry on true
                        """)
                .param("account", accountId)
                .param("amount", amount)
                .param("kind", kind.column())
                .param("reference", reference)
                .query((rs, n) -> new Credited(rs.getBigDecimal("balance"), rs.getBigDecimal("balance_after")))
                .optional();
    }

    /**
     * Appends the entry and sets the wallet's balance to {@code balanceAfter}, in one statement; the wallet
     * must be locked. Returns false, changing nothing, when an entry of this kind and reference already
     * exists: the money already moved.
     */
    boolean append(long walletId, BigDecimal amount, EntryKind kind, String reference, BigDecimal balanceAfter) {
        return jdbc.sql("""
                        with entry as (
                            insert into ledger_entries (wallet_id, amount, kind, reference, balance_after)
                            values (:wallet, :amount, :kind, :reference, :after)
                            on conflict (kind, reference) do nothing
                            returning wallet_id, balance_after)
                        update wallets w set balance = entry.balance_after, updated_at = now()
                        from entry where w.id = entry.wallet_id
                        """)
                        .param("wallet", walletId)
                        .param("amount", amount)
                        .param("kind", kind.column())
                        .param("reference", reference)
                        .param("after", balanceAfter)
                        .update()
                == 1;
    }

    void setHeld(long walletId, BigDecimal held) {
        jdbc.sql("update wallets set held = :held, updated_at = now() where id = :id")
                .param("id", walletId)
                .param("held", held)
                .update();
    }

    /** Balance, what is held, and what of that is held by holds already past their expiry. */
    record Funds(BigDecimal balance, BigDecimal held, BigDecimal expiredHeld) {}

    /** The wallet's balance and held money, and how much of that is held by holds past their end. */
    PageRead<Optional<Funds>> fundsRead(UUID accountId, Instant now) {
        return new PageRead<>(
                """
                select json_build_object('balance', w.balance, 'held', w.held, 'expired',
                    (select coalesce(sum(h.amount), 0) from holds h
                     where h.wallet_id = w.id and h.state = 'active' and h.expires_at <= :funds_now))
                from wallets w where w.account_id = :funds_account
                """,
                Map.of(
                        "funds_account",
                        accountId,
                        "funds_now",
                        java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)),
                found -> {
                    if (found == null) {
                        return Optional.empty();
                    }
                    Row row = Row.of(found);
                    return Optional.of(new Funds(row.decimal("balance"), row.decimal("held"), row.decimal("expired")));
                });
    }

    record EntryRow(
            long id, EntryKind kind, BigDecimal amount, BigDecimal balanceAfter, String reference, Instant createdAt) {}

    /** The account's entries, newest first, older than entry {@code before} when given. */
    List<EntryRow> entries(UUID accountId, @Nullable Long before, int limit) {
        return jdbc.sql("""
                        select e.id, e.kind, e.amount, e.balance_after, e.reference, e.created_at
                        from ledger_entries e join wallets w on w.id = e.wallet_id
                        where w.account_id = :account and (cast(:before as bigint) is null or e.id < :before)
                        order by e.id desc limit :limit
                        """)
                .param("account", accountId)
                .param("before", before)
                .param("limit", limit)
                .query((rs, n) -> new EntryRow(
                        rs.getLong("id"),
                        EntryKind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                        rs.getBigDecimal("amount"),
                        rs.getBigDecimal("balance_after"),
                        rs.getString("reference"),
                        rs.getObject("created_at", java.time.OffsetDateTime.class)
                                .toInstant()))
                .list();
    }

    BigDecimal ledgerSum(UUID accountId) {
        return jdbc.sql("""
                        select coalesce(sum(e.amount), 0) from ledger_entries e
                        join wallets w on w.id = e.wallet_id where w.account_id = :account
                        """).param("account", accountId).query(BigDecimal.class).single();
    }
}
