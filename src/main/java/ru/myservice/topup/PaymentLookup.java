package ru.myservice.topup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import ru.myservice.config.PageRead;
import ru.myservice.config.Row;
import ru.myservice.wallet.Money;
import tools.jackson.databind.JsonNode;

/** Top-ups as staff look them up: whose a payment id is, and an account's payments in full. */
@Component
public class PaymentLookup {

    /** Which id of a payment a text was. */
    public enum Key {
        YOOKASSA_PAYMENT_ID,
        PAYMENT_ID
    }

    /** The account a payment of that id belongs to. */
    public record Match(UUID accountId, Key key) {}

    /** The accounts whose payment has {@code text} as its YooKassa id, or {@code ours} as our id. */
    public PageRead<List<Match>> matchesRead(String text, @Nullable UUID ours) {
        Map<String, Object> params = new HashMap<>();
        params.put("payment_text", text);
        params.put("payment_id", ours == null ? new UUID(0, 0) : ours);
        return new PageRead<>("""
                select json_agg(json_build_object('account_id', m.user_id, 'key', m.key)) from (
                    select user_id, 'YOOKASSA_PAYMENT_ID' as key from payments where yookassa_payment_id = :payment_text
                    union all
                    select user_id, 'PAYMENT_ID' from payments where id = :payment_id) m
                """, params, found -> {
            List<Match> matches = new ArrayList<>();
            if (found != null) {
                for (JsonNode match : found) {
                    Row row = Row.of(match);
                    matches.add(new Match(row.uuid("account_id"), Key.valueOf(row.string("key"))));
                }
            }
            return matches;
        });
    }

    /**
     * A payment as staff see it.
     *
     * @param yookassaId YooKassa's id, or null when YooKassa never confirmed creating it
     * @param refunded how much of it YooKassa refunded (and we debited)
     * @param reason YooKassa's cancellation reason, when canceled
     * @param changedAt when our record of it last changed: settled, refunded, or looked at by reconciliation
     * @param test whether YooKassa made it in a test shop, null until known
     */
    public record Payment(
            UUID id,
            @Nullable String yookassaId,
            Money amount,
            PaymentStatus status,
            Money refunded,
            @Nullable String reason,
            @Nullable String method,
            Instant createdAt,
            Instant changedAt,
            @Nullable Boolean test) {}

    /** The account's latest payments, newest first, and how many it has made in all. */
    public record Payments(List<Payment> latest, long total) {}

    /** The account's {@code limit} latest payments, including any still being created. */
    public PageRead<Payments> paymentsRead(UUID accountId, int limit) {
        return new PageRead<>("""
                select json_build_object(
                    'total', (select count(*) from payments where user_id = :payments_account),
                    'latest', (select json_agg(p order by p.created_at desc, p.id) from (
                        select id, yookassa_payment_id, amount, status, refunded_amount, cancellation_reason, method,
                               created_at, updated_at, test
                        from payments where user_id = :payments_account
                        order by created_at desc, id limit :payments_limit) p))
                """, Map.of("payments_account", accountId, "payments_limit", limit), found -> {
            List<Payment> payments = new ArrayList<>();
            if (found == null) {
                return new Payments(payments, 0);
            }
            for (JsonNode payment : found.path("latest")) {
                Row row = Row.of(payment);
                JsonNode test = payment.get("test");
                payments.add(new Payment(
                        row.uuid("id"),
                        row.nullableString("yookassa_payment_id"),
                        new Money(row.decimal("amount")),
                        PaymentStatus.of(row.string("status")),
                        new Money(row.decimal("refunded_amount")),
                        row.nullableString("cancellation_reason"),
                        row.nullableString("method"),
                        row.instant("created_at"),
                        row.instant("updated_at"),
                        test == null || test.isNull() ? null : test.asBoolean()));
            }
            return new Payments(payments, found.path("total").asLong());
        });
    }
}
