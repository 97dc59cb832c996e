package ru.myservice.wallet;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.Row;

/**
 * The ledger as accounting reads it: what moved per day, which wallets disagree with their ledger or
 * their holds, and every entry of a period, one at a time.
 */
@Component
public class LedgerReports {

    /** Entries a streamed read fetches from PostgreSQL at a time. */
    private static final int FETCH = 500;

    private final JdbcClient jdbc;

    LedgerReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What moved on one day, each column a sum of positive amounts of its kind of entry.
     *
     * @param refunds YooKassa refunds debited
     * @param charges the services' charges
     * @param chargeRefunds what the services gave back of their charges
     * @param credits operators' adjustments that added money
     * @param debits operators' adjustments that took money
     * @param net every entry of the day summed, signed: how much the balances grew
     */
    public record DayTotals(
            LocalDate day,
            Money topups,
            Money refunds,
            Money charges,
            Money chargeRefunds,
            Money credits,
            Money debits,
            Money net) {

        static DayTotals none(LocalDate day) {
            return new DayTotals(
                    day, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO);
        }
    }

    /** Every day from {@code from} to {@code to} (both included) as {@code zone} counts days, oldest first. */
    @Transactional(readOnly = true)
    public List<DayTotals> daily(LocalDate from, LocalDate to, ZoneId zone) {
        Map<LocalDate, DayTotals> found = new HashMap<>();
        jdbc.sql("""
                        select (e.created_at at time zone :zone)::date::text as day,
                            coalesce(sum(e.amount) filter (where e.kind = 'topup'), 0) as topups,
                            coalesce(-sum(e.amount) filter (where e.kind = 'refund'), 0) as refunds,
                            coalesce(-sum(e.amount) filter (where e.kind = 'charge'), 0) as charges,
                            coalesce(sum(e.amount) filter (where e.kind = 'charge_refund'), 0) as charge_refunds,
                            coalesce(sum(e.amount) filter (where e.kind = 'adjustment' and e.amount > 0), 0) as credits,
                            coalesce(-sum(e.amount) filter (where e.kind = 'adjustment' and e.amount < 0), 0) as debits,
                            sum(e.amount) as net
                        from ledger_entries e
                        where e.created_at >= :from and e.created_at < :to
                        group by 1
                        """)
                .param("zone", zone.getId())
                .param("from", timestamp(from.atStartOfDay(zone).toInstant()))
                .param("to", timestamp(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .query(rs -> {
                    LocalDate day = LocalDate.parse(rs.getString("day"));
                    found.put(
                            day,
                            new DayTotals(
                                    day,
                                    money(rs.getBigDecimal("topups")),
                                    money(rs.getBigDecimal("refunds")),
                                    money(rs.getBigDecimal("charges")),
                                    money(rs.getBigDecimal("charge_refunds")),
                                    money(rs.getBigDecimal("credits")),
                                    money(rs.getBigDecimal("debits")),
                                    money(rs.getBigDecimal("net"))));
                });
        List<DayTotals> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(found.getOrDefault(day, DayTotals.none(day)));
        }
        return days;
    }

    /**
     * A wallet that breaks an invariant the database keeps at every commit: its balance is not the sum
     * of its ledger, or what it holds is not the sum of its active holds. Only a change made around the
     * service (by hand, with the triggers off) can cause it.
     */
    public record Unbalanced(UUID accountId, Money balance, Money ledgerSum, Money held, Money activeHolds) {

        public boolean balanceOff() {
            return !balance.equals(ledgerSum);
        }

        public boolean heldOff() {
            return !held.equals(activeHolds);
        }
    }

    /** Every wallet that breaks the invariants, by account id; empty when all is well. */
    @Transactional(readOnly = true)
    public List<Unbalanced> unbalanced() {
        return jdbc.sql("""
                        select w.account_id, w.balance, w.held,
                               coalesce(l.total, 0) as ledger_sum, coalesce(h.total, 0) as active_holds
                        from wallets w
                        left join (select wallet_id, sum(amount) as total from ledger_entries group by wallet_id) l
                            on l.wallet_id = w.id
                        left join (select wallet_id, sum(amount) as total from holds where state = 'active'
                                   group by wallet_id) h
                            on h.wallet_id = w.id
                        where w.balance <> coalesce(l.total, 0) or w.held <> coalesce(h.total, 0)
                        order by w.account_id
                        """)
                .query((rs, n) -> new Unbalanced(
                        rs.getObject("account_id", UUID.class),
                        money(rs.getBigDecimal("balance")),
                        money(rs.getBigDecimal("ledger_sum")),
                        money(rs.getBigDecimal("held")),
                        money(rs.getBigDecimal("active_holds"))))
                .list();
    }

    /** A ledger entry with the account whose wallet it moved. */
    public record Entry(
            long id, Instant at, UUID accountId, EntryKind kind, String reference, Money amount, Money balanceAfter) {}

    /**
     * Hands every entry made from {@code from} (included) to {@code to} (excluded) to {@code each}, oldest
     * first, as PostgreSQL returns them a batch at a time: a year of entries never sits in memory.
     */
    @Transactional(readOnly = true)
    public void forEach(Instant from, Instant to, Consumer<Entry> each) {
        jdbc.sql("""
                        select e.id, e.created_at, w.account_id, e.kind, e.reference, e.amount, e.balance_after
                        from ledger_entries e join wallets w on w.id = e.wallet_id
                        where e.created_at >= :from and e.created_at < :to
                        order by e.created_at, e.id
                        """)
                .withFetchSize(FETCH)
                .param("from", timestamp(from))
                .param("to", timestamp(to))
                .query(rs -> {
                    each.accept(new Entry(
                            rs.getLong("id"),
                            Row.of(rs).instant("created_at"),
                            rs.getObject("account_id", UUID.class),
                            EntryKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                            rs.getString("reference"),
                            money(rs.getBigDecimal("amount")),
                            money(rs.getBigDecimal("balance_after"))));
                });
    }

    private static Money money(BigDecimal amount) {
        return new Money(amount);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
