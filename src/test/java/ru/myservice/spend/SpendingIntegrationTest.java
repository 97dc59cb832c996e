package ru.myservice.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import ru.myservice.spend.SpendCaller.Right;
import ru.myservice.spend.SpendViews.CaptureRequest;
import ru.myservice.spend.SpendViews.ChargeRequest;
import ru.myservice.spend.SpendViews.HoldRequest;
import ru.myservice.spend.SpendViews.RefundRequest;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestClock;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spending as the API performs it, behind token checks: money is never spent twice or beyond what is
 * there, whatever races, retries and restarts do, and the database refuses whatever the code might not.
 */
class SpendingIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Locale RU = Locale.forLanguageTag("ru");
    private static final SpendCaller SERVICE =
            new SpendCaller("ai-chat", Set.of(Right.READ, Right.CHARGE, Right.REFUND), null);

    static final TestClock clock = new TestClock();
    static AppInstance app;
    static AppInstance second;

    @BeforeAll
    static void start() {
        // The sweeper is stopped: holds must expire by themselves.
        var settings = Map.of("myservice.spending.sweep-interval", "1h");
        app = AppInstance.start(SharedApp.providers(), settings, clock);
        second = AppInstance.start(SharedApp.providers(), settings, clock);
    }

    @AfterAll
    static void stop() {
        second.close();
        app.close();
    }

    /** What a call answered. */
    record Reply(int status, JsonNode body, boolean replayed) {

        String code() {
            return body.path("code").asString();
        }
    }

    @Test
    void aHundredParallelChargesOfTenOnAHundredLetExactlyTenThrough() throws Exception {
        UUID account = fundedAccount("100.00");
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            var instance = i % 2 == 0 ? app : second;
            calls.add(() -> charge(instance, account, "10.00", UUID.randomUUID().toString()));
        }

        List<Reply> replies = race(calls);

        assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(10);
        var refused = replies.stream().filter(r -> r.status() == 402).toList();
        assertThat(refused).hasSize(90).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo("insufficient_funds");
            assertThat(r.body().path("required").asString()).isEqualTo("10.00");
        });
        assertThat(wallets().balance(account)).isEqualTo(Money.ZERO);
        assertThat(wallets().ledgerSum(account)).isEqualTo(wallets().balance(account));
    }

    @Test
    void oneIdempotencyKeySentTwentyTimesAtOnceHasOneEffect() throws Exception {
        UUID account = fundedAccount("100.00");
        String key = UUID.randomUUID().toString();
        String reference = "msg-" + UUID.randomUUID();
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var instance = i % 2 == 0 ? app : second;
            calls.add(() -> hold(instance, account, "30.00", 600, reference, key));
        }

        List<Reply> replies = race(calls);

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(replies.stream().map(r -> r.body().path("id").asString()).distinct())
                .hasSize(1);
        assertThat(replies.stream().filter(Reply::replayed)).hasSize(19);
        var funds = wallets().funds(account);
        assertThat(funds.held()).isEqualTo(Money.of("30.00"));
        assertThat(funds.available()).isEqualTo(Money.of("70.00"));
    }

    @Test
    void aKeyReusedWithAnotherBodyIsRefusedAndAReferenceNeverChargesTwice() {
        UUID account = fundedAccount("100.00");
        String key = UUID.randomUUID().toString();
        String reference = "msg-" + UUID.randomUUID();
        assertThat(charge(app, account, "10.00", key, reference).status()).isEqualTo(201);

        Reply reused = charge(app, account, "20.00", key, reference);
        Reply again = charge(app, account, "10.00", UUID.randomUUID().toString(), reference);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("idempotency_key_reused");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("reference_taken");
        assertThat(again.body().path("chargeId").asString()).isNotBlank();
        assertThat(wallets().balance(account)).isEqualTo(Money.of("90.00"));
    }

    @Test
    void aCaptureRacingAVoidHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            UUID account = fundedAccount("50.00");
            String holdId = hold(
                            app,
                            account,
                            "20.00",
                            600,
                            "msg-" + UUID.randomUUID(),
                            UUID.randomUUID().toString())
                    .body()
                    .path("id")
                    .asString();

            List<Reply> replies = race(List.of(
                    () -> capture(app, holdId, "15.00", UUID.randomUUID().toString()),
                    () -> voidHold(second, holdId, UUID.randomUUID().toString())));

            var won = replies.stream().filter(r -> r.status() < 300).toList();
            var lost = replies.stream().filter(r -> r.status() == 409).toList();
            assertThat(won).as("round " + round).hasSize(1);
            assertThat(lost).hasSize(1).allSatisfy(r -> assertThat(r.code()).isEqualTo("hold_not_active"));
            boolean captured = replies.getFirst().status() == 201;
            var funds = wallets().funds(account);
            assertThat(funds.held()).isEqualTo(Money.ZERO);
            assertThat(funds.balance()).isEqualTo(captured ? Money.of("35.00") : Money.of("50.00"));
            assertThat(lost.getFirst().body().path("state").asString()).isEqualTo(captured ? "captured" : "voided");
        }
    }

    @Test
    void aCaptureTakesWhatWasUsedAndReleasesTheRestButNeverMoreThanHeld() {
        UUID account = fundedAccount("100.00");
        String holdId = hold(
                        app,
                        account,
                        "40.00",
                        600,
                        "msg-" + UUID.randomUUID(),
                        UUID.randomUUID().toString())
                .body()
                .path("id")
                .asString();

        Reply above = capture(app, holdId, "40.01", UUID.randomUUID().toString());
        Reply captured = capture(app, holdId, "12.34", UUID.randomUUID().toString());

        assertThat(above.status()).isEqualTo(409);
        assertThat(above.code()).isEqualTo("capture_above_hold");
        assertThat(above.body().path("held").asString()).isEqualTo("40.00");
        assertThat(captured.status()).isEqualTo(201);
        assertThat(captured.body().path("amount").asString()).isEqualTo("12.34");
        assertThat(captured.body().path("holdId").asString()).isEqualTo(holdId);
        var funds = wallets().funds(account);
        assertThat(funds.balance()).isEqualTo(Money.of("87.66"));
        assertThat(funds.held()).isEqualTo(Money.ZERO);
        assertThat(wallets().ledgerSum(account)).isEqualTo(funds.balance());
    }

    @Test
    void aHoldPastItsExpiryReservesNothingEvenWithTheSweeperStopped() {
        UUID account = fundedAccount("100.00");
        String holdId = hold(
                        app,
                        account,
                        "60.00",
                        120,
                        "msg-" + UUID.randomUUID(),
                        UUID.randomUUID().toString())
                .body()
                .path("id")
                .asString();
        assertThat(wallets().funds(account).available()).isEqualTo(Money.of("40.00"));
        assertThat(charge(app, account, "50.00", UUID.randomUUID().toString()).status())
                .isEqualTo(402);

        clock.advance(Duration.ofSeconds(121));

        assertThat(wallets().funds(account).available()).isEqualTo(Money.of("100.00"));
        assertThat(spending(app).hold(SERVICE, UUID.fromString(holdId), RU).body())
                .extracting(b -> ((SpendViews.HoldView) b).state())
                .isEqualTo("expired");
        Reply late = capture(app, holdId, "10.00", UUID.randomUUID().toString());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().path("state").asString()).isEqualTo("expired");
        assertThat(charge(app, account, "100.00", UUID.randomUUID().toString()).status())
                .isEqualTo(201);
        assertThat(wallets().funds(account).balance()).isEqualTo(Money.ZERO);
    }

    @Test
    void parallelRefundsNeverGiveBackMoreThanWasCharged() throws Exception {
        UUID account = fundedAccount("100.00");
        String chargeId = charge(app, account, "100.00", UUID.randomUUID().toString())
                .body()
                .path("id")
                .asString();
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var instance = i % 2 == 0 ? app : second;
            calls.add(
                    () -> refund(instance, chargeId, "30.00", UUID.randomUUID().toString()));
        }

        List<Reply> replies = race(calls);

        assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(3);
        assertThat(replies.stream().filter(r -> r.status() == 409))
                .hasSize(7)
                .allSatisfy(r -> assertThat(r.code()).isEqualTo("refund_above_charge"));
        assertThat(wallets().balance(account)).isEqualTo(Money.of("90.00"));
        assertThat(wallets().ledgerSum(account)).isEqualTo(Money.of("90.00"));
        var charge = spending(app).charge(SERVICE, UUID.fromString(chargeId), RU);
        assertThat(((SpendViews.ChargeView) charge.body()).refunded()).isEqualTo("90.00");
    }

    @Test
    void aCardRefundOfSpentMoneyReleasesTheHoldsItCanNoLongerCover() {
        UUID account = fundedAccount("100.00");
        hold(
                app,
                account,
                "80.00",
                600,
                "msg-" + UUID.randomUUID(),
                UUID.randomUUID().toString());

        wallets().debit(account, Money.of("100.00"), EntryKind.REFUND, "refund-" + UUID.randomUUID());

        var funds = wallets().funds(account);
        assertThat(funds.balance()).isEqualTo(Money.ZERO);
        assertThat(funds.held()).isEqualTo(Money.ZERO);
        assertThat(charge(app, account, "0.01", UUID.randomUUID().toString()).status())
                .isEqualTo(402);
    }

    @Test
    void theDatabaseRefusesAnOverdraftAndABalanceThatIsNotItsLedger() {
        UUID account = fundedAccount("10.00");
        var db = app.bean(JdbcClient.class);
        var transactions = app.bean(TransactionTemplate.class);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> db.sql("""
                                insert into ledger_entries (wallet_id, amount, kind, reference, balance_after)
                                select id, -20, 'charge', :r, -10 from wallets where account_id = :a
                                """)
                        .param("r", UUID.randomUUID().toString())
                        .param("a", account)
                        .update()))
                .hasMessageContaining("ledger_charges_never_overdraw");
        assertThatThrownBy(() -> transactions.executeWithoutResult(
                        tx -> db.sql("update wallets set balance = 1000 where account_id = :a")
                                .param("a", account)
                                .update()))
                .hasMessageContaining("is not its ledger balance");
        assertThatThrownBy(() -> transactions.executeWithoutResult(
                        tx -> db.sql("update wallets set held = 5 where account_id = :a")
                                .param("a", account)
                                .update()))
                .hasMessageContaining("is not the sum of its active holds");
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> db.sql("""
                                insert into ledger_entries (wallet_id, amount, kind, reference, balance_after)
                                select id, 5, 'adjustment', :r, 500 from wallets where account_id = :a
                                """)
                        .param("r", UUID.randomUUID().toString())
                        .param("a", account)
                        .update()))
                .hasMessageContaining("does not continue its balance");
        assertThat(wallets().balance(account)).isEqualTo(Money.of("10.00"));
    }

    @Test
    void aServiceWithoutTheRightOrAPersonCannotSpend() {
        UUID account = fundedAccount("10.00");
        var reader = new SpendCaller("ai-stats", Set.of(Right.READ), null);
        var person = new SpendCaller("ai-site", Set.of(Right.READ), "u-" + account);

        Reply byReader = call(
                app,
                reader,
                "POST",
                "/api/v1/charges",
                UUID.randomUUID().toString(),
                new ChargeRequest(account.toString(), "1.00", "r-" + UUID.randomUUID(), null, null),
                (s, r) -> s.charge(reader, (ChargeRequest) r, RU));
        Reply byPerson = call(
                app,
                person,
                "POST",
                "/api/v1/charges",
                UUID.randomUUID().toString(),
                new ChargeRequest(account.toString(), "1.00", "r-" + UUID.randomUUID(), null, null),
                (s, r) -> s.charge(person, (ChargeRequest) r, RU));

        assertThat(byReader.status()).isEqualTo(403);
        assertThat(byReader.code()).isEqualTo("insufficient_rights");
        assertThat(byPerson.status()).isEqualTo(403);
        assertThat(wallets().balance(account)).isEqualTo(Money.of("10.00"));
        assertThat(spending(app).balance(person, "u-" + account, RU).status()).isEqualTo(200);
        UUID someoneElse = fundedAccount("1.00");
        assertThatThrownBy(() -> spending(app).balance(person, someoneElse.toString(), RU))
                .isInstanceOf(SpendRefused.class)
                .extracting(e -> ((SpendRefused) e).code())
                .isEqualTo("account_not_found");
    }

    @Test
    void theDashboardShowsWhatIsReservedAndWhatTheServicesSpent() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);
        UUID account = accountOf(person);
        wallets().credit(account, Money.of("100.00"), EntryKind.TOPUP, "topup-" + UUID.randomUUID());
        String before = browser.open(app.url("/dashboard")).body();
        assertThat(before).doesNotContain("Зарезервировано").contains("Сервисы сайта пока ничего не списывали");

        hold(
                app,
                account,
                "30.00",
                600,
                "msg-" + UUID.randomUUID(),
                UUID.randomUUID().toString());
        String chargeId = charge(app, account, "12.00", UUID.randomUUID().toString())
                .body()
                .path("id")
                .asString();
        refund(app, chargeId, "2.00", UUID.randomUUID().toString());

        String page = browser.open(app.url("/dashboard")).body();
        assertThat(page)
                .contains("90,00\u00a0₽")
                .contains("Доступно: 60,00\u00a0₽")
                .contains("Зарезервировано: 30,00\u00a0₽")
                .contains("Расходы на сервисы")
                .contains("ai-chat")
                .contains("Вопрос")
                .contains("−12,00\u00a0₽")
                .contains("возвращено 2,00\u00a0₽");
    }

    @Test
    void englishReadersSeeTheSameInEnglish() {
        var browser = new TestBrowser().english();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);
        UUID account = accountOf(person);
        wallets().credit(account, Money.of("20.00"), EntryKind.TOPUP, "topup-" + UUID.randomUUID());
        hold(
                app,
                account,
                "5.00",
                600,
                "msg-" + UUID.randomUUID(),
                UUID.randomUUID().toString());
        charge(app, account, "1.50", UUID.randomUUID().toString());

        String page = browser.open(app.url("/dashboard")).body();

        assertThat(page)
                .contains("Available: 13.50\u00a0₽")
                .contains("Reserved: 5.00\u00a0₽")
                .contains("Spent on services")
                .contains("−1.50\u00a0₽")
                .doesNotContain("Зарезервировано");
    }

    // ------------------------------------------------------------------ moves

    private static Reply charge(AppInstance instance, UUID account, String amount, String key) {
        return charge(instance, account, amount, key, "msg-" + UUID.randomUUID());
    }

    private static Reply charge(AppInstance instance, UUID account, String amount, String key, String reference) {
        var request = new ChargeRequest(account.toString(), amount, reference, Map.of("model", "demo"), "Вопрос");
        return call(
                instance,
                SERVICE,
                "POST",
                "/api/v1/charges",
                key,
                request,
                (s, r) -> s.charge(SERVICE, (ChargeRequest) r, RU));
    }

    private static Reply hold(
            AppInstance instance, UUID account, String amount, long seconds, String reference, String key) {
        var request = new HoldRequest(account.toString(), amount, seconds, reference, null, "Ответ модели");
        return call(
                instance,
                SERVICE,
                "POST",
                "/api/v1/holds",
                key,
                request,
                (s, r) -> s.placeHold(SERVICE, (HoldRequest) r, RU));
    }

    private static Reply capture(AppInstance instance, String holdId, String amount, String key) {
        return call(
                instance,
                SERVICE,
                "POST",
                "/api/v1/holds/" + holdId + "/capture",
                key,
                new CaptureRequest(amount),
                (s, r) -> s.capture(SERVICE, UUID.fromString(holdId), (CaptureRequest) r, RU));
    }

    private static Reply voidHold(AppInstance instance, String holdId, String key) {
        return call(
                instance,
                SERVICE,
                "POST",
                "/api/v1/holds/" + holdId + "/void",
                key,
                new CaptureRequest(null),
                (s, r) -> s.voidHold(SERVICE, UUID.fromString(holdId), RU));
    }

    private static Reply refund(AppInstance instance, String chargeId, String amount, String key) {
        return call(
                instance,
                SERVICE,
                "POST",
                "/api/v1/charges/" + chargeId + "/refunds",
                key,
                new RefundRequest(amount, "Ответ не получен"),
                (s, r) -> s.refund(SERVICE, UUID.fromString(chargeId), (RefundRequest) r, RU));
    }

    private interface Action {
        Answer apply(SpendService spending, Object request);
    }

    /** One POST as the controller makes it: the key claimed in the transaction that moves the money. */
    private static Reply call(
            AppInstance instance,
            SpendCaller caller,
            String method,
            String path,
            String key,
            Object request,
            Action action) {
        byte[] body = JSON.writeValueAsBytes(request);
        var reply = instance.bean(Idempotency.class)
                .run(caller, key, method, path, body, RU, () -> action.apply(spending(instance), request));
        return new Reply(reply.status(), JSON.readTree(reply.json()), reply.replayed());
    }

    private static SpendService spending(AppInstance instance) {
        return instance.bean(SpendService.class);
    }

    private static WalletService wallets() {
        return app.bean(WalletService.class);
    }

    private static UUID fundedAccount(String amount) {
        Person person = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
        UUID account = accountOf(person);
        wallets().credit(account, Money.of(amount), EntryKind.TOPUP, "topup-" + UUID.randomUUID());
        return account;
    }

    private static UUID accountOf(Person person) {
        return app.bean(JdbcClient.class)
                .sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
    }

    private static <T> List<T> race(List<Callable<T>> calls) throws Exception {
        var go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(Math.min(calls.size(), 32))) {
            for (var call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (var future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
