package ru.myservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import ru.myservice.account.AccountService;
import ru.myservice.testing.AppInstance;
import ru.myservice.topup.TopupFixture.Payer;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.LedgerReports.DayTotals;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * The day's totals add up the entries of that Moscow day, the invariant check names a wallet changed
 * behind the ledger's back, and the ledger's CSV carries every entry to the kopeck.
 */
class OperatorReportsIntegrationTest {

    private final AppInstance app = OperatorFixture.topup().app();
    private final OperatorReports reports = app.bean(OperatorReports.class);
    private final WalletService wallets = app.bean(WalletService.class);
    private final JdbcClient jdbc = app.bean(JdbcClient.class);

    /** One entry of each kind made through the real services, for one account. */
    private record Movements(
            UUID account,
            long number,
            String topup,
            String refund,
            UUID charge,
            UUID chargeRefund,
            String credit,
            String debit) {}

    private Movements everyKindOfMovement() {
        Payer payer = OperatorFixture.topup().payer();
        UUID account = payer.account();
        var paid = OperatorFixture.payTopup(payer, "1000.00");
        String refund = OperatorFixture.refund(paid, "150.50");
        UUID charge = OperatorFixture.spending().charge(account, "99.99", "msg-" + UUID.randomUUID());
        UUID chargeRefund = OperatorFixture.spending().refund(charge, "9.99");
        String credit = "goodwill-" + UUID.randomUUID();
        wallets.credit(account, Money.of("25.00"), EntryKind.ADJUSTMENT, credit);
        String debit = "correction-" + UUID.randomUUID();
        wallets.debit(account, Money.of("0.01"), EntryKind.ADJUSTMENT, debit);
        long number = app.bean(AccountService.class).find(account).orElseThrow().number();
        return new Movements(account, number, paid.remote(), refund, charge, chargeRefund, credit, debit);
    }

