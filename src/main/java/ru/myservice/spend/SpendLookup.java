package ru.myservice.spend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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

/** The services' spending as staff look it up: whose a reference is, an account's charges and holds. */
@Component
public class SpendLookup {

    /** What of a charge or hold a text was. */
    public enum Key {
        /** The reference the calling service gave (e.g. its message id). */
        SPEND_REFERENCE,
        /** Our id of the charge or hold. */
        SPEND_ID
    }

    /** The account a charge or hold of that reference or id belongs to. */
    public record Match(UUID accountId, Key key) {}

    /**
     * The accounts with a charge or hold that a service referenced as {@code text} (any service), or whose
     * id is {@code id}.
     */
    public PageRead<List<Match>> matchesRead(String text, @Nullable UUID id) {
        Map<String, Object> params = new HashMap<>();
        params.put("spend_text", text);
        params.put("spend_id", id == null ? new UUID(0, 0) : id);
        return new PageRead<>("""
                select json_agg(json_build_object('account_id', m.account_id, 'key', m.key)) from (
                    select coalesce(c.account_id, h.account_id) as account_id, 'SPEND_REFERENCE' as key
                    from spend_references r
                    left join charges c on r.kind = 'charge' and c.id = r.object_id
                    left join spend_holds h on r.kind = 'hold' and h.hold_id = r.object_id
                    where r.reference = :spend_text
                    union all
                    select account_id, 'SPEND_ID' from charges where id = :spend_id
                    union all
                    select account_id, 'SPEND_ID' from spend_holds where hold_id = :spend_id) m
                where m.account_id is not null
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
     * A charge as staff see it.
     *
     * @param client the service (Casdoor client id) that charged
     * @param reference the service's own reference for it
     * @param holdId the hold it captured, or null for a one-step charge
     * @param refunded how much of it the service gave back
     */
    public record Charge(
            UUID id,
            String client,
            String reference,
            @Nullable UUID holdId,
            Money amount,
            Money refunded,
            @Nullable String description,
            Instant createdAt) {}

    /** The account's latest charges, newest first, and how many it has in all. */
    public record Charges(List<Charge> latest, long total) {}

    public PageRead<Charges> chargesRead(UUID accountId, int limit) {
        return new PageRead<>("""
                select json_build_object(
                    'total', (select count(*) from charges where account_id = :spent_account),
                    'latest', (select json_agg(c order by c.created_at desc, c.id) from (
                        select id, client_id, reference, hold_id, amount, refunded, description, created_at
                        from charges where account_id = :spent_account
                        order by created_at desc, id limit :spent_limit) c))
                """, Map.of("spent_account", accountId, "spent_limit", limit), found -> {
            List<Charge> charges = new ArrayList<>();
            if (found == null) {
                return new Charges(charges, 0);
            }
            for (JsonNode charge : found.path("latest")) {
                Row row = Row.of(charge);
                charges.add(new Charge(
                        row.uuid("id"),
                        row.string("client_id"),
                        row.string("reference"),
                        row.nullableUuid("hold_id"),
                        new Money(row.decimal("amount")),
                        new Money(row.decimal("refunded")),
                        row.nullableString("description"),
                        row.instant("created_at")));
            }
            return new Charges(charges, found.path("total").asLong());
        });
    }

    /** Who placed a hold and why: the wallet keeps its money, this module its caller. */
    public record HoldCaller(
            UUID holdId,
            String client,
            String reference,
            @Nullable String description) {}

    /** The callers of these holds, by hold id. */
    public PageRead<Map<UUID, HoldCaller>> holdCallersRead(Collection<UUID> holdIds) {
        return new PageRead<>("""
                select json_agg(json_build_object('hold_id', hold_id, 'client_id', client_id, 'reference', reference,
                                                  'description', description))
                from spend_holds where hold_id = any(cast(:callers_holds as uuid[]))
                """, Map.of("callers_holds", holdIds.toArray(UUID[]::new)), found -> {
            Map<UUID, HoldCaller> callers = new HashMap<>();
            if (found != null) {
                for (JsonNode caller : found) {
                    Row row = Row.of(caller);
                    callers.put(
                            row.uuid("hold_id"),
                            new HoldCaller(
                                    row.uuid("hold_id"),
                                    row.string("client_id"),
                                    row.string("reference"),
                                    row.nullableString("description")));
                }
            }
            return callers;
        });
    }
}
