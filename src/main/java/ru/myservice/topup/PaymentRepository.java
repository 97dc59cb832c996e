package ru.myservice.topup;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import ru.myservice.config.PageRead;
import ru.myservice.config.PageReads;
import ru.myservice.config.Row;
import tools.jackson.databind.JsonNode;

@Repository
class PaymentRepository {

    record PaymentRow(
            UUID id,
            UUID userId,
            @Nullable String yookassaId,
            BigDecimal amount,
            String currency,
            PaymentStatus status,
            String idempotenceKey,
            String description,
            @Nullable String cancellationReason,
            BigDecimal refundedAmount,
            Instant createdAt,
            @Nullable String confirmationToken,
            @Nullable Instant tokenExpiresAt,
            @Nullable Instant dismissedAt,
            @Nullable String method,
            @Nullable String receiptStatus) {

        boolean settled() {
            return status.settled();
        }

        /** Whether the person can still pay it in the widget with a good {@code margin} of time left. */
        boolean payable(Instant now, Duration margin) {
            return status == PaymentStatus.PENDING
                    && dismissedAt == null
                    && confirmationToken != null
                    && tokenExpiresAt != null
                    && tokenExpiresAt.isAfter(now.plus(margin));
        }
    }

    private static final String COLUMNS =
            "id, user_id, yookassa_payment_id, amount, currency, status, idempotence_key, description,"
                    + " cancellation_reason, refunded_amount, created_at, confirmation_token, token_expires_at,"
                    + " dismissed_at, method, receipt_status";

    private final JdbcClient jdbc;

    private final PageReads reads;

    PaymentRepository(JdbcClient jdbc, PageReads reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    <T> T read(PageRead<T> read) {
        return reads.one(read);
    }

    void insert(UUID id, UUID userId, BigDecimal amount, String idempotenceKey, String description) {
        jdbc.sql("""
                        insert into payments (id, user_id, amount, status, idempotence_key, description)
                        values (:id, :user, :amount, 'new', :key, :description)
                        """)
                .param("id", id)
                .param("user", userId)
                .param("amount", amount)
                .param("key", idempotenceKey)
                .param("description", description)
                .update();
    }

    /** YooKassa created it: the person can pay with {@code token} until {@code tokenExpiresAt}. */
    void created(UUID id, String yookassaId, boolean test, @Nullable String token, Instant tokenExpiresAt) {
        jdbc.sql("""
                        update payments set yookassa_payment_id = :yid, status = 'pending', test = :test,
                            confirmation_token = :token, token_expires_at = :expires, updated_at = now()
                        where id = :id and status = 'new'
                        """)
                .param("id", id)
                .param("yid", yookassaId)
                .param("test", test)
                .param("token", token)
                .param("expires", timestamp(tokenExpiresAt))
                .update();
    }

    /**
     * The person's newest pending payment of exactly {@code amount} they can still pay with time to
     * spare ({@code payableAfter}), not dismissed.
     */
    Optional<PaymentRow> reusable(UUID userId, BigDecimal amount, Instant payableAfter) {
        return jdbc.sql("select " + COLUMNS + """
                         from payments
                        where user_id = :user and status = 'pending' and amount = :amount and dismissed_at is null
                          and confirmation_token is not null and token_expires_at > :after
                        order by created_at desc
                        limit 1
                        """)
                .param("user", userId)
                .param("amount", amount)
                .param("after", timestamp(payableAfter))
                .query((rs, n) -> row(Row.of(rs)))
                .optional();
    }

    /** The person's pending payments whose token has not run out yet, newest first. */
    PageRead<List<UUID>> openRead(UUID userId, Instant now, int limit) {
        return new PageRead<>(
                """
                select json_agg(o.id order by o.created_at desc)
                from (select id, created_at from payments
                      where user_id = :open_user and status = 'pending' and token_expires_at > :open_now
                      order by created_at desc
                      limit :open_limit) o
                """, Map.of("open_user", userId, "open_now", timestamp(now), "open_limit", limit), found -> {
                    List<UUID> ids = new ArrayList<>();
                    if (found != null) {
                        found.forEach(id -> ids.add(UUID.fromString(id.asString())));
                    }
                    return ids;
                });
    }

    /**
     * Records that the person dismissed their pending payment; true when it is (now or already)
     * dismissed. The status stays pending: only YooKassa can end it.
     */
    boolean dismiss(UUID id, UUID userId, Instant at) {
        return jdbc.sql("""
                        update payments set dismissed_at = coalesce(dismissed_at, :at)
                        where id = :id and user_id = :user and status = 'pending'
                        """)
                        .param("id", id)
                        .param("user", userId)
                        .param("at", timestamp(at))
                        .update()
                == 1;
    }

    void failed(UUID id) {
        jdbc.sql("update payments set status = 'failed', updated_at = now() where id = :id and status = 'new'")
                .param("id", id)
                .update();
    }

    /**
     * YooKassa created the payment after the person was told it failed: its id is kept, so a later
     * notification about it still finds the row, but nobody holds its token, so it stays failed.
     */
    void createdTooLate(UUID id, String yookassaId, boolean test) {
        jdbc.sql("""
                        update payments set yookassa_payment_id = :yid, status = 'failed', test = :test, updated_at = now()
                        where id = :id and status in ('new', 'failed') and yookassa_payment_id is null
                        """)
                .param("id", id)
                .param("yid", yookassaId)
                .param("test", test)
                .update();
    }

    Optional<PaymentRow> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from payments where id = :id")
                .param("id", id)
                .query((rs, n) -> row(Row.of(rs)))
                .optional();
    }