    /** A day in the past that no other test dates its entries to. */
    private static LocalDate ownDay() {
        return LocalDate.of(2001, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 3_000) * 3L);
    }

    @Test
    void totalsPerDayAddUpTheEntriesOfEachMoscowDay() {
        var moves = everyKindOfMovement();
        LocalDate day = ownDay();
        Instant lateEvening =
                day.atTime(23, 59, 59).atZone(OperatorReports.SITE_ZONE).toInstant();
        Instant midnight =
                day.plusDays(1).atStartOfDay(OperatorReports.SITE_ZONE).toInstant();
        // Top-up and refund late on the first day; the charge, its refund and both adjustments from midnight.
        OperatorFixture.dateEntries(
                moves.account(),
                List.of(
                        lateEvening.minusSeconds(60),
                        lateEvening,
                        midnight,
                        midnight.plusSeconds(1),
                        midnight.plusSeconds(2),
                        midnight.plusSeconds(3)));

        List<DayTotals> totals = reports.daily(day.minusDays(1), day.plusDays(2));

        assertThat(totals)
                .extracting(DayTotals::day)
                .containsExactly(day.minusDays(1), day, day.plusDays(1), day.plusDays(2));
        assertThat(totals.get(0)).isEqualTo(zeros(day.minusDays(1)));
        assertThat(totals.get(1))
                .isEqualTo(new DayTotals(
                        day,
                        Money.of("1000.00"),
                        Money.of("150.50"),
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        Money.of("849.50")));
        assertThat(totals.get(2))
                .isEqualTo(new DayTotals(
                        day.plusDays(1),
                        Money.ZERO,
                        Money.ZERO,
                        Money.of("99.99"),
                        Money.of("9.99"),
                        Money.of("25.00"),
                        Money.of("0.01"),
                        Money.of("-65.01")));
        assertThat(totals.get(3)).isEqualTo(zeros(day.plusDays(2)));
        assertThat(totals.get(1).net().amount().add(totals.get(2).net().amount()))
                .isEqualByComparingTo(wallets.balance(moves.account()).amount());
    }

    @Test
    void theLedgerCsvCarriesEveryEntryOfThePeriodToTheKopeck() {
        var moves = everyKindOfMovement();
        LocalDate day = ownDay();
        Instant noon = day.atTime(12, 0).atZone(OperatorReports.SITE_ZONE).toInstant();
        OperatorFixture.dateEntries(
                moves.account(),
                List.of(
                        noon,
                        noon.plusSeconds(1),
                        noon.plusSeconds(2),
                        noon.plusSeconds(3),
                        noon.plusSeconds(4),
                        day.plusDays(1)
                                .atTime(0, 0, 5)
                                .atZone(OperatorReports.SITE_ZONE)
                                .toInstant()));
        String n = Long.toString(moves.number());

        String russian = csv(day, day, Locale.forLanguageTag("ru"));
        String english = csv(day, day.plusDays(1), Locale.ENGLISH);

        String d = day.toString();
        assertThat(russian)
                .isEqualTo("\uFEFF"
                        + "Дата и время (Москва);Номер счёта;Операция;Основание;Сумма, ₽;Баланс после, ₽\r\n"
                        + d + " 12:00:00;" + n + ";Пополнение;" + moves.topup() + ";1000,00;1000,00\r\n"
                        + d + " 12:00:01;" + n + ";Возврат платежа;" + moves.refund() + ";-150,50;849,50\r\n"
                        + d + " 12:00:02;" + n + ";Списание сервисом;" + moves.charge() + ";-99,99;749,51\r\n"
                        + d + " 12:00:03;" + n + ";Возврат списания;" + moves.chargeRefund() + ";9,99;759,50\r\n"
                        + d + " 12:00:04;" + n + ";Корректировка;" + moves.credit() + ";25,00;784,50\r\n");
        assertThat(english)
                .endsWith(""
                        + d + " 12:00:04;" + n + ";Adjustment;" + moves.credit() + ";25.00;784.50\r\n"
                        + day.plusDays(1) + " 00:00:05;" + n + ";Adjustment;" + moves.debit() + ";-0.01;784.49\r\n");
        assertThat(english)
                .startsWith("\uFEFFDate and time (Moscow);Account number;Operation;Reference;"
                        + "Amount, RUB;Balance after, RUB\r\n");
    }

    @Test
    void theInvariantCheckNamesAWalletChangedBehindTheLedgersBack() {
        var moves = everyKindOfMovement();
        assertThat(reports.invariantBreaks()).isEmpty();

        behindTheLedgersBack(
                "update wallets set balance = balance + 0.01, held = held + 5 where account_id = :a", moves.account());
        try {
            assertThat(reports.invariantBreaks()).singleElement().satisfies(broken -> {
                assertThat(broken.number()).isEqualTo(moves.number());
                assertThat(broken.wallet().accountId()).isEqualTo(moves.account());
                assertThat(broken.wallet().balance()).isEqualTo(Money.of("784.50"));
                assertThat(broken.wallet().ledgerSum()).isEqualTo(Money.of("784.49"));
                assertThat(broken.wallet().held()).isEqualTo(Money.of("5.00"));
                assertThat(broken.wallet().activeHolds()).isEqualTo(Money.ZERO);
                assertThat(broken.wallet().balanceOff()).isTrue();
                assertThat(broken.wallet().heldOff()).isTrue();
            });
        } finally {
            behindTheLedgersBack(
                    "update wallets set balance = balance - 0.01, held = held - 5 where account_id = :a",
                    moves.account());
        }
        assertThat(reports.invariantBreaks()).isEmpty();
    }

    /**
     * Runs an update with the database's own checks off for this transaction only, as a hand-made fix
     * or a restore of part of a backup would: the corruption the check exists to find.
     */
    private void behindTheLedgersBack(String sql, UUID account) {
        new TransactionTemplate(app.bean(org.springframework.transaction.PlatformTransactionManager.class))
                .executeWithoutResult(tx -> {
                    jdbc.sql("set local session_replication_role = replica").update();
                    jdbc.sql(sql).param("a", account).update();
                });
    }

    private String csv(LocalDate from, LocalDate to, Locale locale) {
        var out = new ByteArrayOutputStream();
        reports.ledgerCsv(from, to, locale, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static DayTotals zeros(LocalDate day) {
        return new DayTotals(day, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO);
    }
}
