package ru.myservice.operator.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.myservice.operator.OperatorFixture.balance;
import static ru.myservice.operator.OperatorFixture.console;
import static ru.myservice.operator.OperatorFixture.ledger;
import static ru.myservice.operator.OperatorFixture.refundCalls;
import static ru.myservice.operator.OperatorFixture.requestKey;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.operator.audit.AuditAction;
import ru.myservice.operator.audit.AuditFilter;
import ru.myservice.operator.audit.AuditLog;
import ru.myservice.sandbox.FakeCasdoorOidc;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.Money;

/** A payment's console page over HTTP: what staff see, and re-check and refund from its forms. */
class PaymentPageIntegrationTest {

    private final AppInstance app = OperatorFixture.app();

    private String page(UUID payment) {
        return app.url("/operator/payments/" + payment);
    }

    private static Map<String, String> form(String csrf, String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    @Test
    void aRecheckFromThePageCreditsAPaymentWhoseNotificationWasLostOnceAndSaysSo() {
        var paid = OperatorFixture.paidUnnoticed("700");
        var staff = console(FakeCasdoorOidc.OPERATOR);

        var before = staff.get(page(paid.payment()));
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body())
                .contains("Платёж на 700,00")
                .contains("Ждёт оплаты")
                .contains(paid.remote())
                .contains("href=\"/operator/accounts/" + paid.account() + "\"");

        var first = staff.post(
                page(paid.payment()) + "/recheck",
                form(TestBrowser.csrf(before), "reason", "Клиент прислал чек, а деньги не пришли"));
        var second = staff.post(
                page(paid.payment()) + "/recheck", form(TestBrowser.csrf(before), "reason", "Проверяю ещё раз"));

        assertThat(TestBrowser.location(first).toString()).endsWith("?done=recheck-credited");
        assertThat(staff.follow(first).body())
                .contains("ЮKassa подтвердила оплату: деньги зачислены сейчас.")
                .contains("Оплачен и зачислен");
        assertThat(staff.follow(second).body()).contains("деньги были зачислены раньше, повторно не зачислены");
        assertThat(balance(paid.account())).isEqualTo(Money.of("700"));
        assertThat(ledger(paid.account())).containsExactly("topup 700.00");
    }

    @Test
    void aRefundSentTwiceWithTheSameFormIsOneRefundAtYooKassaAndOneDebit() {
        var paid = OperatorFixture.paid("500");
        var staff = console(FakeCasdoorOidc.OPERATOR);
        var shown = staff.get(page(paid.payment()));
        assertThat(shown.body()).contains("value=\"500,00\"").contains("Можно вернуть до 500,00");
        var refund = form(
                TestBrowser.csrf(shown),
                "requestKey",
                requestKey(shown.body()),
                "amount",
                "200",
                "reason",
                "Клиент передумал");

        var first = staff.post(page(paid.payment()) + "/refund", refund);
        var again = staff.post(page(paid.payment()) + "/refund", refund);

        assertThat(TestBrowser.location(first).toString()).endsWith("?done=refund-succeeded");
        assertThat(TestBrowser.location(again).toString()).endsWith("?done=refund-succeeded");
        var after = staff.follow(again).body();
        assertThat(after)
                .contains("Возврат проведён")
                .contains("Клиент передумал")
                .contains("Возвращено, списано с баланса")
                .contains("value=\"300,00\"");
        assertThat(after.split("class=\"refund-row\"", -1)).hasSize(2);
        assertThat(refundCalls(paid.remote())).isEqualTo(1);
        assertThat(balance(paid.account())).isEqualTo(Money.of("300"));
        assertThat(ledger(paid.account())).containsExactly("topup 500.00", "refund -200.00");
    }

