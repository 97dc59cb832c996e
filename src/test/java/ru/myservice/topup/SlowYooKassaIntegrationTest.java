package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa.Failure;
import ru.myservice.sandbox.FakeYooKassa.Operation;
import ru.myservice.testing.Eventually;
import ru.myservice.wallet.Money;
import tools.jackson.databind.JsonNode;

/**
 * YooKassa takes the connection and answers long after a person would wait: the person is told at
 * once that nothing was charged, and the payment YooKassa creates late is recorded, not left pending.
 */
class SlowYooKassaIntegrationTest {

    static TopupFixture fixture;

    @BeforeAll
    static void start() {
        // Production's read timeout, so the client itself would wait out the whole stall.
        fixture = TopupFixture.start(Map.of(
                "myservice.topup.read-timeout", "40s",
                "myservice.topup.start-wait", "2s",
                "myservice.topup.reconcile-after", "1h"));
        fixture.yookassa().setSlowDelay(Duration.ofSeconds(8));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aStalledCreateAnswersThePersonAndTheLatePaymentIsSettled() {
        var payer = fixture.payer();
        fixture.yookassa().failNext(Operation.CREATE, Failure.TIMEOUT);

        JsonNode answer = fixture.startTopup(payer, "250", 504);

        assertThat(answer.path("code").asString()).isEqualTo("payment_service_slow");
        assertThat(answer.path("detail").asString())
                .contains("не ответил вовремя")
                .contains("Деньги не списаны");
        var db = fixture.app().bean(JdbcClient.class);
        String ours = db.sql("select id::text from payments where user_id = :u")
                .param("u", payer.account())
                .query(String.class)
                .single();

        // YooKassa's answer arrives later: the row keeps its id, and is failed, since nobody holds the token.
        Eventually.within(
                Duration.ofSeconds(30),
                "the late create recorded",
                () -> db.sql("select yookassa_payment_id is not null from payments where id = :id::uuid")
                        .param("id", ours)
                        .query(Boolean.class)
                        .single());
        assertThat(fixture.storedStatus(ours)).isEqualTo("failed");
        String remote = fixture.yookassaIdOf(ours);

        // Unpaid, it expires at YooKassa, and the notification settles our row.
        fixture.yookassa().expire(remote);
        Eventually.within(
                TopupFixture.PATIENCE,
                "canceled on expiry",
                () -> fixture.storedStatus(ours).equals("canceled"));
        assertThat(fixture.balance(payer)).isEqualTo(Money.ZERO);
        assertThat(payer.browser().open(fixture.app().url("/dashboard/history")).body())
                .contains("истёк")
                .doesNotContain("ожидает оплаты");
    }

    @Test
    void aFreshTopUpAfterTheStallWorks() {
        var payer = fixture.payer();

        JsonNode started = fixture.startTopup(payer, "90", 200);

        assertThat(started.path("confirmationToken").asString()).isNotBlank();
    }
}
