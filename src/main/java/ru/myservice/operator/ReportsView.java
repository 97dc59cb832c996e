package ru.myservice.operator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import ru.myservice.wallet.LedgerReports.DayTotals;
import ru.myservice.wallet.Money;

/**
 * The reports page: the period as typed, the days' totals (none when the period was not understood), and the
 * wallets that disagree with their ledger.
 *
 * @param from the period's first day as typed, for the form
 * @param to its last day as typed
 * @param error the message key saying what is wrong with the period, or null
 * @param csv the address of the period's ledger as CSV, or null while the period is wrong
 */
public record ReportsView(
        String from,
        String to,
        @Nullable String error,
        List<DayTotals> days,
        @Nullable String csv,
        List<OperatorReports.Broken> broken) {

    /** The period's sums, in the shape of one more day. */
    public DayTotals total() {
        LocalDate first = days.isEmpty() ? LocalDate.EPOCH : days.getFirst().day();
        return new DayTotals(
                first,
                sum(DayTotals::topups),
                sum(DayTotals::refunds),
                sum(DayTotals::charges),
                sum(DayTotals::chargeRefunds),
                sum(DayTotals::credits),
                sum(DayTotals::debits),
                sum(DayTotals::net));
    }

    private Money sum(Function<DayTotals, Money> column) {
        return new Money(days.stream().map(column).map(Money::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
