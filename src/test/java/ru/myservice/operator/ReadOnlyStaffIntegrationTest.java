package ru.myservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.myservice.operator.adjustments.AdjustmentCategory;
import ru.myservice.operator.adjustments.Adjustments;
import ru.myservice.operator.adjustments.Adjustments.AdjustmentCommand;
import ru.myservice.operator.audit.AuditFilter;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.operator.payments.PaymentOperations;
import ru.myservice.operator.payments.PaymentOperations.RefundCommand;
import ru.myservice.wallet.Money;

/** Read-only staff may look: every action refuses them before anything happens. */
class ReadOnlyStaffIntegrationTest {

    private final PaymentOperations payments = OperatorFixture.app().bean(PaymentOperations.class);
    private final Adjustments adjustments = OperatorFixture.app().bean(Adjustments.class);
    private final AuditLog audit = OperatorFixture.app().bean(AuditLog.class);

    @Test
    void readOnlyStaffCannotRecheckRefundAdjustApproveOrReject() {
        var paid = OperatorFixture.paid("500");
        var unnoticed = OperatorFixture.paidUnnoticed("200");
        var viewer = OperatorFixture.readOnly("viktor");
        var waiting = adjustments.request(
                OperatorFixture.staff("yulia"),
                new AdjustmentCommand(
                        UUID.randomUUID(),
                        paid.account(),
                        true,
                        Money.of("5000"),
                        AdjustmentCategory.COMPENSATION,
                        "Компенсация за простой"));

        assertThatThrownBy(() -> payments.recheck(viewer, unnoticed.payment(), "Проверка"))
                .isInstanceOf(StaffCannotAct.class);
        assertThatThrownBy(() -> payments.refund(
                        viewer, new RefundCommand(UUID.randomUUID(), paid.payment(), Money.of("500"), "Возврат")))
                .isInstanceOf(StaffCannotAct.class);
        assertThatThrownBy(() -> adjustments.request(
                        viewer,
                        new AdjustmentCommand(
                                UUID.randomUUID(),
                                paid.account(),
                                true,
                                Money.of("10"),
                                AdjustmentCategory.OTHER,
                                "Бонус")))
                .isInstanceOf(StaffCannotAct.class);
        assertThatThrownBy(() -> adjustments.approve(viewer, waiting.id(), null))
                .isInstanceOf(StaffCannotAct.class);
        assertThatThrownBy(() -> adjustments.reject(viewer, waiting.id(), "Нет"))
                .isInstanceOf(StaffCannotAct.class);

        assertThat(OperatorFixture.balance(paid.account())).isEqualTo(Money.of("500"));
        assertThat(OperatorFixture.balance(unnoticed.account())).isEqualTo(Money.ZERO);
        assertThat(OperatorFixture.refundCalls(paid.remote())).isZero();
        assertThat(adjustments.waiting()).extracting(a -> a.id()).contains(waiting.id());
        assertThat(audit.find(new AuditFilter(viewer.login(), null, null, null, null), 0)
                        .records())
                .isEmpty();
    }
}