    @Test
    void aRefundAboveWhatIsLeftIsRefusedInWordsNextToTheAmountAndTheFormKeepsWhatWasTyped() {
        var paid = OperatorFixture.paid("300");
        var staff = console(FakeCasdoorOidc.OPERATOR);
        var shown = staff.get(page(paid.payment()));
        String key = requestKey(shown.body());

        var refused = staff.post(
                page(paid.payment()) + "/refund",
                form(
                        TestBrowser.csrf(shown),
                        "requestKey",
                        key,
                        "amount",
                        "400,50",
                        "reason",
                        "Вернуть всё и немного сверху"));
        var english = console(FakeCasdoorOidc.OPERATOR).english();
        var englishShown = english.get(page(paid.payment()));
        var englishRefused = english.post(
                page(paid.payment()) + "/refund",
                form(TestBrowser.csrf(englishShown), "requestKey", key, "amount", "1000", "reason", ""));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body())
                .contains("id=\"refund-amount-error\"")
                .contains("Сумма больше, чем можно вернуть: доступно к возврату 300,00")
                .contains("value=\"400,50\"")
                .contains("Вернуть всё и немного сверху")
                .contains("value=\"" + key + "\"");
        assertThat(englishRefused.statusCode()).isEqualTo(422);
        assertThat(englishRefused.body())
                .contains("id=\"refund-reason-error\"")
                .contains("Give a reason: it goes into the audit.");
        assertThat(refundCalls(paid.remote())).isZero();
        assertThat(balance(paid.account())).isEqualTo(Money.of("300"));
    }

    @Test
    void openingAPaymentIsRecordedInTheAuditAndAnUnknownOneIsNotFound() {
        var paid = OperatorFixture.paid("150");
        var staff = console(FakeCasdoorOidc.OPERATOR);

        staff.get(page(paid.payment()));
        var unknown = staff.get(page(UUID.randomUUID()));

        var views = app.bean(AuditLog.class)
                .find(new AuditFilter(null, AuditAction.VIEW_PAYMENT, paid.account(), null, null), 0)
                .records();
        assertThat(views).singleElement().satisfies(view -> {
            assertThat(view.staffLogin()).isEqualTo("myservice/operator");
            assertThat(view.target()).isEqualTo(paid.payment().toString());
        });
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Не найдено");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndNothingIsRefunded() {
        var paid = OperatorFixture.paid("250");
        var staff = console(FakeCasdoorOidc.OPERATOR);
        var shown = staff.get(page(paid.payment()));

        var forged = staff.post(
                page(paid.payment()) + "/refund",
                Map.of("requestKey", requestKey(shown.body()), "amount", "250", "reason", "Без отметки"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("Страница устарела");
        assertThat(refundCalls(paid.remote())).isZero();
        assertThat(balance(paid.account())).isEqualTo(Money.of("250"));
    }

    @Test
    void readOnlyStaffSeeThePaymentWithoutFormsAndTheirForgedFormsAreRefused() {
        var paid = OperatorFixture.paid("350");
        var auditor = console(FakeCasdoorOidc.AUDITOR);

        var shown = auditor.get(page(paid.payment()));
        var forgedRefund = auditor.post(
                page(paid.payment()) + "/refund",
                form(
                        TestBrowser.csrf(shown),
                        "requestKey",
                        UUID.randomUUID().toString(),
                        "amount",
                        "350",
                        "reason",
                        "Подделка"));
        var forgedRecheck =
                auditor.post(page(paid.payment()) + "/recheck", form(TestBrowser.csrf(shown), "reason", "Подделка"));

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body())
                .contains("Платёж на 350,00")
                .contains("id=\"readonly-note\"")
                .doesNotContain("id=\"refund-form\"")
                .doesNotContain("id=\"recheck-form\"");
        assertThat(forgedRefund.statusCode()).isEqualTo(403);
        assertThat(forgedRecheck.statusCode()).isEqualTo(403);
        assertThat(refundCalls(paid.remote())).isZero();
        assertThat(balance(paid.account())).isEqualTo(Money.of("350"));
    }
}
