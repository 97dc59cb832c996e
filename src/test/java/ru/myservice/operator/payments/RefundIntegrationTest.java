package ru.myservice.operator.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.myservice.operator.OperatorFixture.balance;
import static ru.myservice.operator.OperatorFixture.ledger;
import static ru.myservice.operator.OperatorFixture.refundCalls;
import static ru.myservice.operator.OperatorFixture.yookassa;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import ru.myservice.operator.ActionRefused;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.operator.StaffMember;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditFilter;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.operator.audit.AuditRecord;
import ru.myservice.operator.payments.PaymentOperations.RefundCommand;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.Eventually;
import ru.myservice.topup.TopupFixture;
import ru.myservice.wallet.Money;

/** Staff refunds go through YooKassa once, and the account is debited once, whatever races them. */
class RefundIntegrationTest {

    private final PaymentOperations operations = OperatorFixture.app().bean(PaymentOperations.class);
    private final AuditLog audit = OperatorFixture.app().bean(AuditLog.class);

    /** Refunds of the payment, one per amount, that YooKassa keeps pending. */
    private List<RefundRequest> pendingRefunds(StaffMember staff, UUID payment, String... amounts) {
        yookassa().setRefundsPending(true);
        try {
            List<RefundRequest> made = new ArrayList<>();
            for (String amount : amounts) {
                made.add(operations.refund(staff, refund(payment, amount)));
            }
            return made;
        } finally {
            yookassa().setRefundsPending(false);
        }
    }

    private static RefundCommand refund(UUID payment, String amount) {
        return new RefundCommand(UUID.randomUUID(), payment, Money.of(amount), "Клиент просил вернуть деньги");
    }

    private List<AuditRecord> refundsAudited(UUID account) {
        return audit.find(new AuditFilter(null, AuditAction.REFUND_REQUESTED, account, null, null), 0)
                .records();
    }

    @Test
    void aFullRefundAnsweredBeforeItsNotificationDebitsOnce() {
        var paid = OperatorFixture.paid("500");
        var staff = OperatorFixture.staff("irina");

        RefundRequest done;
        yookassa().suppressWebhooks(true);
        try {
            done = operations.refund(staff, refund(paid.payment(), "500.00"));
        } finally {
            yookassa().suppressWebhooks(false);
        }

        assertThat(done.status()).isEqualTo(RefundRequestStatus.SUCCEEDED);
        assertThat(done.yookassaRefundId()).isNotNull();
        assertThat(balance(paid.account())).isEqualTo(Money.ZERO);
        var call = yookassa().calls().stream()
                .filter(c -> c.path().endsWith("/refunds"))
                .filter(c -> c.body().contains(paid.remote()))
                .toList();
        assertThat(call).singleElement().satisfies(c -> {
            assertThat(c.header("Idempotence-Key")).isNotBlank();
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.body()).contains("\"value\":\"500.00\"");
        });

        yookassa().sendNotification("refund.succeeded", done.yookassaRefundId());
        Eventually.within(
                TopupFixture.PATIENCE,
                "the late notification answered",
                () -> yookassa().deliveries().stream()
                        .anyMatch(d -> d.objectId().equals(done.yookassaRefundId()) && d.acknowledged()));

