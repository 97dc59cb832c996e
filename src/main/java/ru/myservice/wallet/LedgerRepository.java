package ru.myservice.wallet;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class LedgerRepository {

    record LockedWallet(long id, BigDecimal balance) {}

    private final JdbcClient jdbc;

    LedgerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The wallet row, locked until the transaction ends, so balance and ledger move together. */
    Optional<LockedWallet> lock(UUID accountId) {
        return jdbc.sql("select id, balance from wallets where account_id = :account for update")
                .param("account", accountId)
                .query((rs, n) -> new LockedWallet(rs.getLong("id"), rs.getBigDecimal("balance")))
                .optional();
    }

    /** Returns false when an entry of this kind and reference already exists: the money already moved. */
    boolean append(long walletId, BigDecimal amount, EntryKind kind, String reference, BigDecimal balanceAfter) {
        return jdbc.sql("""
                        insert into ledger_entries (wallet_id, amount, kind, reference, balance_after)
                        values (:wallet, :amount, :kind, :reference, :after)
                        on conflict (kind, reference) do nothing
                        """)
                        .param("wallet", walletId)
                        .param("amount", amount)
                        .param("kind", kind.column())
                        .param("reference", reference)
                        .param("after", balanceAfter)
                        .update()
                == 1;
    }

    void setBalance(long walletId, BigDecimal balance) {
        jdbc.sql("update wallets set balance = :balance, updated_at = now() where id = :id")
                .param("id", walletId)
                .param("balance", balance)
                .update();
    }

    BigDecimal ledgerSum(UUID accountId) {
        return jdbc.sql("""
                        select coalesce(sum(e.amount), 0) from ledger_entries e
                        join wallets w on w.id = e.wallet_id where w.account_id = :account
                        """).param("account", accountId).query(BigDecimal.class).single();
    }
}
