package ru.myservice.operator.payments;

import java.math.BigDecimal;
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
class RefundRequests {

    private static final String COLUMNS = "id, payment_id, account_id, amount, reason, staff_login, status,"
            + " yookassa_refund_id, failure, created_at";

    private final JdbcClient jdbc;

    RefundRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RefundRequest> byKey(String idempotenceKey) {
        return jdbc.sql("select " + COLUMNS + " from operator_refunds where idempotence_key = :key")
                .param("key", idempotenceKey)
                .query((rs, n) -> row(rs))
                .optional();
    }

    Optional<RefundRequest> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from operator_refunds where id = :id")
                .param("id", id)
                .query((rs, n) -> row(rs))
                .optional();
    }

    List<RefundRequest> ofPayment(UUID paymentId) {
        return jdbc.sql("select " + COLUMNS + " from operator_refunds where payment_id = :payment order by created_at")
                .param("payment", paymentId)
                .query((rs, n) -> row(rs))
                .list();
    }

    /** The oldest requests YooKassa took and left pending, at most {@code limit}. */
    List<RefundRequest> pendingAtYooKassa(int limit) {
        return jdbc.sql(
                        "select " + COLUMNS + " from operator_refunds"
                                + " where status = 'pending' and yookassa_refund_id is not null order by created_at limit :limit")
                .param("limit", limit)
                .query((rs, n) -> row(rs))
                .list();
    }

    /** What requests YooKassa may still carry out would take from the payment. */
    BigDecimal inFlight(UUID paymentId) {
        return jdbc.sql("""
                        select coalesce(sum(amount), 0) from operator_refunds
                        where payment_id = :payment and status in ('sending', 'pending', 'unreachable')
                        """).param("payment", paymentId).query(BigDecimal.class).single();
    }

    /**
     * Writes the request as being sent; false, writing nothing, when a request with this key exists
     * (a double click that got here second).
     */
    boolean insert(
            UUID id, UUID paymentId, UUID accountId, Money amount, String reason, StaffMember staff, String key) {
        return jdbc.sql("""
                        insert into operator_refunds
                            (id, payment_id, account_id, amount, reason, staff_subject, staff_login, idempotence_key, status)
                        values (:id, :payment, :account, :amount, :reason, :subject, :login, :key, 'sending')
                        on conflict (idempotence_key) do nothing
                        """)
                        .param("id", id)
                        .param("payment", paymentId)
                        .param("account", accountId)
                        .param("amount", amount.amount())
                        .param("reason", reason)
                        .param("subject", staff.subject())
                        .param("login", staff.login())
                        .param("key", key)
                        .update()
                == 1;
    }

    /**
     * YooKassa's answer: never takes back a final state a notification may have recorded first (a
     * succeeded refund stays succeeded).
     */
    void answered(UUID id, RefundRequestStatus status, @Nullable String refundId, @Nullable String failure) {
        jdbc.sql("""
                        update operator_refunds
                        set status = :status, yookassa_refund_id = coalesce(yookassa_refund_id, :refund),
                            failure = :failure, updated_at = now()
                        where id = :id and status in ('sending', 'pending', 'unreachable')
                        """)
                .param("id", id)
                .param("status", status.code())
                .param("refund", refundId)
                .param("failure", failure)
                .update();
    }

    /**
     * The refund was debited: its request, found by YooKassa's refund id or, when the notification came
     * before our answer, by the request id we sent with it, is done.
     */
    void debited(String refundId, @Nullable UUID requestId) {
        jdbc.sql("""
                        update operator_refunds
                        set status = 'succeeded', yookassa_refund_id = :refund, failure = null, updated_at = now()
                        where status <> 'succeeded'
                          and (yookassa_refund_id = :refund
                               or (id = cast(:request as uuid) and yookassa_refund_id is null))
                        """).param("refund", refundId).param("request", requestId).update();
    }

    private static RefundRequest row(ResultSet rs) throws SQLException {
        return new RefundRequest(
                rs.getObject("id", UUID.class),
                rs.getObject("payment_id", UUID.class),
                rs.getObject("account_id", UUID.class),
                new Money(rs.getBigDecimal("amount")),
                rs.getString("reason"),
                rs.getString("staff_login"),
                RefundRequestStatus.of(rs.getString("status")),
                rs.getString("yookassa_refund_id"),
                rs.getString("failure"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
