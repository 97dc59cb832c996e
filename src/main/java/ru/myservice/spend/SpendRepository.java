package ru.myservice.spend;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import ru.myservice.config.PageRead;
import ru.myservice.config.Row;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Repository
class SpendRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Reference(String kind, UUID objectId) {}

    record HoldDetails(
            UUID holdId,
            UUID accountId,
            String clientId,
            String reference,
            @Nullable String description,
            Map<String, String> metadata,
            @Nullable UUID chargeId) {}

    record ChargeRow(
            UUID id,
            UUID accountId,
            String clientId,
            String reference,
            @Nullable UUID holdId,
            BigDecimal amount,
            BigDecimal refunded,
            @Nullable String description,
            Map<String, String> metadata,
            Instant createdAt) {}

    record RefundRow(
            UUID id,
            UUID chargeId,
            BigDecimal amount,
            @Nullable String reason,
            Instant createdAt) {}

    private final JdbcClient jdbc;

    SpendRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the client's reference for good; empty when it was free, else what it already names. */
    Optional<Reference> claimReference(String clientId, String reference, String kind, UUID objectId) {
        int inserted = jdbc.sql("""
                        insert into spend_references (client_id, reference, kind, object_id)
                        values (:client, :reference, :kind, :object)
                        on conflict (client_id, reference) do nothing
                        """)
                .param("client", clientId)
                .param("reference", reference)
                .param("kind", kind)
                .param("object", objectId)
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql("select kind, object_id from spend_references where client_id = :client and reference = :r")
                .param("client", clientId)
                .param("r", reference)
                .query((rs, n) -> new Reference(rs.getString("kind"), rs.getObject("object_id", UUID.class)))
                .optional();
    }

    void insertHold(HoldDetails hold) {
        jdbc.sql("""
                        insert into spend_holds (hold_id, account_id, client_id, reference, description, metadata)
                        values (:id, :account, :client, :reference, :description, :metadata::jsonb)
                        """)
                .param("id", hold.holdId())
                .param("account", hold.accountId())
                .param("client", hold.clientId())
                .param("reference", hold.reference())
                .param("description", hold.description())
                .param("metadata", JSON.writeValueAsString(hold.metadata()))
                .update();
    }

    Optional<HoldDetails> hold(UUID holdId) {
        return jdbc.sql("select * from spend_holds where hold_id = :id")
                .param("id", holdId)
                .query((rs, n) -> new HoldDetails(
                        rs.getObject("hold_id", UUID.class),
                        rs.getObject("account_id", UUID.class),
                        rs.getString("client_id"),
                        rs.getString("reference"),
                        rs.getString("description"),
                        metadata(rs.getString("metadata")),
                        rs.getObject("charge_id", UUID.class)))
                .optional();
    }

    void holdCaptured(UUID holdId, UUID chargeId) {
        jdbc.sql("update spend_holds set charge_id = :charge where hold_id = :id")
                .param("id", holdId)
                .param("charge", chargeId)
                .update();
    }

    void insertCharge(ChargeRow charge) {
        jdbc.sql("""
                        insert into charges (id, account_id, client_id, reference, hold_id, amount, description, metadata)
                        values (:id, :account, :client, :reference, :hold, :amount, :description, :metadata::jsonb)
                        """)
                .param("id", charge.id())
                .param("account", charge.accountId())
                .param("client", charge.clientId())
                .param("reference", charge.reference())
                .param("hold", charge.holdId())
                .param("amount", charge.amount())
                .param("description", charge.description())
                .param("metadata", JSON.writeValueAsString(charge.metadata()))
                .update();
    }

    Optional<ChargeRow> charge(UUID id) {
        return jdbc.sql("select * from charges where id = :id")
                .param("id", id)
                .query((rs, n) -> chargeRow(Row.of(rs)))
                .optional();
    }

    /** The charge, locked until the transaction ends, so parallel refunds see each other. */
    Optional<ChargeRow> lockCharge(UUID id) {
        return jdbc.sql("select * from charges where id = :id for update")
                .param("id", id)
                .query((rs, n) -> chargeRow(Row.of(rs)))
                .optional();
    }

    List<ChargeRow> charges(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from charges where id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> chargeRow(Row.of(rs)))
                .list();
    }

    /** The account's latest charges, newest first, as a part of a page's one statement. */
    PageRead<List<ChargeRow>> recentChargesRead(UUID accountId, int limit) {
        return new PageRead<>("""
                select json_agg(c order by c.created_at desc, c.id)
                from (select * from charges where account_id = :charges_account
                      order by created_at desc, id limit :charges_limit) c
                """, Map.of("charges_account", accountId, "charges_limit", limit), found -> {
            List<ChargeRow> rows = new ArrayList<>();
            if (found != null) {
                for (JsonNode charge : found) {
                    rows.add(chargeRow(Row.of(charge)));
                }
            }
            return rows;
        });
    }

    void insertRefund(RefundRow refund) {
        jdbc.sql("""
                        insert into charge_refunds (id, charge_id, amount, reason) values (:id, :charge, :amount, :reason)
                        """)
                .param("id", refund.id())
                .param("charge", refund.chargeId())
                .param("amount", refund.amount())
                .param("reason", refund.reason())
                .update();
        jdbc.sql("update charges set refunded = refunded + :amount where id = :charge")
                .param("charge", refund.chargeId())
                .param("amount", refund.amount())
                .update();
    }

    /** Refunds by id, each with its charge: what a ledger line of kind charge_refund refers to. */
    List<RefundRow> refunds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from charge_refunds where id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> new RefundRow(
                        rs.getObject("id", UUID.class),
                        rs.getObject("charge_id", UUID.class),
                        rs.getBigDecimal("amount"),
                        rs.getString("reason"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    // ------------------------------------------------------------------ idempotency keys

    record StoredAnswer(String requestHash, int status, String body) {}

    /** Claims the key for this request; empty when it was free, else the answer kept with it. */
    Optional<StoredAnswer> claimKey(String clientId, String key, String requestHash) {
        int inserted = jdbc.sql("""
                        insert into idempotency_keys (client_id, key, request_hash, status, body)
                        values (:client, :key, :hash, 0, '')
                        on conflict (client_id, key) do nothing
                        """)
                .param("client", clientId)
                .param("key", key)
                .param("hash", requestHash)
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql(
                        "select request_hash, status, body from idempotency_keys where client_id = :client and key = :key")
                .param("client", clientId)
                .param("key", key)
                .query((rs, n) ->
                        new StoredAnswer(rs.getString("request_hash"), rs.getInt("status"), rs.getString("body")))
                .optional();
    }

    void keepAnswer(String clientId, String key, int status, String body) {
        jdbc.sql("update idempotency_keys set status = :status, body = :body where client_id = :client and key = :key")
                .param("client", clientId)
                .param("key", key)
                .param("status", status)
                .param("body", body)
                .update();
    }

    int forgetKeysBefore(Instant before) {
        return jdbc.sql("delete from idempotency_keys where created_at < :before")
                .param("before", OffsetDateTime.ofInstant(before, java.time.ZoneOffset.UTC))
                .update();
    }

    private static ChargeRow chargeRow(Row row) throws SQLException {
        return new ChargeRow(
                row.uuid("id"),
                row.uuid("account_id"),
                row.string("client_id"),
                row.string("reference"),
                row.nullableUuid("hold_id"),
                row.decimal("amount"),
                row.decimal("refunded"),
                row.nullableString("description"),
                metadata(row.nullableString("metadata")),
                row.instant("created_at"));
    }

    private static Map<String, String> metadata(@Nullable String json) {
        return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    }
}
