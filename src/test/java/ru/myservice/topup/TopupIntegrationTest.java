package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.sandbox.FakeYooKassa.Failure;
import ru.myservice.sandbox.FakeYooKassa.Operation;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.JsonNode;

/** A person tops up through the YooKassa fake; money arrives once, whatever YooKassa or forgers do. */
class TopupIntegrationTest {

    static TopupFixture fixture;
    static FakeYooKassa yookassa;
    static AppInstance app;

    @BeforeAll
    static void start() {
        // Reconciliation is exercised in its own test; here it would race the scripted failures.
        fixture = TopupFixture.start(Map.of("myservice.topup.reconcile-after", "1h"));
        yookassa = fixture.yookassa();
        app = fixture.app();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aPaidTopUpIsCreditedOnceAndShownInTheHistory() {
        var payer = fixture.payer();

        JsonNode started = fixture.startTopup(payer, "500,50", 200);
        String ours = started.path("paymentId").asString();
        assertThat(started.path("confirmationToken").asString()).startsWith("ct-");
        String remote = fixture.yookassaIdOf(ours);
        var create = yookassa.calls().stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/v3/payments") && c.status() == 200)
                .filter(c -> c.body().contains(ours))
                .findFirst()
                .orElseThrow();
        JsonNode sent = TopupFixture.JSON.readTree(create.body());
        assertThat(sent.path("amount").path("value").asString()).isEqualTo("500.50");
        assertThat(sent.path("capture").asBoolean()).isTrue();
        assertThat(sent.path("confirmation").path("type").asString()).isEqualTo("embedded");
        assertThat(sent.has("payment_method_data")).isFalse();
        assertThat(sent.path("confirmation").has("return_url")).isFalse();
        assertThat(create.header("Idempotence-Key")).isNotBlank();

        yookassa.pay(remote);

        Eventually.within(
                TopupFixture.PATIENCE, "credited", () -> fixture.balance(payer).equals(Money.of("500.50")));
        JsonNode settled = fixture.status(payer, ours);
        assertThat(settled.path("status").asString()).isEqualTo("succeeded");
        assertThat(settled.path("balance").asString()).isEqualTo("500,50\u00a0₽");
        var history = payer.browser().open(app.url("/dashboard"));
        assertThat(history.body()).contains("500,50\u00a0₽").contains("оплачен");
    }

    @Test
    void duplicateAndLateNotificationsChangeNothing() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "100", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        yookassa.pay(remote);
        Eventually.within(
                TopupFixture.PATIENCE, "credited", () -> fixture.balance(payer).equals(Money.of("100")));

        for (int i = 0; i < 3; i++) {
            yookassa.sendNotification("payment.succeeded", remote);
        }
        yookassa.sendNotification("payment.canceled", remote);

        Eventually.within(
                TopupFixture.PATIENCE,
                "all delivered",
                () -> yookassa.deliveries().stream()
                                .filter(d -> d.objectId().equals(remote))
                                .filter(d -> d.status() == 200)
                                .count()
                        >= 5);
        assertThat(fixture.balance(payer)).isEqualTo(Money.of("100"));
        assertThat(app.bean(WalletService.class).ledgerSum(payer.account())).isEqualTo(Money.of("100"));
        assertThat(fixture.status(payer, ours).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aDeclinedPaymentIsRecordedWithItsReasonAndCreditsNothing() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "250", 200).path("paymentId").asString();

        yookassa.decline(fixture.yookassaIdOf(ours), "insufficient_funds");

        Eventually.within(
                TopupFixture.PATIENCE,
                "canceled",
                () -> fixture.status(payer, ours).path("status").asString().equals("canceled"));
        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
        assertThat(payer.browser().open(app.url("/dashboard")).body())
                .contains("отменён")
                .contains("недостаточно средств");
    }

    @Test
    void aRefundIsDebitedOnceAndAFullRefundMarksThePaymentRefunded() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "300", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        yookassa.pay(remote);
        Eventually.within(
                TopupFixture.PATIENCE, "credited", () -> fixture.balance(payer).equals(Money.of("300")));

        String refund = yookassa.refund(remote, new BigDecimal("100.00"));
        Eventually.within(
                TopupFixture.PATIENCE,
                "partly refunded",
                () -> fixture.balance(payer).equals(Money.of("200")));
        assertThat(payer.browser().open(app.url("/dashboard/history")).body())
                .contains("оплачен")
                .contains("возвращено 100,00\u00a0₽");
        yookassa.sendNotification("refund.succeeded", refund);
        yookassa.refund(remote, new BigDecimal("200.00"));

