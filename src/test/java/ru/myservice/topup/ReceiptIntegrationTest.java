package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.Money;
import tools.jackson.databind.JsonNode;

/** Shops that send 54-FZ receipts through YooKassa get one with every payment. */
class ReceiptIntegrationTest {

    static TopupFixture fixture;

    @BeforeAll
    static void start() {
        fixture = TopupFixture.start(Map.of(
                "myservice.topup.reconcile-after", "1h",
                "myservice.topup.receipt.enabled", "true",
                "myservice.topup.receipt.vat-code", "1"));
        fixture.yookassa().setFiscalization(true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void thePaymentCarriesAReceiptForThePersonsEmail() {
        var payer = fixture.payer();
        String email = emailOf(payer.account());

        String ours = fixture.startTopup(payer, "990", 200).path("paymentId").asString();

        var sent = fixture.yookassa().calls().stream()
                .filter(c -> c.method().equals("POST") && c.body().contains(ours))
                .map(c -> TopupFixture.JSON.readTree(c.body()))
                .findFirst()
                .orElseThrow();
        assertReceipt(sent, email, "990.00");

        fixture.yookassa().pay(fixture.yookassaIdOf(ours));
        ru.myservice.testing.Eventually.within(
                TopupFixture.PATIENCE,
                "the history says the receipt went out",
                () -> payer.browser()
                        .get(fixture.app().url("/dashboard/history"))
                        .body()
                        .contains("чек отправлен на почту"));
    }

    @Test
    void withoutAnEmailThePersonIsToldWhatToDoAndNothingIsCreated() {
        var browser = new TestBrowser();
        Person person = Person.fresh().withEmail("", false);
        var dashboard = ProviderFlow.signIn(browser, fixture.app(), "vk", person);
        String csrf = TestBrowser.csrf(dashboard);
        int before = fixture.yookassa().payments().size();

        var answer = browser.json("POST", fixture.app().url("/api/topups"), "{\"amount\":\"100\"}", csrf);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("адрес электронной почты");
        assertThat(fixture.yookassa().payments()).hasSize(before);
    }

    @Test
    void aStaffRefundCarriesAReceiptForTheMoneyGoingBackAndIsDebited() {
        var payer = fixture.payer();
        String email = emailOf(payer.account());
        String ours = fixture.startTopup(payer, "700", 200).path("paymentId").asString();
        fixture.yookassa().pay(fixture.yookassaIdOf(ours));
        ru.myservice.testing.Eventually.within(
                TopupFixture.PATIENCE, "credited", () -> fixture.balance(payer).equals(Money.of("700")));
        var actions = fixture.app().bean(PaymentActions.class);
        var payment = actions.find(UUID.fromString(ours)).orElseThrow();

        var answer = actions.refund(
                payment,
                Money.of("250.50"),
                UUID.randomUUID(),
                UUID.randomUUID().toString());

        // Without the receipt YooKassa (fiscalization on) would have refused it with 400.
        assertThat(answer).isInstanceOf(PaymentActions.RefundAnswer.Answered.class);
        var sent = fixture.yookassa().calls().stream()
                .filter(c -> c.method().equals("POST") && c.path().endsWith("/refunds"))
                .map(c -> TopupFixture.JSON.readTree(c.body()))
                .filter(body -> body.path("payment_id").asString().equals(payment.yookassaId()))
                .toList();
        assertThat(sent).singleElement().satisfies(body -> assertReceipt(body, email, "250.50"));
        ru.myservice.testing.Eventually.within(
                TopupFixture.PATIENCE, "debited", () -> fixture.balance(payer).equals(Money.of("449.50")));
    }

    private static String emailOf(UUID account) {
        return fixture.app()
                .bean(JdbcClient.class)
                .sql("select email from accounts where id = :id")
                .param("id", account)
                .query(String.class)
                .single();
    }

    /** A request to YooKassa carrying a receipt of one item of {@code amount} at VAT code 1, sent to {@code email}. */
    private static void assertReceipt(JsonNode request, String email, String amount) {
        var receipt = request.path("receipt");
        assertThat(receipt.path("customer").path("email").asString()).isEqualTo(email);
        assertThat(receipt.path("items").get(0).path("amount").path("value").asString())
                .isEqualTo(amount);
        assertThat(receipt.path("items").get(0).path("vat_code").asInt()).isEqualTo(1);
    }
}
