package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.TestClock;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.JsonNode;

/**
 * Payments left pending are not litter: opening the window again offers the same one, the person can
 * go back to it or dismiss it (their own only), and one abandoned expires after YooKassa's hour, while
 * money paid for any of them is still credited once.
 */
class PendingPaymentsIntegrationTest {

    static final TestClock clock = new TestClock();
    static TopupFixture fixture;
    static FakeYooKassa yookassa;
    static AppInstance app;

    @BeforeAll
    static void start() {
        // Only the end of a token's hour brings a payment up for reconciliation here, not the usual round.
        fixture = TopupFixture.start(
                Map.of("myservice.topup.reconcile-after", "1h", "myservice.topup.reconcile-interval", "300ms"), clock);
        yookassa = fixture.yookassa();
        app = fixture.app();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void openingTheWindowAgainForTheSameAmountOffersTheSamePayment() {
        var payer = fixture.payer();
        int before = yookassa.payments().size();

        JsonNode first = fixture.startTopup(payer, "105", 200);
        JsonNode again = fixture.startTopup(payer, "105,00", 200);

        assertThat(again.path("paymentId").asString())
                .isEqualTo(first.path("paymentId").asString());
        assertThat(again.path("confirmationToken").asString())
                .isEqualTo(first.path("confirmationToken").asString());
        assertThat(again.path("amount").asString()).isEqualTo("105.00");
        assertThat(yookassa.payments()).hasSize(before + 1);
        assertThat(payments(payer)).isEqualTo(1);

        JsonNode other = fixture.startTopup(payer, "106", 200);
        assertThat(other.path("paymentId").asString())
                .isNotEqualTo(first.path("paymentId").asString());
        JsonNode someoneElse = fixture.startTopup(fixture.payer(), "105", 200);
        assertThat(someoneElse.path("paymentId").asString())
                .as("another person's payment of the same amount")
                .isNotEqualTo(first.path("paymentId").asString());
    }

    @Test
    void aPaymentThatCanNoLongerBePaidIsNotOfferedAgain() {
        var payer = fixture.payer();
        String dismissed =
                fixture.startTopup(payer, "107", 200).path("paymentId").asString();
        assertThat(dismiss(payer, dismissed).statusCode()).isEqualTo(204);
        assertThat(fixture.startTopup(payer, "107", 200).path("paymentId").asString())
                .as("after the person dismissed it")
                .isNotEqualTo(dismissed);

        String paidElsewhere =
                fixture.startTopup(payer, "108", 200).path("paymentId").asString();
        yookassa.suppressWebhooks(true);
        try {
            yookassa.pay(fixture.yookassaIdOf(paidElsewhere));
            assertThat(fixture.storedStatus(paidElsewhere)).isEqualTo("pending");

            assertThat(fixture.startTopup(payer, "108", 200).path("paymentId").asString())
                    .as("paid in another tab, its notification still on the way")
                    .isNotEqualTo(paidElsewhere);
        } finally {
            yookassa.suppressWebhooks(false);
        }
        assertThat(fixture.storedStatus(paidElsewhere)).isEqualTo("succeeded");
        assertThat(fixture.balance(payer)).isEqualTo(Money.of("108"));

        String late = fixture.startTopup(payer, "109", 200).path("paymentId").asString();
        clock.advance(Duration.ofMinutes(56));
        assertThat(fixture.startTopup(payer, "109", 200).path("paymentId").asString())
                .as("with minutes left of its hour")
                .isNotEqualTo(late);
    }

    @Test
    void continuingGivesTheWidgetTokenOfThePersonsOwnPaymentOnly() {
        var owner = fixture.payer();
        var other = fixture.payer();
        JsonNode started = fixture.startTopup(owner, "110", 200);
        String ours = started.path("paymentId").asString();

        var resumed = resume(owner, ours);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        JsonNode answer = TopupFixture.JSON.readTree(resumed.body());
        assertThat(answer.path("paymentId").asString()).isEqualTo(ours);
        assertThat(answer.path("confirmationToken").asString())
                .isEqualTo(started.path("confirmationToken").asString());
        assertThat(answer.path("amount").asString()).isEqualTo("110.00");

        assertProblem(resume(other, ours), 404, "payment_not_found");
        assertThat(owner.browser()
                        .json("POST", app.url("/api/topups/" + ours + "/resume"), null, null)
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);

        dismiss(owner, ours);
        assertProblem(resume(owner, ours), 409, "payment_not_payable");
    }

    @Test
    void onlyTheOwnerCanDismissAPaymentAndItStaysPendingAtYooKassa() {
        var owner = fixture.payer();
        var other = fixture.payer();
        String ours = fixture.startTopup(owner, "111", 200).path("paymentId").asString();

        assertProblem(dismiss(other, ours), 404, "payment_not_found");
        assertThat(owner.browser()
                        .json("POST", app.url("/api/topups/" + ours + "/dismiss"), null, null)
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(dismissed(ours)).as("refused calls dismiss nothing").isFalse();
        String pending = history(owner);
        assertThat(pending)
                .contains("ожидает оплаты")
                .contains("Продолжить оплату")
                .contains("Отменить");

        assertThat(dismiss(owner, ours).statusCode()).isEqualTo(204);
        assertThat(dismiss(owner, ours).statusCode()).as("twice").isEqualTo(204);

        assertThat(fixture.storedStatus(ours)).isEqualTo("pending");
        assertThat(yookassa.payment(fixture.yookassaIdOf(ours))
                        .orElseThrow()
                        .path("status")
                        .asString())
                .isEqualTo("pending");
        String dismissed = history(owner);
        assertThat(dismissed)
                .contains("отменён вами")
                .contains("если оплата всё же пройдёт, деньги зачислятся")
                .doesNotContain("ожидает оплаты")
                .doesNotContain("Продолжить оплату")
                .doesNotContain("data-dismiss");
    }

    @Test
    void aDismissedPaymentThatIsPaidAfterAllIsCreditedOnce() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "112", 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        dismiss(payer, ours);

        yookassa.pay(remote);
        Eventually.within(
                TopupFixture.PATIENCE, "credited", () -> fixture.balance(payer).equals(Money.of("112")));
        yookassa.sendNotification("payment.succeeded", remote);
        yookassa.sendNotification("payment.succeeded", remote);
        Eventually.within(
                TopupFixture.PATIENCE,
                "duplicates delivered",
                () -> yookassa.deliveries().stream()
                                .filter(d -> d.objectId().equals(remote) && d.status() == 200)
                                .count()
                        >= 3);

        assertThat(fixture.balance(payer)).isEqualTo(Money.of("112"));
        assertThat(app.bean(WalletService.class).ledgerSum(payer.account())).isEqualTo(Money.of("112"));
        assertThat(fixture.storedStatus(ours)).isEqualTo("succeeded");
        assertThat(history(payer)).contains("оплачен").doesNotContain("отменён вами");
        assertProblem(dismiss(payer, ours), 409, "payment_already_final");
    }

    @Test
    void anAbandonedPaymentExpiresAfterItsHourAndTheHistorySaysSo() {
        var payer = fixture.payer();
        String abandoned =
                fixture.startTopup(payer, "113", 200).path("paymentId").asString();
        String dismissed =
                fixture.startTopup(payer, "114", 200).path("paymentId").asString();
        dismiss(payer, dismissed);
        // YooKassa's notification is lost: only reconciliation can learn of the expiry.
        yookassa.suppressWebhooks(true);
        try {
            clock.advance(Duration.ofMinutes(61));

            Eventually.within(
                    TopupFixture.PATIENCE,
                    "both reconciled",
                    () -> fixture.storedStatus(abandoned).equals("canceled")
                            && fixture.storedStatus(dismissed).equals("canceled"));
        } finally {
            yookassa.suppressWebhooks(false);
        }

        String history = history(payer);
        assertThat(history).contains("истёк").contains("отменён вами");
        assertThat(history)
                .doesNotContain("ожидает оплаты")
                .doesNotContain("Продолжить оплату")
                .doesNotContain("data-dismiss")
                .doesNotContain("истекло время на оплату");
        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
        assertProblem(resume(payer, abandoned), 409, "payment_not_payable");
    }

    private static HttpResponse<String> resume(TopupFixture.Payer payer, String id) {
        return payer.browser().json("POST", app.url("/api/topups/" + id + "/resume"), null, payer.csrf());
    }

    private static HttpResponse<String> dismiss(TopupFixture.Payer payer, String id) {
        return payer.browser().json("POST", app.url("/api/topups/" + id + "/dismiss"), null, payer.csrf());
    }

    private static String history(TopupFixture.Payer payer) {
        return payer.browser().open(app.url("/dashboard/history")).body();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = TopupFixture.JSON.readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    private static int payments(TopupFixture.Payer payer) {
        return app.bean(JdbcClient.class)
                .sql("select count(*) from payments where user_id = :u")
                .param("u", payer.account())
                .query(Integer.class)
                .single();
    }

    private static boolean dismissed(String id) {
        return app.bean(JdbcClient.class)
                .sql("select dismissed_at is not null from payments where id = :id::uuid")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }
}