        Eventually.within(
                TopupFixture.PATIENCE,
                "fully refunded",
                () -> fixture.balance(payer).equals(Money.ZERO));
        Eventually.within(
                TopupFixture.PATIENCE,
                "marked refunded",
                () -> fixture.status(payer, ours).path("status").asString().equals("refunded"));
        assertThat(app.bean(WalletService.class).ledgerSum(payer.account())).isEqualTo(Money.ZERO);
    }

    @Test
    void thePagesPollingAsksYooKassaWhenNoNotificationCame() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "77,70", 200).path("paymentId").asString();
        yookassa.suppressWebhooks(true);
        try {
            yookassa.pay(fixture.yookassaIdOf(ours));

            JsonNode polled = fixture.status(payer, ours);

            assertThat(polled.path("status").asString()).isEqualTo("succeeded");
            assertThat(polled.path("settled").asBoolean()).isTrue();
            assertThat(fixture.balance(payer)).isEqualTo(Money.of("77.70"));
        } finally {
            yookassa.suppressWebhooks(false);
        }
    }

    @Test
    void aForgedSucceededNotificationForAPendingPaymentCreditsNothing() throws IOException {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "900", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        String forged = "{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":\"" + remote
                + "\",\"status\":\"succeeded\",\"paid\":true,\"amount\":{\"value\":\"900.00\",\"currency\":\"RUB\"},"
                + "\"metadata\":{\"payment_id\":\"" + ours + "\"}}}";

        assertThat(fixture.rawPost("127.0.0.1", forged, null)).isEqualTo(200);

        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
        assertThat(fixture.status(payer, ours).path("status").asString()).isEqualTo("pending");
    }

    @Test
    void notificationsAreAcceptedOnlyFromYooKassasAddresses() throws IOException {
        String unknown = "{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":\""
                + UUID.randomUUID() + "\",\"status\":\"succeeded\"}}";

        assertThat(fixture.rawPost("127.0.0.2", unknown, null)).as("a stranger").isEqualTo(403);
        assertThat(fixture.rawPost("127.0.0.2", unknown, "185.71.76.5"))
                .as("a stranger claiming YooKassa")
                .isEqualTo(403);
        assertThat(fixture.rawPost("127.0.0.3", unknown, "1.2.3.4"))
                .as("a stranger behind our proxy")
                .isEqualTo(403);
        assertThat(fixture.rawPost("127.0.0.3", unknown, "185.71.76.5"))
                .as("YooKassa behind our proxy")
                .isEqualTo(200);
        assertThat(fixture.rawPost("127.0.0.1", unknown, null))
                .as("an unknown payment")
                .isEqualTo(200);
    }

    /** YooKassa marks the payment paid and sends no notification: the test sends its own. */
    private void payWithoutNotifying(String remote) {
        yookassa.suppressWebhooks(true);
        try {
            yookassa.pay(remote);
        } finally {
            yookassa.suppressWebhooks(false);
        }
    }

    @Test
    void aNotificationIsAnsweredWithoutIssuingACookie() throws Exception {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "910", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        payWithoutNotifying(remote);
        String notification = TopupFixture.notification("payment.succeeded", remote);

        try (var http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var answer = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + fixture.app().port() + "/api/payment/webhook"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(notification))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(answer.statusCode()).isEqualTo(200);
            // YooKassa keeps no cookies: a CSRF token issued to it would be work for nobody.
            assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        }
        assertThat(fixture.balance(payer)).isEqualTo(Money.of("910.00"));
    }

    @Test
    void malformedNotificationsAreRefusedAndOurOwnFailureAsksForRedelivery() throws IOException {
        assertThat(fixture.rawPost("127.0.0.1", "not json at all", null)).isEqualTo(400);
        assertThat(fixture.rawPost("127.0.0.1", "{\"type\":\"notification\"}", null))
                .isEqualTo(400);
        assertThat(fixture.rawPost(
                        "127.0.0.1",
                        "{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":\"../../me\"}}",
                        null))
                .isEqualTo(400);

        for (int i = 0; i < 3; i++) {
            yookassa.failNext(Operation.GET, Failure.SERVER_ERROR_500_NOT_CREATED);
        }
        String valid = "{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":\""
                + UUID.randomUUID() + "\"}}";
        assertThat(fixture.rawPost("127.0.0.1", valid, null)).isEqualTo(500);
    }

    @Test
    void badAmountsGetAClearMessageAndCreateNothing() {
        var payer = fixture.payer();
        int before = yookassa.payments().size();

        JsonNode letters = fixture.startTopup(payer, "abc", 400);
        assertThat(letters.path("code").asString()).isEqualTo("amount_invalid");
        assertThat(letters.path("detail").asString()).contains("Введите сумму числом");
        JsonNode empty = fixture.startTopup(payer, "", 400);
        assertThat(empty.path("code").asString()).isEqualTo("amount_missing");
        assertThat(empty.path("detail").asString()).isEqualTo("Введите сумму пополнения.");
        JsonNode small = fixture.startTopup(payer, "5", 400);
        assertThat(small.path("code").asString()).isEqualTo("amount_too_small");
        assertThat(small.path("detail").asString())
                .contains("Минимальная сумма")
                .contains("10,00\u00a0₽");
        JsonNode large = fixture.startTopup(payer, "100000,01", 400);
        assertThat(large.path("code").asString()).isEqualTo("amount_too_large");
        assertThat(large.path("detail").asString()).contains("Максимальная сумма");
        assertThat(fixture.startTopup(payer, "10.001", 400).path("detail").asString())
                .contains("Введите сумму числом");

        assertThat(yookassa.payments()).hasSize(before);
        assertThat(app.bean(JdbcClient.class)
                        .sql("select count(*) from payments where user_id = :u")
                        .param("u", payer.account())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void whenYooKassaRefusesOrIsDownThePersonIsToldAndNothingIsCredited() {
        var payer = fixture.payer();

        yookassa.failNext(Operation.CREATE, Failure.UNAUTHORIZED_401);
        JsonNode refused = fixture.startTopup(payer, "100", 503);
        assertThat(refused.path("code").asString()).isEqualTo("payment_service_unavailable");
        assertThat(refused.path("detail").asString()).contains("Платёжный сервис сейчас недоступен");

        for (int i = 0; i < 3; i++) {
            yookassa.failNext(Operation.CREATE, Failure.SERVER_ERROR_500_NOT_CREATED);
        }
        fixture.startTopup(payer, "100", 503);

        for (int i = 0; i < 3; i++) {
            yookassa.failNext(Operation.CREATE, Failure.TIMEOUT);
        }
        fixture.startTopup(payer, "100", 503);

        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
        assertThat(app.bean(JdbcClient.class)
                        .sql("select status from payments where user_id = :u")
                        .param("u", payer.account())
                        .query(String.class)
                        .list())
                .containsOnly("failed")
                .hasSize(3);
    }

    @Test
    void anUnknownOutcomeIsRetriedWithTheSameKeyAndMakesOnePayment() {
        var payer = fixture.payer();
        int before = yookassa.payments().size();
        yookassa.failNext(Operation.CREATE, Failure.SERVER_ERROR_500);
        yookassa.failNext(Operation.CREATE, Failure.TOO_MANY_REQUESTS_429);

        String ours = fixture.startTopup(payer, "150", 200).path("paymentId").asString();

        assertThat(yookassa.payments()).hasSize(before + 1);
        var keys = yookassa.calls().stream()
                .filter(c -> c.method().equals("POST")
                        && c.path().equals("/v3/payments")
                        && c.body().contains(ours))
                .map(c -> c.header("Idempotence-Key"))
                .toList();
        assertThat(keys).hasSize(3).containsOnly(keys.getFirst());
    }

    @Test
    void pagesProtectTheirCallsAndPeopleSeeOnlyTheirOwnPayments() {
        var owner = fixture.payer();
        var other = fixture.payer();
        String ours = fixture.startTopup(owner, "100", 200).path("paymentId").asString();

        assertThat(owner.browser()
                        .json("POST", app.url("/api/topups"), "{\"amount\":\"100\"}", null)
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(new TestBrowser()
                        .json("GET", app.url("/api/topups/" + ours), null, null)
                        .statusCode())
                .as("not signed in")
                .isEqualTo(401);
        assertThat(other.browser()
                        .json("GET", app.url("/api/topups/" + ours), null, null)
                        .statusCode())
                .as("someone else's")
                .isEqualTo(404);
    }

    @Test
    void theHistoryIsPagedNewestFirst() {
        var payer = fixture.payer();
        for (int i = 1; i <= 12; i++) {
            fixture.startTopup(payer, (10 + i) + ",00", 200);
        }

        String first =
                payer.browser().open(app.url("/dashboard/history?page=1")).body();
        String second =
                payer.browser().open(app.url("/dashboard/history?page=2")).body();
        String pastTheEnd =
                payer.browser().open(app.url("/dashboard/history?page=3")).body();

        assertThat(first.split("<tr id=\"payment-").length - 1).isEqualTo(10);
        assertThat(first.indexOf("22,00\u00a0₽")).isLessThan(first.indexOf("21,00\u00a0₽"));
        assertThat(first).contains("ожидает оплаты").contains("Страница 1 из 2").doesNotContain("11,00\u00a0₽");
        assertThat(second).contains("11,00\u00a0₽").contains("12,00\u00a0₽").contains("Страница 2 из 2");
        assertThat(pastTheEnd)
                .as("a page past the end shows the last one")
                .contains("11,00\u00a0₽")
                .contains("12,00\u00a0₽")
                .doesNotContain("22,00\u00a0₽")
                .contains("Страница 2 из 2");
    }

    @Test
    void whileYooKassaCannotAnswerAStatusCheckNothingIsCredited() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "120", 200).path("paymentId").asString();
        fixture.yookassa().suppressWebhooks(true);
        try {
            fixture.yookassa().pay(fixture.yookassaIdOf(ours));
            for (var failure : new FakeYooKassa.Failure[] {
                Failure.SERVER_ERROR_500_NOT_CREATED, Failure.TOO_MANY_REQUESTS_429, Failure.TIMEOUT
            }) {
                for (int i = 0; i < 3; i++) {
                    yookassa.failNext(Operation.GET, failure);
                }
                var status = fixture.status(payer, ours);
                assertThat(status.path("status").asString()).as(failure.name()).isEqualTo("pending");
                assertThat(fixture.balance(payer)).as(failure.name()).isEqualTo(Money.ZERO);
            }

            assertThat(fixture.status(payer, ours).path("status").asString()).isEqualTo("succeeded");
            assertThat(fixture.balance(payer)).isEqualTo(Money.of("120"));
        } finally {
            fixture.yookassa().suppressWebhooks(false);
        }
    }

    @Test
    void aNotificationThatIsNotJsonIsRefusedAndCreditsNothing() throws IOException {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "130", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        payWithoutNotifying(remote);
        String body = TopupFixture.notification("payment.succeeded", remote);

        assertThat(fixture.rawPost("127.0.0.1", body, null, "text/plain")).isEqualTo(415);
        assertThat(fixture.rawPost("127.0.0.1", body, null, "application/xml")).isEqualTo(415);
        assertThat(fixture.storedStatus(ours)).isEqualTo("pending");
        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);

        assertThat(fixture.rawPost("127.0.0.1", body, null, "application/json; charset=utf-8"))
                .isEqualTo(200);
        assertThat(fixture.balance(payer)).isEqualTo(Money.of("130"));
    }

    @Test
    void aPaymentWhoseRecordNeverMatchesOursIsSettledAsAMismatchOnce() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "140", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        // Our record and YooKassa's disagree about the amount (a bug or a tampered row).
        app.bean(JdbcClient.class)
                .sql("update payments set amount = 1400 where id = :id::uuid")
                .param("id", ours)
                .update();
        payWithoutNotifying(remote);

        JsonNode polled = fixture.status(payer, ours);
        assertThat(polled.path("status").asString()).isEqualTo("mismatch");
        assertThat(polled.path("settled").asBoolean()).isTrue();
        long asked = askedAbout(remote);
        fixture.status(payer, ours);
        yookassa.sendNotification("payment.succeeded", remote);
        Eventually.within(
                TopupFixture.PATIENCE,
                "delivered",
                () -> yookassa.deliveries().stream().anyMatch(d -> d.objectId().equals(remote) && d.status() == 200));

        assertThat(askedAbout(remote))
                .as("a settled mismatch is not polled again, only re-fetched for a notification")
                .isEqualTo(asked + 1);
        assertThat(fixture.storedStatus(ours)).isEqualTo("mismatch");
        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
        assertThat(payer.browser().open(app.url("/dashboard/history")).body()).contains("на проверке");
    }

    private static long askedAbout(String remote) {
        return yookassa.calls().stream()
                .filter(c -> c.method().equals("GET") && c.path().equals("/v3/payments/" + remote))
                .count();
    }
}
