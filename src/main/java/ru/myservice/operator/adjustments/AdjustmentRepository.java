package ru.myservice.operator.adjustments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import ru.myservice.operator.StaffMember;
import ru.myservice.wallet.Money;

@Repository
class AdjustmentRepository {

    private static final String COLUMNS = "id, account_id, amount, category, reason, needs_approval, status,"
            + " requested_by, requested_login, decided_login, decision_note, created_at, decided_at";

    private final JdbcClient jdbc;

    AdjustmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes it as pending; false, writing nothing, when an adjustment with this request key exists. */
    boolean insert(
            UUID id,
            UUID accountId,
            Money amount,
            AdjustmentCategory category,
            String reason,
            boolean needsApproval,
            StaffMember staff,
            String requestKey) {
        return jdbc.sql("""
                        insert into adjustments (id, account_id, amount, category, reason, request_key, needs_approval,
                                                 status, requested_by, requested_login)
                        values (:id, :account, :amount, :category, :reason, :key, :approval, 'pending', :by, :login)
                        on conflict (request_key) do nothing
                        """)
                        .param("id", id)
                        .param("account", accountId)
                        .param("amount", amount.amount())
                        .param("category", category.code())
                        .param("reason", reason)
                        .param("key", requestKey)
                        .param("approval", needsApproval)
                        .param("by", staff.subject())
                        .param("login", staff.login())
                        .update()
                == 1;
    }

    Optional<Adjustment> byKey(String requestKey) {
        return jdbc.sql("select " + COLUMNS + " from adjustments where request_key = :key")
                .param("key", requestKey)
                .query((rs, n) -> row(rs))
                .optional();
    }

    Optional<Adjustment> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from adjustments where id = :id")
                .param("id", id)
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** The adjustment, locked until the transaction ends: it is decided once. */
    Optional<Adjustment> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from adjustments where id = :id for update")
                .param("id", id)
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** Applied without a second pair of eyes (at or below the threshold). */
    void applied(UUID id) {
        jdbc.sql("""
                        update adjustments set status = 'applied', decided_at = now()
                        where id = :id and status = 'pending' and not needs_approval
                        """).param("id", id).update();
    }

    /** Approved or rejected by {@code staff}; false when it was no longer pending. */
    boolean decide(UUID id, AdjustmentStatus status, StaffMember staff, @Nullable String note) {
        return jdbc.sql("""
                        update adjustments set status = :status, decided_by = :by, decided_login = :login,
                            decision_note = :note, decided_at = now()
                        where id = :id and status = 'pending'
                        """)
                        .param("id", id)
                        .param("status", status.code())
                        .param("by", staff.subject())
                        .param("login", staff.login())
                        .param("note", note)
                        .update()
                == 1;
    }

    List<Adjustment> waiting(int limit) {
        return jdbc.sql("select " + COLUMNS
                        + " from adjustments where status = 'pending' order by created_at limit :limit")
                .param("limit", limit)
                .query((rs, n) -> row(rs))
                .list();
    }

    /** The latest approved or rejected by a second member of staff, newest decision first. */
    List<Adjustment> decided(int limit) {
        return jdbc.sql("select " + COLUMNS
                        + " from adjustments where needs_approval and status <> 'pending'"
                        + " order by decided_at desc limit :limit")
                .param("limit", limit)
                .query((rs, n) -> row(rs))
                .list();
    }

    List<Adjustment> ofAccount(UUID accountId, int limit) {
        return jdbc.sql("select " + COLUMNS
                        + " from adjustments where account_id = :account order by created_at desc limit :limit")
                .param("account", accountId)
                .param("limit", limit)
                .query((rs, n) -> row(rs))
                .list();
    }

    private static Adjustment row(ResultSet rs) throws SQLException {
        OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
        return new Adjustment(
                rs.getObject("id", UUID.class),
                rs.getObject("account_id", UUID.class),
                new Money(rs.getBigDecimal("amount")),
                AdjustmentCategory.of(rs.getString("category")),
                rs.getString("reason"),
                rs.getBoolean("needs_approval"),
                AdjustmentStatus.of(rs.getString("status")),
                rs.getString("requested_by"),
                rs.getString("requested_login"),
                rs.getString("decided_login"),
                rs.getString("decision_note"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                decided == null ? null : decided.toInstant());
    }
}
