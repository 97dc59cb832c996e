package ru.myservice.wallet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import ru.myservice.config.PageRead;
import ru.myservice.config.Row;
import tools.jackson.databind.JsonNode;

/**
 * What staff read of wallets: balances of found accounts, an account's ledger with its running balance,
 * and its holds, each as a part of a page that reads all it shows in one statement.
 */
@Component
public class WalletReads {

    /** A wallet's balance and what active holds reserve of it, as stored. */
    public record Stored(Money balance, Money held) {

        public Money available() {
            return new Money(balance.amount().subtract(held.amount()));
        }
    }

    /** The stored balances of those of these accounts that have a wallet, by account. */
    public PageRead<Map<UUID, Stored>> balancesRead(Collection<UUID> accountIds) {
        return new PageRead<>("""
                select json_agg(json_build_object('account_id', account_id, 'balance', balance, 'held', held))
                from wallets where account_id = any(cast(:balances_accounts as uuid[]))
                """, Map.of("balances_accounts", accountIds.toArray(UUID[]::new)), found -> {
            Map<UUID, Stored> balances = new HashMap<>();
            if (found != null) {
                for (JsonNode wallet : found) {
                    Row row = Row.of(wallet);
                    balances.put(
                            row.uuid("account_id"),
                            new Stored(new Money(row.decimal("balance")), new Money(row.decimal("held"))));
                }
            }
            return balances;
        });
    }

    /**
     * One ledger entry with the balance the entries up to it add up to ({@code running}), which equals
     * the {@code balanceAfter} written with it unless the ledger was changed behind the service's back.
     */
    public record Line(
            long id, EntryKind kind, Money amount, String reference, Money balanceAfter, Money running, Instant at) {}

    /** A page of an account's ledger, newest first, and how many entries the whole ledger has. */
    public record LedgerPage(List<Line> lines, int page, int pages, long entries) {}

    /**
     * Page {@code page} (from 1) of the account's ledger, {@code size} entries a page, newest first; the
     * running balance is summed over the whole ledger in entry order, not just over the page.
     */
    public PageRead<LedgerPage> ledgerRead(UUID accountId, int page, int size) {
        int asked = Math.clamp(page, 1, Integer.MAX_VALUE / size);
        return new PageRead<>(
                """
                select json_build_object(
                    'entries', (select count(*) from ledger_entries e join wallets w on w.id = e.wallet_id
                                where w.account_id = :ledger_account),
                    'lines', (select json_agg(l order by l.id desc) from (
                        select e.id, e.kind, e.amount, e.reference, e.balance_after, e.created_at,
                               sum(e.amount) over (order by e.id) as running
                        from ledger_entries e join wallets w on w.id = e.wallet_id
                        where w.account_id = :ledger_account
                        order by e.id desc
                        limit :ledger_limit offset :ledger_offset) l))
                """,
                Map.of("ledger_account", accountId, "ledger_limit", size, "ledger_offset", (long) (asked - 1) * size),
                found -> {
                    List<Line> lines = new ArrayList<>();
                    long entries = found == null ? 0 : found.path("entries").asLong();
                    if (found != null) {
                        for (JsonNode line : found.path("lines")) {
                            Row row = Row.of(line);
                            lines.add(new Line(
                                    row.number("id"),
                                    EntryKind.valueOf(row.string("kind").toUpperCase(Locale.ROOT)),
                                    new Money(row.decimal("amount")),
                                    row.string("reference"),
                                    new Money(row.decimal("balance_after")),
                                    new Money(row.decimal("running")),
                                    row.instant("created_at")));
                        }
                    }
                    int pages = (int) Math.max(1, (entries + size - 1) / size);
                    return new LedgerPage(lines, asked, pages, entries);
                });
    }

    /**
     * A hold as the wallet keeps it: active ones reserve money until {@code expiresAt}, even past it until
     * the sweeper or the next movement of money releases them.
     */
    public record HoldLine(
            UUID id,
            Money amount,
            HoldState state,
            @Nullable Money captured,
            Instant createdAt,
            Instant expiresAt,
            @Nullable Instant settledAt) {}

    /** The account's latest {@code limit} holds, newest first. */
    public PageRead<List<HoldLine>> holdsRead(UUID accountId, int limit) {
        return new PageRead<>("""
                select json_agg(h order by h.created_at desc, h.id) from (
                    select h.id, h.amount, h.state, h.captured, h.created_at, h.expires_at, h.settled_at
                    from holds h join wallets w on w.id = h.wallet_id
                    where w.account_id = :holds_account
                    order by h.created_at desc, h.id
                    limit :holds_limit) h
                """, Map.of("holds_account", accountId, "holds_limit", limit), found -> {
            List<HoldLine> holds = new ArrayList<>();
            if (found != null) {
                for (JsonNode hold : found) {
                    Row row = Row.of(hold);
                    var captured = row.nullableDecimal("captured");
                    holds.add(new HoldLine(
                            row.uuid("id"),
                            new Money(row.decimal("amount")),
                            HoldState.of(row.string("state")),
                            captured == null ? null : new Money(captured),
                            row.instant("created_at"),
                            row.instant("expires_at"),
                            row.nullableInstant("settled_at")));
                }
            }
            return holds;
        });
    }
}
