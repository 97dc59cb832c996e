package ru.myservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeCasdoorOidc;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.spend.SpendMoves;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.StaffSignin;
import ru.myservice.testing.TestBrowser;
import ru.myservice.topup.TopupFixture;
import ru.myservice.wallet.Money;

/**
 * One app instance with its YooKassa fake for the console's tests, started once per test JVM, with the
 * console on (staff sign in at the shared Casdoor stand-in, see {@link StaffSignin}); reconciliation waits
 * an hour, so only what a test does (or a notification it lets through) settles a payment. Also the money
 * moves that give an account a real ledger: paid top-ups, YooKassa refunds, a service's charges.
 */
public final class OperatorFixture {

    private static final Pattern REQUEST_KEY = Pattern.compile("name=\"requestKey\" value=\"([^\"]+)\"");

    private static TopupFixture topup;

    private OperatorFixture() {}

    public static synchronized TopupFixture topup() {
        if (topup == null) {
            Map<String, String> settings = new HashMap<>(StaffSignin.settings(SharedApp.casdoor()));
            settings.put("myservice.topup.reconcile-after", "1h");
            topup = TopupFixture.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(topup::close));
        }
        return topup;
    }

    public static AppInstance app() {
        return topup().app();
    }

    public static FakeYooKassa yookassa() {
        return topup().yookassa();
    }

    public static JdbcClient db() {
        return app().bean(JdbcClient.class);
    }

    /** A browser signed in to the console as {@code person}, through the Casdoor stand-in. */
    public static TestBrowser console(FakeCasdoorOidc.Person person) {
        return StaffSignin.signedIn(app(), person);
    }

    /** The one-time request key of the (first) action form on a console page. */
    public static String requestKey(String html) {
        Matcher key = REQUEST_KEY.matcher(html);
        if (!key.find()) {
            throw new AssertionError("No request key on the page");
        }
        return key.group(1);
    }

    public static StaffMember staff(String name) {
        return new StaffMember(
                "sub-" + name + "-" + UUID.randomUUID(), "myservice/" + name, name, name + "@example.ru", false);
    }

    public static StaffMember readOnly(String name) {
        return new StaffMember("sub-" + name + "-" + UUID.randomUUID(), "myservice/" + name, name, "", true);
    }

    /** A top-up of {@code amount} paid at YooKassa and credited (its notification answered). */
    public record Paid(TopupFixture.Payer payer, UUID payment, String remote) {
        public UUID account() {
            return payer.account();
        }
    }

    /** A fresh payer's top-up of {@code amount}, paid and credited. */
    public static Paid paid(String amount) {
        return payTopup(topup().payer(), amount);
    }

    /** A top-up the payer starts and pays, once it is credited. */
    public static Paid payTopup(TopupFixture.Payer payer, String amount) {
        Money before = topup().balance(payer);
        String ours = topup().startTopup(payer, amount, 200).path("paymentId").asString();
        String remote = topup().yookassaIdOf(ours);
        yookassa().pay(remote);
        Money expected = new Money(before.amount().add(new BigDecimal(amount)));
        Eventually.within(
                TopupFixture.PATIENCE,
                "the top-up credited",
                () -> topup().balance(payer).equals(expected));
        return new Paid(payer, UUID.fromString(ours), remote);
    }

    /** YooKassa refunds part of a paid top-up (as from its Merchant Profile); returns once it is debited. */
    public static String refund(Paid paid, String amount) {
        Money before = topup().balance(paid.payer());
        String refund = yookassa().refund(paid.remote(), new BigDecimal(amount));
        Money expected = new Money(before.amount().subtract(new BigDecimal(amount)));
        Eventually.within(
                TopupFixture.PATIENCE,
                "refunded",
                () -> topup().balance(paid.payer()).equals(expected));
        return refund;
    }

    /** A service's charges, holds and charge refunds, through the spend API. */
    public static SpendMoves spending() {
        return new SpendMoves(app(), "ai-chat");
    }

    /** A top-up YooKassa took the money for while no notification got through: not credited yet. */
    public static Paid paidUnnoticed(String amount) {
        var payer = topup().payer();
        String ours = topup().startTopup(payer, amount, 200).path("paymentId").asString();
        String remote = topup().yookassaIdOf(ours);
        yookassa().suppressWebhooks(true);
        try {
            yookassa().pay(remote);
        } finally {
            yookassa().suppressWebhooks(false);
        }
        return new Paid(payer, UUID.fromString(ours), remote);
    }

    public static Money balance(UUID account) {
        return app().bean(ru.myservice.wallet.WalletService.class).balance(account);
    }

    /** The account's ledger, oldest first, as {@code kind amount}. */
    public static List<String> ledger(UUID account) {
        return db().sql("""
                        select kind || ' ' || amount from ledger_entries
                        where wallet_id = (select id from wallets where account_id = :a) order by id
                        """).param("a", account).query(String.class).list();
    }

    /**
     * Dates the account's ledger entries, oldest first, at these moments: so a test has days to itself
     * in the shared database, and entries on both sides of a Moscow midnight.
     */
    public static void dateEntries(UUID account, List<Instant> moments) {
        List<Long> ids = db().sql("""
                        select e.id from ledger_entries e join wallets w on w.id = e.wallet_id
                        where w.account_id = :a order by e.id
                        """).param("a", account).query(Long.class).list();
        assertThat(ids).hasSize(moments.size());
        for (int i = 0; i < ids.size(); i++) {
            db().sql("update ledger_entries set created_at = :at where id = :id")
                    .param("at", Timestamp.from(moments.get(i)))
                    .param("id", ids.get(i))
                    .update();
        }
    }

    /** POST /v3/refunds calls YooKassa received for the payment. */
    public static long refundCalls(String remote) {
        return yookassa().calls().stream()
                .filter(c -> c.method().equals("POST") && c.path().endsWith("/refunds"))
                .filter(c -> c.body().contains(remote))
                .count();
    }

    /** Runs the tasks at the same moment, each on its own thread, and returns what each returned or threw. */
    public static <T> List<Object> together(List<Callable<T>> tasks) throws InterruptedException {
        var go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<T>> futures = tasks.stream()
                    .map(task -> pool.submit(() -> {
                        go.await();
                        return task.call();
                    }))
                    .toList();
            go.countDown();
            return futures.stream()
                    .map(future -> {
                        try {
                            return (Object) future.get();
                        } catch (ExecutionException e) {
                            return e.getCause();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return e;
                        }
                    })
                    .toList();
        }
    }
}
