package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.SharedApp;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/** Money arrives once however many notifications race on however many instances, or after a crash. */
class NotificationRaceIntegrationTest {

    static TopupFixture fixture;
    static AppInstance second;

    @BeforeAll
    static void start() {
        fixture = TopupFixture.start(Map.of("myservice.topup.reconcile-after", "1h"));
        var settings = TopupFixture.settings(fixture.yookassa());
        settings.put("myservice.topup.reconcile-after", "1h");
        second = AppInstance.start(SharedApp.providers(), settings);
    }

    @AfterAll
    static void stop() {
        second.close();
        fixture.close();
    }

    @Test
    void twentyConcurrentDuplicatesOnTwoInstancesCreditOnce() throws Exception {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "500", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        fixture.yookassa().suppressWebhooks(true);
        try {
            fixture.yookassa().pay(remote);
        } finally {
            fixture.yookassa().suppressWebhooks(false);
        }
        String body = TopupFixture.notification("payment.succeeded", remote);
        var http = HttpClient.newHttpClient();
        var go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                String target = (i % 2 == 0 ? fixture.app() : second).url("/api/payment/webhook");
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.send(
                                    HttpRequest.newBuilder(URI.create(target))
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                }));
            }
            go.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }

        assertThat(fixture.balance(payer)).isEqualTo(Money.of("500"));
        assertThat(fixture.app()
                        .bean(JdbcClient.class)
                        .sql("select count(*) from ledger_entries where kind = 'topup' and reference = :r")
                        .param("r", remote)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aPaymentOfAnotherAmountClaimingOurIdCreditsNothing() throws Exception {
        var payer = fixture.payer();
        // Our create timed out three times: YooKassa may or may not have the payment; our row has no id.
        for (int i = 0; i < 3; i++) {
            fixture.yookassa().failNext(FakeYooKassa.Operation.CREATE, FakeYooKassa.Failure.TIMEOUT);
        }
        fixture.startTopup(payer, "300", 503);
        String ours = fixture.app()
                .bean(JdbcClient.class)
                .sql("select id::text from payments where user_id = :u")
                .param("u", payer.account())
                .query(String.class)
                .single();
        String forged = fixture.createElsewhere("3000.00", Map.of("payment_id", ours));
        fixture.yookassa().pay(forged);

        assertThat(fixture.rawPost("127.0.0.1", TopupFixture.notification("payment.succeeded", forged), null))
                .isEqualTo(200);

        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
    }

    @Test
    void aPaymentNamingAnotherAccountCreditsNobody() throws Exception {
        var victim = fixture.payer();
        String forged = fixture.createElsewhere(
                "777.00",
                Map.of(
                        "payment_id",
                        java.util.UUID.randomUUID().toString(),
                        "user_id",
                        victim.account().toString()));
        fixture.yookassa().pay(forged);

        assertThat(fixture.rawPost("127.0.0.1", TopupFixture.notification("payment.succeeded", forged), null))
                .isEqualTo(200);

        assertThat(fixture.balance(victim)).isEqualTo(Money.ZERO);
    }

    @Test
    void anInstanceKilledBeforeCreditingIsMadeUpByReconciliationOnce() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "640", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        fixture.yookassa().suppressWebhooks(true);
        try {
            // YooKassa takes the money while no notification gets through: as if we died right then.
            fixture.yookassa().pay(remote);
            var settings = TopupFixture.settings(fixture.yookassa());
            settings.put("myservice.topup.reconcile-after", "1s");
            settings.put("myservice.topup.reconcile-interval", "300ms");
            try (var restarted = AppInstance.start(SharedApp.providers(), settings)) {
                Eventually.within(
                        TopupFixture.PATIENCE,
                        "reconciled after the restart",
                        () -> restarted
                                .bean(WalletService.class)
                                .balance(payer.account())
                                .equals(Money.of("640")));
            }
        } finally {
            fixture.yookassa().suppressWebhooks(false);
        }
        fixture.yookassa().sendNotification("payment.succeeded", remote);
        Eventually.within(
                TopupFixture.PATIENCE,
                "the late notification answered",
                () -> fixture.yookassa().deliveries().stream()
                        .anyMatch(d -> d.objectId().equals(remote) && d.acknowledged()));
        assertThat(fixture.balance(payer)).isEqualTo(Money.of("640"));
    }

    @Test
    void pollingNotificationsAndARefundRacingOnOnePaymentEndRefundedWithOneCreditAndOneDebit() throws Exception {
        var http = HttpClient.newHttpClient();
        for (int round = 0; round < 3; round++) {
            var payer = fixture.payer();
            String ours =
                    fixture.startTopup(payer, "300", 200).path("paymentId").asString();
            String remote = fixture.yookassaIdOf(ours);
            String refund;
            fixture.yookassa().suppressWebhooks(true);
            try {
                // Paid and refunded in full at YooKassa before any news of either reached us.
                fixture.yookassa().pay(remote);
                refund = fixture.yookassa().refund(remote, new java.math.BigDecimal("300.00"));
            } finally {
                fixture.yookassa().suppressWebhooks(false);
            }

            var go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            try (var pool = Executors.newFixedThreadPool(18)) {
                for (int i = 0; i < 6; i++) {
                    var instance = i % 2 == 0 ? fixture.app() : second;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return payer.browser()
                                .json("GET", fixture.app().url("/api/topups/" + ours), null, null)
                                .statusCode();
                    }));
                    answers.add(pool.submit(() -> {
                        go.await();
                        return notify(http, instance, TopupFixture.notification("payment.succeeded", remote));
                    }));
                    answers.add(pool.submit(() -> {
                        go.await();
                        return notify(http, instance, TopupFixture.notification("refund.succeeded", refund));
                    }));
                }
                go.countDown();
                for (var answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
            }

            var db = fixture.app().bean(JdbcClient.class);
            assertThat(fixture.storedStatus(ours)).as("round " + round).isEqualTo("refunded");
            assertThat(fixture.status(payer, ours).path("status").asString()).isEqualTo("refunded");
            assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
            assertThat(db.sql("""
                                    select kind || ' ' || amount from ledger_entries
                                    where wallet_id = (select id from wallets where account_id = :a) order by id
                                    """)
                            .param("a", payer.account())
                            .query(String.class)
                            .list())
                    .as("round " + round + ": the refund's news may come first")
                    .containsExactlyInAnyOrder("topup 300.00", "refund -300.00");
            assertThat(db.sql("select refunded_amount from payments where id = :id::uuid")
                            .param("id", ours)
                            .query(java.math.BigDecimal.class)
                            .single())
                    .isEqualByComparingTo("300.00");
        }
    }

    private static int notify(HttpClient http, AppInstance instance, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(instance.url("/api/payment/webhook")))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
