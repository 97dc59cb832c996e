package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.myservice.testing.Eventually;
import ru.myservice.wallet.Money;

/** Payments whose notification never came are settled by asking YooKassa, on a schedule. */
class ReconciliationIntegrationTest {

    static TopupFixture fixture;

    @BeforeAll
    static void start() {
        fixture = TopupFixture.start(
                Map.of("myservice.topup.reconcile-after", "1s", "myservice.topup.reconcile-interval", "300ms"));
        fixture.yookassa().suppressWebhooks(true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aPaymentWhoseNotificationWasLostIsCreditedOnce() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "42", 200).path("paymentId").asString();

        fixture.yookassa().pay(fixture.yookassaIdOf(ours));

        Eventually.within(
                TopupFixture.PATIENCE,
                "reconciled",
                () -> fixture.balance(payer).equals(Money.of("42")));
        assertThat(fixture.storedStatus(ours)).isEqualTo("succeeded");
    }

    @Test
    void aCancellationWithoutNotificationIsRecorded() {
        var payer = fixture.payer();
        String ours = fixture.startTopup(payer, "55", 200).path("paymentId").asString();

        fixture.yookassa().expire(fixture.yookassaIdOf(ours));

        Eventually.within(TopupFixture.PATIENCE, "reconciled", () -> "canceled".equals(fixture.storedStatus(ours)));
        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
    }
}