    /** The row, locked until the transaction ends. */
    Optional<PaymentRow> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from payments where id = :id for update")
                .param("id", id)
                .query((rs, n) -> row(Row.of(rs)))
                .optional();
    }

    /** The row, locked until the transaction ends, found by YooKassa's id or by the id we put in metadata. */
    Optional<PaymentRow> lockForRemote(String yookassaId, @Nullable UUID ourId) {
        var byRemote = jdbc.sql("select " + COLUMNS + " from payments where yookassa_payment_id = :yid for update")
                .param("yid", yookassaId)
                .query((rs, n) -> row(Row.of(rs)))
                .optional();
        if (byRemote.isPresent() || ourId == null) {
            return byRemote;
        }
        // Created at YooKassa, but our answer never came back (timeout): found by our own id.
        return jdbc.sql("select " + COLUMNS
                        + " from payments where id = :id and yookassa_payment_id is null for update")
                .param("id", ourId)
                .query((rs, n) -> row(Row.of(rs)))
                .optional();
    }

    /** Binds a row whose create answer was lost to the YooKassa payment that turned out to be it. */
    void adopt(UUID id, String yookassaId) {
        jdbc.sql("update payments set yookassa_payment_id = :yid where id = :id and yookassa_payment_id is null")
                .param("yid", yookassaId)
                .param("id", id)
                .update();
    }

    /** Records the outcome; the token, spent with the payment, is forgotten. */
    void settle(UUID id, PaymentStatus status, @Nullable String party, @Nullable String reason) {
        jdbc.sql("""
                        update payments set status = :status, cancellation_party = :party, cancellation_reason = :reason,
                            confirmation_token = null, token_expires_at = null, updated_at = now()
                        where id = :id
                        """)
                .param("id", id)
                .param("status", status.code())
                .param("party", party)
                .param("reason", reason)
                .update();
    }

    /**
     * Settled as succeeded, as {@link #settle} does, with how it was paid and how its receipt fared
     * recorded as {@link #describe} does, in one statement.
     */
    void succeeded(UUID id, @Nullable String method, @Nullable String receiptStatus) {
        jdbc.sql("""
                        update payments set status = 'succeeded', cancellation_party = null, cancellation_reason = null,
                            confirmation_token = null, token_expires_at = null, updated_at = now(),
                            method = coalesce(:method, method), receipt_status = coalesce(:receipt, receipt_status)
                        where id = :id
                        """)
                .param("id", id)
                .param("method", method)
                .param("receipt", receiptStatus)
                .update();
    }

    /** How a paid payment was paid and how its receipt fared, as YooKassa last said (kept if it says nothing). */
    void describe(UUID id, @Nullable String method, @Nullable String receiptStatus) {
        jdbc.sql("""
                        update payments set method = coalesce(:method, method),
                            receipt_status = coalesce(:receipt, receipt_status)
                        where id = :id
                        """)
                .param("id", id)
                .param("method", method)
                .param("receipt", receiptStatus)
                .update();
    }

    void refunded(UUID id, BigDecimal amount) {
        jdbc.sql("""
                        update payments set refunded_amount = refunded_amount + :amount,
                            status = case when refunded_amount + :amount >= amount then 'refunded' else status end,
                            updated_at = now()
                        where id = :id
                        """).param("id", id).param("amount", amount).update();
    }

    record Unsettled(UUID id, @Nullable String yookassaId, PaymentStatus status, Instant createdAt) {}

    /**
     * Takes unsettled payments not looked at for {@code after}, and pending ones whose token ran out by
     * {@code now} (YooKassa cancels them then); touching them is the claim, so other instances skip them
     * until they are due again. A token that ran out is forgotten, so its payment is claimed for that
     * reason once.
     */
    List<Unsettled> claimUnsettled(Duration after, Instant now, int limit) {
        return jdbc.sql("""
                        update payments p set updated_at = now(),
                            confirmation_token = case when p.token_expires_at <= :now then null else p.confirmation_token end,
                            token_expires_at = case when p.token_expires_at <= :now then null else p.token_expires_at end
                        where p.id in (
                            select id from payments
                            where status in ('new', 'pending')
                              and (updated_at < now() - make_interval(secs => :after) or token_expires_at <= :now)
                            order by updated_at
                            limit :limit
                            for update skip locked)
                        returning p.id, p.yookassa_payment_id, p.status, p.created_at
                        """)
                .param("after", (double) after.toSeconds())
                .param("now", timestamp(now))
                .param("limit", limit)
                .query((rs, n) -> new Unsettled(
                        rs.getObject("id", UUID.class),
                        rs.getString("yookassa_payment_id"),
                        PaymentStatus.of(rs.getString("status")),
                        Row.of(rs).instant("created_at")))
                .list();
    }

    List<PaymentRow> page(UUID userId, int limit, int offset) {
        return jdbc.sql("select " + COLUMNS
                        + " from payments where user_id = :user and status <> 'new'"
                        + " order by created_at desc, id limit :limit offset :offset")
                .param("user", userId)
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> row(Row.of(rs)))
                .list();
    }

    /** A page of the history and how many payments the whole history holds. */
    record CountedPage(List<PaymentRow> rows, int total) {}

    /** A page of the history and how many payments the whole history holds, in one query. */
    PageRead<CountedPage> countedPageRead(UUID userId, int limit, int offset) {
        return new PageRead<>(
                """
                select json_build_object(
                    'total', coalesce(
                        (select listed from payment_history_counts where user_id = :history_user), 0),
                    'rows', (select json_agg(p order by p.created_at desc, p.id)
                             from (select %s from payments where user_id = :history_user and status <> 'new'
                                   order by created_at desc, id limit :history_limit offset :history_offset) p))
                """.formatted(COLUMNS),
                Map.of("history_user", userId, "history_limit", limit, "history_offset", offset),
                found -> {
                    List<PaymentRow> rows = new ArrayList<>();
                    if (found == null) {
                        return new CountedPage(rows, 0);
                    }
                    for (JsonNode payment : found.path("rows")) {
                        rows.add(row(Row.of(payment)));
                    }
                    return new CountedPage(rows, found.path("total").asInt());
                });
    }

    /** Payments of the person that YooKassa may still complete. */
    int open(UUID userId) {
        return jdbc.sql("select count(*) from payments where user_id = :user and status in ('new', 'pending')")
                .param("user", userId)
                .query(Integer.class)
                .single();
    }

    private static PaymentRow row(Row row) throws SQLException {
        return new PaymentRow(
                row.uuid("id"),
                row.uuid("user_id"),
                row.nullableString("yookassa_payment_id"),
                row.decimal("amount"),
                row.string("currency"),
                PaymentStatus.of(row.string("status")),
                row.string("idempotence_key"),
                row.nullableString("description"),
                row.nullableString("cancellation_reason"),
                row.decimal("refunded_amount"),
                row.instant("created_at"),
                row.nullableString("confirmation_token"),
                row.nullableInstant("token_expires_at"),
                row.nullableInstant("dismissed_at"),
                row.nullableString("method"),
                row.nullableString("receipt_status"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