        assertThat(ledger(paid.account())).containsExactly("topup 500.00", "refund -500.00");
        assertThat(refundsAudited(paid.account())).singleElement().satisfies(line -> {
            assertThat(line.reason()).isEqualTo("Клиент просил вернуть деньги");
            assertThat(line.staffLogin()).isEqualTo("myservice/irina");
            assertThat(line.target()).isEqualTo(paid.payment().toString());
            assertThat(line.before())
                    .containsEntry("payment_status", "succeeded")
                    .containsEntry("balance", "500.00 RUB");
            assertThat(line.after())
                    .containsEntry("request_status", "succeeded")
                    .containsEntry("payment_status", "refunded")
                    .containsEntry("refund_id", done.yookassaRefundId())
                    .containsEntry("balance", "0.00 RUB");
        });
    }

    @Test
    void aNotificationArrivingWhileYooKassasAnswerIsLostDebitsOnce() {
        var paid = OperatorFixture.paid("400");
        var staff = OperatorFixture.staff("kirill");
        // YooKassa makes the refund and sends its notification, but answers our POST with a 500: we ask
        // again a second later with the same key and get the original refund back.
        yookassa().failNext(FakeYooKassa.Operation.REFUND, FakeYooKassa.Failure.SERVER_ERROR_500);

        var done = operations.refund(staff, refund(paid.payment(), "150.00"));

        assertThat(done.status()).isEqualTo(RefundRequestStatus.SUCCEEDED);
        Eventually.within(
                TopupFixture.PATIENCE,
                "the notification answered",
                () -> yookassa().deliveries().stream()
                        .anyMatch(d -> d.objectId().equals(done.yookassaRefundId()) && d.acknowledged()));
        assertThat(balance(paid.account())).isEqualTo(Money.of("250"));
        assertThat(ledger(paid.account())).containsExactly("topup 400.00", "refund -150.00");
        assertThat(refundCalls(paid.remote())).isEqualTo(2);
        assertThat(yookassa().calls().stream()
                        .filter(c -> c.path().endsWith("/refunds") && c.body().contains(paid.remote()))
                        .map(c -> c.header("Idempotence-Key"))
                        .distinct())
                .hasSize(1);
    }

    @Test
    void aRefundYooKassaNeverAnsweredIsDebitedByItsNotificationAndSendingTheFormAgainChangesNothing() {
        var paid = OperatorFixture.paid("300");
        var staff = OperatorFixture.staff("lidia");
        var command = refund(paid.payment(), "300.00");
        // Made at YooKassa on the first try, its notification sent; every answer to us is lost.
        for (int i = 0; i < 3; i++) {
            yookassa().failNext(FakeYooKassa.Operation.REFUND, FakeYooKassa.Failure.SERVER_ERROR_500);
        }

        var unanswered = operations.refund(staff, command);

        // However the notification and our retries interleaved, the request ends done by the notification.
        Eventually.within(
                TopupFixture.PATIENCE,
                "the request done by the notification",
                () -> operations.refunds(paid.payment()).getFirst().status() == RefundRequestStatus.SUCCEEDED);
        var request = operations.refunds(paid.payment()).getFirst();
        assertThat(request.id()).isEqualTo(unanswered.id());
        assertThat(request.yookassaRefundId()).isNotNull();
        assertThat(balance(paid.account())).isEqualTo(Money.ZERO);
        assertThatThrownBy(() -> operations.refund(OperatorFixture.staff("maxim"), refund(paid.payment(), "1.00")))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.ABOVE_REFUNDABLE));

        // The operator sends the same form again: the same refund, nothing more.
        var again = operations.refund(staff, command);

        assertThat(again.id()).isEqualTo(request.id());
        assertThat(again.status()).isEqualTo(RefundRequestStatus.SUCCEEDED);
        assertThat(ledger(paid.account())).containsExactly("topup 300.00", "refund -300.00");
        assertThat(yookassa().calls().stream()
                        .filter(c -> c.path().endsWith("/refunds") && c.body().contains(paid.remote()))
                        .map(c -> c.header("Idempotence-Key"))
                        .distinct())
                .hasSize(1);
    }

    @Test
    void anUnreachableRefundSentAgainWithTheSameKeyIsMadeOnce() {
        var paid = OperatorFixture.paid("200");
        var staff = OperatorFixture.staff("nikita");
        var command = refund(paid.payment(), "80.00");
        for (int i = 0; i < 3; i++) {
            yookassa().failNext(FakeYooKassa.Operation.REFUND, FakeYooKassa.Failure.SERVER_ERROR_500_NOT_CREATED);
        }

        var unanswered = operations.refund(staff, command);

        assertThat(unanswered.status()).isEqualTo(RefundRequestStatus.UNREACHABLE);
        assertThat(balance(paid.account())).isEqualTo(Money.of("200"));

        var again = operations.refund(staff, command);

        assertThat(again.id()).isEqualTo(unanswered.id());
        assertThat(again.status()).isEqualTo(RefundRequestStatus.SUCCEEDED);
        assertThat(balance(paid.account())).isEqualTo(Money.of("120"));
        assertThat(yookassa().calls().stream()
                        .filter(c -> c.path().endsWith("/refunds") && c.body().contains(paid.remote()))
                        .map(c -> c.header("Idempotence-Key"))
                        .distinct())
                .hasSize(1);
        assertThat(refundsAudited(paid.account()))
                .extracting(line -> line.after().get("request_status"))
                .containsExactly("succeeded", "unreachable");
    }

    @Test
    void aRefundYooKassaKeepsPendingIsDebitedWhenItSucceedsAndNotAtAllWhenItIsCanceled() {
        var paid = OperatorFixture.paid("500");
        var staff = OperatorFixture.staff("vlad");
        var pending = pendingRefunds(staff, paid.payment(), "200.00", "300.00");
        RefundRequest first = pending.get(0);
        RefundRequest second = pending.get(1);

        assertThat(List.of(first.status(), second.status())).containsOnly(RefundRequestStatus.PENDING);
        assertThat(balance(paid.account())).isEqualTo(Money.of("500"));
        assertThatThrownBy(() -> operations.refund(staff, refund(paid.payment(), "0.01")))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.ABOVE_REFUNDABLE));

        yookassa().succeedRefund(first.yookassaRefundId());
        Eventually.within(
                TopupFixture.PATIENCE,
                "the first refund done by its notification",
                () -> operations.refunds(paid.payment()).stream()
                        .anyMatch(r -> r.id().equals(first.id()) && r.status() == RefundRequestStatus.SUCCEEDED));
        assertThat(balance(paid.account())).isEqualTo(Money.of("300"));

        // A canceled refund sends no notification: the re-check finds it.
        yookassa().cancelRefund(second.yookassaRefundId());
        operations.recheck(staff, paid.payment(), "Что с возвратом?");

        var canceled = operations.refunds(paid.payment()).stream()
                .filter(r -> r.id().equals(second.id()))
                .findFirst()
                .orElseThrow();
        assertThat(canceled.status()).isEqualTo(RefundRequestStatus.CANCELED);
        assertThat(canceled.failure()).isEqualTo("general_decline");
        assertThat(balance(paid.account())).isEqualTo(Money.of("300"));

        assertThat(operations.refund(staff, refund(paid.payment(), "300.00")).status())
                .isEqualTo(RefundRequestStatus.SUCCEEDED);
        assertThat(ledger(paid.account())).containsExactly("topup 500.00", "refund -200.00", "refund -300.00");
    }

    @Test
    void aPendingRefundWhoseNotificationIsLostIsSettledInTheBackgroundOnce() {
        var paid = OperatorFixture.paid("400");
        var staff = OperatorFixture.staff("lena");
        var pending = pendingRefunds(staff, paid.payment(), "150.00", "50.00");
        RefundRequest made = pending.get(0);
        RefundRequest dropped = pending.get(1);
        yookassa().suppressWebhooks(true);
        try {
            yookassa().succeedRefund(made.yookassaRefundId());
        } finally {
            yookassa().suppressWebhooks(false);
        }
        yookassa().cancelRefund(dropped.yookassaRefundId());
        assertThat(balance(paid.account())).isEqualTo(Money.of("400"));

        // What the background sweep runs; running it twice (or beside the scheduled one) debits once.
        operations.settlePendingRefunds(50);
        operations.settlePendingRefunds(50);

        assertThat(operations.refunds(paid.payment()))
                .extracting(RefundRequest::status)
                .containsExactly(RefundRequestStatus.SUCCEEDED, RefundRequestStatus.CANCELED);
        assertThat(balance(paid.account())).isEqualTo(Money.of("250"));
        assertThat(ledger(paid.account())).containsExactly("topup 400.00", "refund -150.00");
    }

    @Test
    void twoStaffRefundingOnePaymentAtOnceRefundItOnce() throws Exception {
        var paid = OperatorFixture.paid("700");
        var olga = OperatorFixture.staff("olga");
        var pavel = OperatorFixture.staff("pavel");

        List<Callable<RefundRequest>> both = List.of(
                () -> operations.refund(olga, refund(paid.payment(), "700.00")),
                () -> operations.refund(pavel, refund(paid.payment(), "700.00")));
        var results = OperatorFixture.together(both);

        assertThat(results).filteredOn(RefundRequest.class::isInstance).singleElement();
        assertThat(results)
                .filteredOn(ActionRefused.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((ActionRefused) e).why()).isEqualTo(ActionRefused.Why.ABOVE_REFUNDABLE));
        Eventually.within(
                TopupFixture.PATIENCE,
                "the notification answered",
                () -> yookassa().deliveries().stream()
                        .anyMatch(d -> d.event().equals("refund.succeeded")
                                && d.body().contains(paid.remote())
                                && d.acknowledged()));
        assertThat(refundCalls(paid.remote())).isEqualTo(1);
        assertThat(ledger(paid.account())).containsExactly("topup 700.00", "refund -700.00");
        assertThat(refundsAudited(paid.account())).hasSize(1);
    }

    @Test
    void aDoubleClickIsOneRefund() throws Exception {
        var paid = OperatorFixture.paid("600");
        var staff = OperatorFixture.staff("raisa");
        var command = refund(paid.payment(), "100.00");

        var results = OperatorFixture.together(List.<Callable<RefundRequest>>of(
                () -> operations.refund(staff, command), () -> operations.refund(staff, command)));

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(RefundRequest.class));
        assertThat(results.stream().map(r -> ((RefundRequest) r).id()).distinct())
                .hasSize(1);
        assertThat(refundCalls(paid.remote())).isEqualTo(1);
        Eventually.within(
                TopupFixture.PATIENCE,
                "the refund debited",
                () -> balance(paid.account()).equals(Money.of("500")));
        assertThat(ledger(paid.account())).containsExactly("topup 600.00", "refund -100.00");
    }

    @Test
    void partialRefundsAddUpToThePaymentAndNoFurther() {
        var paid = OperatorFixture.paid("500");
        var staff = OperatorFixture.staff("semyon");

        assertThat(operations.refund(staff, refund(paid.payment(), "200.00")).status())
                .isEqualTo(RefundRequestStatus.SUCCEEDED);
        assertThat(operations.refund(staff, refund(paid.payment(), "300.00")).status())
                .isEqualTo(RefundRequestStatus.SUCCEEDED);
        assertThatThrownBy(() -> operations.refund(staff, refund(paid.payment(), "0.01")))
                .isInstanceOfSatisfying(ActionRefused.class, e -> {
                    assertThat(e.why()).isEqualTo(ActionRefused.Why.ABOVE_REFUNDABLE);
                    assertThat(e.args()).containsExactly(Money.ZERO);
                });

        assertThat(balance(paid.account())).isEqualTo(Money.ZERO);
        assertThat(refundCalls(paid.remote())).isEqualTo(2);
    }

    @Test
    void aPaymentNotPaidCannotBeRefundedAndYooKassaIsNotAsked() {
        var payer = OperatorFixture.topup().payer();
        String ours = OperatorFixture.topup()
                .startTopup(payer, "250", 200)
                .path("paymentId")
                .asString();

        assertThatThrownBy(() ->
                        operations.refund(OperatorFixture.staff("taras"), refund(UUID.fromString(ours), "250.00")))
                .isInstanceOfSatisfying(
                        ActionRefused.class,
                        e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.PAYMENT_NOT_SUCCEEDED));
        assertThat(refundCalls(OperatorFixture.topup().yookassaIdOf(ours))).isZero();
    }

    @Test
    void aRefundYooKassaRefusesDebitsNothingAndSaysWhy() {
        var paid = OperatorFixture.paid("350");
        // Refunded in the Merchant Profile, and its notification lost: we still think 350 is refundable.
        yookassa().suppressWebhooks(true);
        try {
            yookassa().refund(paid.remote(), new BigDecimal("350.00"));
        } finally {
            yookassa().suppressWebhooks(false);
        }

        var refused = operations.refund(OperatorFixture.staff("uliana"), refund(paid.payment(), "100.00"));

        assertThat(refused.status()).isEqualTo(RefundRequestStatus.REFUSED);
        assertThat(refused.failure()).contains("exceeds the amount available for refund");
        assertThat(balance(paid.account())).isEqualTo(Money.of("350"));
        assertThat(refundsAudited(paid.account()))
                .singleElement()
                .satisfies(line -> assertThat(line.after()).containsEntry("request_status", "refused"));
    }

    @Test
    void aRefundNeedsAReasonAndAPositiveAmount() {
        var paid = OperatorFixture.paid("90");
        var staff = OperatorFixture.staff("fedor");

        assertThatThrownBy(() -> operations.refund(
                        staff, new RefundCommand(UUID.randomUUID(), paid.payment(), Money.of("10"), "  ")))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.REASON_REQUIRED));
        assertThatThrownBy(() -> operations.refund(staff, refund(paid.payment(), "0")))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.AMOUNT_NOT_POSITIVE));
        assertThat(refundCalls(paid.remote())).isZero();
    }
}
