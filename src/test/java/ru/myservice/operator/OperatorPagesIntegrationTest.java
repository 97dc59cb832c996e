package ru.myservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import ru.myservice.account.AccountService;
import ru.myservice.sandbox.FakeCasdoorOidc;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.StaffSignin;
import ru.myservice.testing.TestBrowser;
import ru.myservice.topup.TopupFixture.Payer;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * The console's read pages over HTTP, as staff use them: find a customer, read their account, end a session,
 * re-sync to Casdoor, read the reports and download the ledger; and who is refused what.
 */
class OperatorPagesIntegrationTest {

    /** The no-break space our amounts carry before the rouble sign and between thousands. */
    private static final String NBSP = "\u00a0";

    private final AppInstance app = OperatorFixture.topup().app();
    private final JdbcClient jdbc = app.bean(JdbcClient.class);

    private TestBrowser operator() {
        return StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR);
    }

    private long number(UUID account) {
        return app.bean(AccountService.class).find(account).orElseThrow().number();
    }

    private String accountUrl(UUID account) {
        return app.url("/operator/accounts/" + account);
    }

    @Test
    void anEmailFindsItsAccountWithWhatMatchedInWordsAndLinksToIt() {
        Person person = Person.fresh();
        Payer payer = OperatorFixture.topup().payer(person);
        var staff = operator();

        var page = staff.get(app.url("/operator/search?q=" + person.email().toUpperCase()));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("value=\"" + person.email().toUpperCase() + "\"")
                .contains("Найдено счетов: 1.")
                .contains(">" + number(payer.account()) + "</a>")
                .contains(person.fullName())
                .contains(person.email())
                .contains("0,00" + NBSP + "₽")
                .contains("<td>почте</td>")
                .contains("href=\"/operator/accounts/" + payer.account() + "\"");
        var english = StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR).english();
        assertThat(english.get(app.url("/operator/search?q=" + person.email())).body())
                .contains("Accounts found: 1.")
                .contains("<td>e-mail</td>");
    }

    @Test
    void anAccountNumberOrAPaymentIdGoesStraightToTheAccount() {
        Payer payer = OperatorFixture.topup().payer();
        var paid = OperatorFixture.payTopup(payer, "10.00");
        var staff = operator();

        var byNumber = staff.get(app.url("/operator/search?q=" + number(payer.account())));
        var byYookassaId = staff.get(app.url("/operator/search?q=" + paid.remote()));

        assertThat(byNumber.statusCode()).isEqualTo(302);
        assertThat(TestBrowser.location(byNumber).getPath()).isEqualTo("/operator/accounts/" + payer.account());
        assertThat(TestBrowser.location(byYookassaId).getPath()).isEqualTo("/operator/accounts/" + payer.account());
    }

    @Test
    void aSearchThatFindsNothingOrIsTooShortSaysSoInWords() {
        var staff = operator();

        var nothing = staff.get(app.url("/operator/search?q=nobody-" + UUID.randomUUID() + "@example.ru"));
        var tooShort = staff.get(app.url("/operator/search?q=a"));
        var english = staff.english().get(app.url("/operator/search?q=a"));

        assertThat(nothing.statusCode()).isEqualTo(200);
        assertThat(nothing.body()).contains("ничего не найдено").doesNotContain("id=\"search-table\"");
        assertThat(tooShort.body()).contains("Запрос слишком короткий").contains("value=\"a\"");
        assertThat(english.body()).contains("The search is too short");
    }

    @Test
    void theAccountShowsItsMoneyAsItMovedWithTheRunningBalanceAndThePaymentsInWords() {
        Person person = Person.fresh();
        Payer payer = OperatorFixture.topup().payer(person);
        var paid = OperatorFixture.payTopup(payer, "1500.00");
        String refund = OperatorFixture.refund(paid, "100.00");
        UUID charge = OperatorFixture.spending().charge(payer.account(), "30.00", "msg-" + UUID.randomUUID());
        var staff = operator();

        var page = staff.get(accountUrl(payer.account()));
        var english =
                StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR).english().get(accountUrl(payer.account()));

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body)
                .contains(person.fullName())
                .contains(person.email())
                .contains("id=\"account-number\">" + number(payer.account()) + "<")
                .contains("id=\"wallet-balance\">1" + NBSP + "370,00" + NBSP + "₽<")
                .contains("id=\"wallet-available\">1" + NBSP + "370,00" + NBSP + "₽<")
                .contains(person.subject());
        // Newest first: the charge, the refund, the top-up, each with the balance after it.
        assertThat(rows(body, "ledger-table"))
                .extracting(row -> row.subList(1, row.size()))
                .containsExactly(
                        List.of("Списание сервисом", charge.toString(), "−30,00 ₽", "1 370,00 ₽"),
                        List.of("Возврат платежа", refund, "−100,00 ₽", "1 400,00 ₽"),
                        List.of("Пополнение", paid.remote(), "+1 500,00 ₽", "1 500,00 ₽"));
        assertThat(rows(body, "payments-table"))
                .singleElement()
                .satisfies(row -> assertThat(row.subList(1, 5))
                        .containsExactly(
                                "наш: " + paid.payment() + " ЮKassa: " + paid.remote(),
                                "1 500,00 ₽",
                                "оплачен тестовый",
                                "100,00 ₽"));
        // Each payment opens its page of actions; the balance can be adjusted from here.
        assertThat(body)
                .contains("href=\"/operator/payments/" + paid.payment() + "\"")
                .contains("href=\"/operator/accounts/" + payer.account() + "/adjust\"");
        assertThat(rows(body, "charges-table"))
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .contains("30,00 ₽")
                        .anySatisfy(cell -> assertThat(cell).startsWith("ai-chat")));
        assertThat(english.body())
                .contains("Balance")
                .contains("Payment refund")
                .contains("1,370.00" + NBSP + "₽")
                .contains(">paid<");
    }

    @Test
    void aLongLedgerIsPagedWithTheRunningBalanceCarriedAcrossPages() {
        UUID account = OperatorFixture.topup().payer().account();
        var wallets = app.bean(WalletService.class);
        for (int i = 1; i <= AccountFile.LEDGER_PAGE + 2; i++) {
            wallets.credit(account, Money.of(i + ".00"), EntryKind.ADJUSTMENT, "paged-" + UUID.randomUUID());
        }
        var staff = operator();

        var first = staff.get(accountUrl(account));
        var second = staff.get(accountUrl(account) + "?page=2");
        var edited = staff.get(accountUrl(account) + "?page=two");

        assertThat(rows(first.body(), "ledger-table")).hasSize(AccountFile.LEDGER_PAGE);
        assertThat(first.body())
                .contains("Страница 1 из 2")
                .contains("href=\"/operator/accounts/" + account + "?page=2#account-ledger\" rel=\"next\"")
                .doesNotContain("rel=\"prev\"");
        // The two oldest entries, newest first, with the balance after each.
        assertThat(rows(second.body(), "ledger-table"))
                .extracting(row -> List.of(row.get(3), row.get(4)))
                .containsExactly(List.of("+2,00 ₽", "3,00 ₽"), List.of("+1,00 ₽", "1,00 ₽"));
        assertThat(second.body())
                .contains("Страница 2 из 2")
                .contains("href=\"/operator/accounts/" + account + "?page=1#account-ledger\" rel=\"prev\"");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(edited.body()).contains("Страница 1 из 2");
    }

    @Test
    void anUnknownAccountIsNotFoundInWords() {
        var staff = operator();

        var unknown = staff.get(accountUrl(UUID.randomUUID()));
        var garbage = staff.get(app.url("/operator/accounts/not-an-id"));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Счёт не найден").contains("href=\"/operator\"");
        assertThat(garbage.statusCode()).isEqualTo(404);
        assertThat(garbage.body()).contains("Счёт не найден");
    }

    @Test
    void endingASessionSignsTheCustomerOut() {
        Payer payer = OperatorFixture.topup().payer();
        var staff = operator();
        var page = staff.get(accountUrl(payer.account()));
        var key = Pattern.compile("data-end-session=\"([^\"]+)\"").matcher(page.body());
        assertThat(key.find()).isTrue();
        assertThat(payer.browser().open(app.url("/dashboard")).uri().getPath()).isEqualTo("/dashboard");

        var ended = staff.post(
                accountUrl(payer.account()) + "/sessions/end",
                Map.of("_csrf", TestBrowser.csrf(page), "session", key.group(1)));
        var after = staff.follow(ended);
        var again = staff.post(
                accountUrl(payer.account()) + "/sessions/end",
                Map.of("_csrf", TestBrowser.csrf(page), "session", key.group(1)));

        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(after.body()).contains("Сеанс завершён").contains("Клиент сейчас нигде не вошёл");
        assertThat(payer.browser().open(app.url("/dashboard")).uri().getPath()).isNotEqualTo("/dashboard");
        assertThat(staff.follow(again).body()).contains("Этот сеанс уже был завершён раньше");
    }

    @Test
    void aParkedSyncShowsItsErrorAndSyncNowQueuesIt() {
        UUID account = OperatorFixture.topup().payer().account();
        parkSync(account);
        var staff = operator();
        var parked = staff.get(accountUrl(account));

        var resync = staff.post(accountUrl(account) + "/resync", Map.of("_csrf", TestBrowser.csrf(parked)));
        var after = staff.follow(resync);

        assertThat(parked.body())
                .contains("id=\"mirror-parked\"")
                .contains("Последняя ошибка: <span class=\"code\">Casdoor unreachable: connect timed out")
                .contains("неудачных попыток: 8");
        assertThat(resync.statusCode()).isEqualTo(302);
        assertThat(after.body())
                .contains("Синхронизация с Casdoor поставлена в очередь")
                .doesNotContain("id=\"mirror-parked\"");
        assertThat(parkedJobs(account)).isZero();
    }

    @Test
    void aFormWithoutItsCsrfTokenChangesNothing() {
        Payer payer = OperatorFixture.topup().payer();
        parkSync(payer.account());
        var staff = operator();
        var page = staff.get(accountUrl(payer.account()));
        var key = Pattern.compile("data-end-session=\"([^\"]+)\"").matcher(page.body());
        assertThat(key.find()).isTrue();

        var resync = staff.post(accountUrl(payer.account()) + "/resync", Map.of());
        var end = staff.post(accountUrl(payer.account()) + "/sessions/end", Map.of("session", key.group(1)));

        assertThat(resync.statusCode()).isEqualTo(403);
        assertThat(resync.body()).contains("Страница устарела");
        assertThat(end.statusCode()).isEqualTo(403);
        assertThat(parkedJobs(payer.account())).isEqualTo(1);
        assertThat(payer.browser().open(app.url("/dashboard")).uri().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void readOnlyStaffSeeNoButtonsAndTheirForgedFormsAreRefused() {
        Payer payer = OperatorFixture.topup().payer();
        parkSync(payer.account());
        var auditor = StaffSignin.signedIn(app, FakeCasdoorOidc.AUDITOR);
        var operatorPage = operator().get(accountUrl(payer.account()));
        var key = Pattern.compile("data-end-session=\"([^\"]+)\"").matcher(operatorPage.body());
        assertThat(key.find()).isTrue();

        var page = auditor.get(accountUrl(payer.account()));
        var resync = auditor.post(accountUrl(payer.account()) + "/resync", Map.of("_csrf", TestBrowser.csrf(page)));
        var end = auditor.post(
                accountUrl(payer.account()) + "/sessions/end",
                Map.of("_csrf", TestBrowser.csrf(page), "session", key.group(1)));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"wallet-balance\"")
                .contains("id=\"account-sessions\"")
                .doesNotContain("data-end-session")
                .doesNotContain("id=\"mirror-resync\"")
                .doesNotContain("id=\"account-adjust\"");
        assertThat(resync.statusCode()).isEqualTo(403);
        assertThat(resync.body()).contains("доступ только для просмотра");
        assertThat(end.statusCode()).isEqualTo(403);
        assertThat(parkedJobs(payer.account())).isEqualTo(1);
        assertThat(payer.browser().open(app.url("/dashboard")).uri().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void aCustomerSessionOpensNoConsolePage() {
        Payer payer = OperatorFixture.topup().payer();

        for (String path : List.of(
                "/operator/search?q=anna",
                "/operator/accounts/" + payer.account(),
                "/operator/reports",
                "/operator/reports/ledger.csv")) {
            var page = payer.browser().get(app.url(path));
            assertThat(page.statusCode()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).contains("Консоль только для сотрудников");
        }
    }

    @Test
    void theReportsAddUpEachDayAndThePeriodAndTheCsvCarriesItsEntries() {
        Payer payer = OperatorFixture.topup().payer();
        UUID account = payer.account();
        var paid = OperatorFixture.payTopup(payer, "1000.00");
        String refund = OperatorFixture.refund(paid, "150.50");
        String goodwill = "goodwill-" + UUID.randomUUID();
        app.bean(WalletService.class).credit(account, Money.of("25.00"), EntryKind.ADJUSTMENT, goodwill);
        LocalDate day = ownDay();
        Instant noon = day.atTime(12, 0).atZone(OperatorReports.SITE_ZONE).toInstant();
        OperatorFixture.dateEntries(
                account,
                List.of(
                        noon,
                        noon.plusSeconds(1),
                        day.plusDays(1)
                                .atTime(9, 30)
                                .atZone(OperatorReports.SITE_ZONE)
                                .toInstant()));
        var staff = operator();

        var page = staff.get(app.url("/operator/reports?from=" + day + "&to=" + day.plusDays(2)));
        var csv = staff.get(app.url("/operator/reports/ledger.csv?from=" + day + "&to=" + day.plusDays(2)));

        assertThat(page.statusCode()).isEqualTo(200);
        var rows = rows(page.body(), "totals-table");
        assertThat(rows).hasSize(4);
        String dayShown = day.format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy"));
        assertThat(rows.get(0).getFirst()).endsWith(dayShown);
        assertThat(rows.get(0).subList(1, 8))
                .containsExactly("1 000,00 ₽", "150,50 ₽", "0,00 ₽", "0,00 ₽", "0,00 ₽", "0,00 ₽", "+849,50 ₽");
        assertThat(rows.get(1).subList(1, 8))
                .containsExactly("0,00 ₽", "0,00 ₽", "0,00 ₽", "0,00 ₽", "25,00 ₽", "0,00 ₽", "+25,00 ₽");
        assertThat(rows.get(3))
                .containsExactly(
                        "Итого за период",
                        "1 000,00 ₽",
                        "150,50 ₽",
                        "0,00 ₽",
                        "0,00 ₽",
                        "25,00 ₽",
                        "0,00 ₽",
                        "+874,50 ₽");
        assertThat(page.body())
                .contains("href=\"/operator/reports/ledger.csv?from=" + day + "&amp;to=" + day.plusDays(2) + "\"");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .contains("ledger-" + day + "-" + day.plusDays(2) + ".csv");
        String n = Long.toString(number(account));
        assertThat(csv.body().lines().toList())
                .containsExactly(
                        "\uFEFFДата и время (Москва);Номер счёта;Операция;Основание;Сумма, ₽;Баланс после, ₽",
                        day + " 12:00:00;" + n + ";Пополнение;" + paid.remote() + ";1000,00;1000,00",
                        day + " 12:00:01;" + n + ";Возврат платежа;" + refund + ";-150,50;849,50",
                        day.plusDays(1) + " 09:30:00;" + n + ";Корректировка;" + goodwill + ";25,00;874,50");
    }

    @Test
    void aPeriodThatCannotBeReadOrRunsBackwardsIsExplainedOnThePage() {
        var staff = operator();

        var unreadable = staff.get(app.url("/operator/reports?from=2026-13-01&to=2026-11-30"));
        var backwards = staff.get(app.url("/operator/reports?from=2026-11-30&to=2026-11-01"));
        var english = staff.english().get(app.url("/operator/reports?from=2026-11-30&to=2026-11-01"));
        var csv = staff.get(app.url("/operator/reports/ledger.csv?from=2026-11-30&to=2026-11-01"));
        var fresh = staff.get(app.url("/operator/reports"));

        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(unreadable.body())
                .contains("Не удалось прочитать даты")
                .contains("value=\"2026-13-01\"")
                .doesNotContain("id=\"totals-table\"");
        assertThat(backwards.body()).contains("Дата «по» раньше даты «с»");
        assertThat(english.body()).contains("The «to» date is before the «from» date");
        assertThat(csv.statusCode()).isEqualTo(302);
        assertThat(TestBrowser.location(csv).getPath()).isEqualTo("/operator/reports");
        // Without a period: the last seven days in Moscow time, today included.
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(rows(fresh.body(), "totals-table")).hasSize(ReportsController.DEFAULT_DAYS + 1);
        assertThat(fresh.body()).contains("value=\"" + LocalDate.now(OperatorReports.SITE_ZONE) + "\"");
    }

    @Test
    void aWalletChangedBehindTheLedgersBackTurnsTheReportsRed() {
        Payer payer = OperatorFixture.topup().payer();
        OperatorFixture.payTopup(payer, "100.00");
        long number = number(payer.account());
        var staff = operator();
        var before = staff.get(app.url("/operator/reports"));

        behindTheLedgersBack("update wallets set balance = balance + 0.01 where account_id = :a", payer.account());
        HttpResponse<String> broken;
        try {
            broken = staff.get(app.url("/operator/reports"));
        } finally {
            behindTheLedgersBack("update wallets set balance = balance - 0.01 where account_id = :a", payer.account());
        }

        assertThat(before.body()).contains("Инварианты сходятся").doesNotContain("role=\"alert\"");
        assertThat(broken.body())
                .contains("role=\"alert\"")
                .contains("Инварианты не сходятся")
                .contains("href=\"/operator/accounts/" + payer.account() + "\">счёт " + number + "</a>")
                .contains("баланс 100,01" + NBSP + "₽, а сумма проводок 100,00" + NBSP + "₽")
                .doesNotContain("Инварианты сходятся");
    }

    // ---------------------------------------------------------------- helpers

    /** The cells of a table's rows (its body and its foot), as their text reads with spaces made plain. */
    private static List<List<String>> rows(String html, String tableId) {
        int start = html.indexOf("id=\"" + tableId + "\"");
        assertThat(start).as("table " + tableId).isPositive();
        String table = html.substring(start, html.indexOf("</table>", start));
        String body = table.substring(table.indexOf("<tbody>"));
        return Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL)
                .matcher(body)
                .results()
                .map(row -> Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL)
                        .matcher(row.group(1))
                        .results()
                        .map(cell -> cell.group(1)
                                .replaceAll("<[^>]+>", " ")
                                .replace(NBSP, " ")
                                .replace("&#34;", "\"")
                                .replaceAll("\\s+", " ")
                                .strip())
                        .filter(text -> !text.isEmpty())
                        .toList())
                .toList();
    }

    private void parkSync(UUID account) {
        jdbc.sql("""
                        insert into casdoor_sync_jobs (account_id, kind, attempts, parked, last_error, due_at)
                        values (:a, 'user', 8, true, 'Casdoor unreachable: connect timed out', now() - interval '1 day')
                        on conflict (account_id, kind) do update set attempts = 8, parked = true,
                            last_error = excluded.last_error, due_at = excluded.due_at
                        """).param("a", account).update();
    }

    private int parkedJobs(UUID account) {
        return jdbc.sql("select count(*) from casdoor_sync_jobs where account_id = :a and parked")
                .param("a", account)
                .query(Integer.class)
                .single();
    }

    /** A day long past that no other test dates its entries to (those of the read side's tests start in 2001). */
    private static LocalDate ownDay() {
        return LocalDate.of(1981, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 2_500) * 3L);
    }

    /** An update with the database's own checks off for this transaction only: the corruption the check finds. */
    private void behindTheLedgersBack(String sql, UUID account) {
        new TransactionTemplate(app.bean(PlatformTransactionManager.class)).executeWithoutResult(tx -> {
            jdbc.sql("set local session_replication_role = replica").update();
            jdbc.sql(sql).param("a", account).update();
        });
    }
}
