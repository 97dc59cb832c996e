package ru.myservice.wallet;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class HoldRepository {

    record HoldRow(
            UUID id,
            long walletId,
            UUID accountId,
            BigDecimal amount,
            HoldState state,
            @Nullable BigDecimal captured,
            Instant expiresAt,
            Instant createdAt) {}

    private static final String COLUMNS =
            "h.id, h.wallet_id, w.account_id, h.amount, h.state, h.captured," + " h.expires_at, h.created_at";

    private final JdbcClient jdbc;

    HoldRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, long walletId, BigDecimal amount, Instant expiresAt) {
        jdbc.sql("""
                        insert into holds (id, wallet_id, amount, state, expires_at)
                        values (:id, :wallet, :amount, 'active', :expires)
                        """)
                .param("id", id)
                .param("wallet", walletId)
                .param("amount", amount)
                .param("expires", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                .update();
    }

    Optional<HoldRow> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from holds h join wallets w on w.id = h.wallet_id where h.id = :id")
                .param("id", id)
                .query(HoldRepository::row)
                .optional();
    }

    /** Settles an active hold; false when it was no longer active. */
    boolean settle(UUID id, HoldState state, @Nullable BigDecimal captured) {
        return jdbc.sql("""
                                update holds set state = :state, captured = :captured, settled_at = now()
                                where id = :id and state = 'active'
                                """)
                        .param("id", id)
                        .param("state", state.column())
                        .param("captured", captured)
                        .update()
                == 1;
    }

    /** Marks the wallet's active holds past their expiry as expired; returns the amount they released. */
    BigDecimal expire(long walletId, Instant now) {
        return jdbc.sql("""
                        with expired as (
                            update holds set state = 'expired', settled_at = now()
                            where wallet_id = :wallet and state = 'active' and expires_at <= :now
                            returning amount)
                        select coalesce(sum(amount), 0) from expired
                        """)
                .param("wallet", walletId)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(BigDecimal.class)
                .single();
    }

    /** Voids every active hold of the wallet; returns the amount they released. */
    BigDecimal voidAll(long walletId) {
        return jdbc.sql("""
                        with voided as (
                            update holds set state = 'voided', settled_at = now()
                            where wallet_id = :wallet and state = 'active'
                            returning amount)
                        select coalesce(sum(amount), 0) from voided
                        """).param("wallet", walletId).query(BigDecimal.class).single();
    }

    /** Accounts with active holds past their expiry, for the sweeper. */
    List<UUID> accountsWithExpiredHolds(Instant now, int limit) {
        return jdbc.sql("""
                        select distinct w.account_id from holds h join wallets w on w.id = h.wallet_id
                        where h.state = 'active' and h.expires_at <= :now
                        limit :limit
                        """)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private static HoldRow row(ResultSet rs, int n) throws SQLException {
        return new HoldRow(
                rs.getObject("id", UUID.class),
                rs.getLong("wallet_id"),
                rs.getObject("account_id", UUID.class),
                rs.getBigDecimal("amount"),
                HoldState.of(rs.getString("state")),
                rs.getBigDecimal("captured"),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
