package ru.myservice.wallet;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class WalletRepository {

    private final JdbcClient jdbc;

    WalletRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID accountId, @Nullable String email) {
        jdbc.sql(
                        "insert into wallets (account_id, email) values (:account, :email) on conflict (account_id) do nothing")
                .param("account", accountId)
                .param("email", email)
                .update();
    }

    void setCasdoorId(UUID accountId, String casdoorId) {
        jdbc.sql("update wallets set casdoor_id = :id where account_id = :account and casdoor_id is distinct from :id")
                .param("account", accountId)
                .param("id", casdoorId)
                .update();
    }

    /** Locks the wallet row; true when it holds nothing (no balance, nothing held). */
    boolean lockEmpty(UUID accountId) {
        return jdbc.sql("select balance = 0 and held = 0 from wallets where account_id = :account for update")
                .param("account", accountId)
                .query(Boolean.class)
                .optional()
                .orElse(true);
    }

    Optional<BigDecimal> balance(UUID accountId) {
        return jdbc.sql("select balance from wallets where account_id = :account")
                .param("account", accountId)
                .query(BigDecimal.class)
                .optional();
    }
}
