package ru.myservice.operator.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.myservice.operator.OperatorFixture.balance;
import static ru.myservice.operator.OperatorFixture.ledger;
import static ru.myservice.operator.OperatorFixture.yookassa;

import org.junit.jupiter.api.Test;
import ru.myservice.operator.ActionRefused;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditFilter;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.Eventually;
import ru.myservice.topup.PaymentActions.Recheck;
import ru.myservice.topup.PaymentStatus;
import ru.myservice.topup.TopupFixture;
import ru.myservice.wallet.Money;

/** «Я заплатил, а баланс не пополнился»: staff ask YooKassa now, and the money arrives once. */
class RecheckIntegrationTest {

    private final PaymentOperations operations = OperatorFixture.app().bean(PaymentOperations.class);
    private final AuditLog audit = OperatorFixture.app().bean(AuditLog.class);

    @Test
    void aPaymentWhoseNotificationWasLostIsCreditedOnceThoughTheNotificationComesLater() {
        var paid = OperatorFixture.paidUnnoticed("450");
        var staff = OperatorFixture.staff("zoya");
        assertThat(balance(paid.account())).isEqualTo(Money.ZERO);

        var outcome = operations.recheck(staff, paid.payment(), "Клиент пишет, что оплатил");

        assertThat(outcome.result()).isEqualTo(Recheck.CREDITED);
        assertThat(outcome.before()).isEqualTo(PaymentStatus.PENDING);
        assertThat(outcome.after()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(balance(paid.account())).isEqualTo(Money.of("450"));

        yookassa().sendNotification("payment.succeeded", paid.remote());
        Eventually.within(
                TopupFixture.PATIENCE,
                "the late notification answered",
                () -> yookassa().deliveries().stream()
                        .anyMatch(d -> d.objectId().equals(paid.remote()) && d.acknowledged()));
        assertThat(operations.recheck(staff, paid.payment(), "Ещё раз").result())
                .isEqualTo(Recheck.ALREADY_CREDITED);

        assertThat(ledger(paid.account())).containsExactly("topup 450.00");
        var lines = audit.find(new AuditFilter(null, AuditAction.PAYMENT_RECHECKED, paid.account(), null, null), 0)
                .records();
        assertThat(lines).hasSize(2);
        assertThat(lines.getLast()).satisfies(line -> {
            assertThat(line.reason()).isEqualTo("Клиент пишет, что оплатил");
            assertThat(line.staffLogin()).isEqualTo("myservice/zoya");
            assertThat(line.before()).containsEntry("status", "pending").containsEntry("balance", "0.00 RUB");
            assertThat(line.after())
                    .containsEntry("status", "succeeded")
                    .containsEntry("balance", "450.00 RUB")
                    .containsEntry("result", "CREDITED");
        });
    }

    @Test
    void aRecheckAndTheNotificationRacingCreditOnce() {
        var paid = OperatorFixture.paidUnnoticed("330");
        yookassa().sendNotification("payment.succeeded", paid.remote());

        operations.recheck(OperatorFixture.staff("yakov"), paid.payment(), "Проверка по обращению");
        Eventually.within(
                TopupFixture.PATIENCE,
                "the notification answered",
                () -> yookassa().deliveries().stream()
                        .anyMatch(d -> d.objectId().equals(paid.remote()) && d.acknowledged()));

        assertThat(ledger(paid.account())).containsExactly("topup 330.00");
    }

    @Test
    void aRecheckNeedsAReasonAndYooKassa() {
        var paid = OperatorFixture.paidUnnoticed("120");
        var staff = OperatorFixture.staff("emil");

        assertThatThrownBy(() -> operations.recheck(staff, paid.payment(), ""))
                .isInstanceOfSatisfying(
                        ActionRefused.class, e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.REASON_REQUIRED));
        for (int i = 0; i < 3; i++) {
            yookassa().failNext(FakeYooKassa.Operation.GET, FakeYooKassa.Failure.SERVER_ERROR_500_NOT_CREATED);
        }
        assertThatThrownBy(() -> operations.recheck(staff, paid.payment(), "ЮKassa молчит"))
                .isInstanceOfSatisfying(
                        ActionRefused.class,
                        e -> assertThat(e.why()).isEqualTo(ActionRefused.Why.YOOKASSA_UNREACHABLE));

        assertThat(balance(paid.account())).isEqualTo(Money.ZERO);
        assertThat(audit.find(new AuditFilter(staff.login(), null, null, null, null), 0)
                        .records())
                .isEmpty();
    }
}
