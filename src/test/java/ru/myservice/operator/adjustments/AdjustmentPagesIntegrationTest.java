package ru.myservice.operator.adjustments;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.myservice.operator.OperatorFixture.balance;
import static ru.myservice.operator.OperatorFixture.console;
import static ru.myservice.operator.OperatorFixture.ledger;
import static ru.myservice.operator.OperatorFixture.requestKey;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.sandbox.FakeCasdoorOidc;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.Money;

/**
 * The adjustment form and the approvals over HTTP: small adjustments at once, large ones after a second member of
 * staff approves them, never by the one who asked.
 */
class AdjustmentPagesIntegrationTest {

    private final AppInstance app = OperatorFixture.app();

    private String adjust(UUID account) {
        return app.url("/operator/accounts/" + account + "/adjust");
    }

    private String post(UUID account) {
        return app.url("/operator/accounts/" + account + "/adjustments");
    }

    private static Map<String, String> form(String page, String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", TestBrowser.csrf(page));
        form.put("requestKey", requestKey(page));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** The id of the waiting adjustment whose reason is {@code reason}, from the approvals page. */
    private static String waitingId(String approvals, String reason) {
        int at = approvals.indexOf(reason);
        assertThat(at).as("the adjustment «%s» on the approvals page", reason).isPositive();
        String before = approvals.substring(0, at);
        int id = before.lastIndexOf("id=\"adjustment-");
        return before.substring(id + "id=\"adjustment-".length(), before.indexOf('"', id + 4));
    }

    @Test
    void anAdjustmentAtOrBelowTheThresholdIsAppliedAtOnceAndTheFormSaysSo() {
        var account = OperatorFixture.paid("100").account();
        var staff = console(FakeCasdoorOidc.OPERATOR);
        var shown = staff.get(adjust(account));
        assertThat(shown.body()).contains("До 1\u00a0000,00\u00a0₽ включительно корректировка проводится сразу");

        var sent = staff.post(
                post(account),
                form(
                        shown.body(),
                        "direction",
                        "credit",
                        "amount",
                        "50",
                        "category",
                        "goodwill",
                        "reason",
                        "Извинение за задержку зачисления"));

        assertThat(TestBrowser.location(sent).toString()).endsWith("/adjust?done=applied");
        assertThat(staff.follow(sent).body())
                .contains("Корректировка проведена: баланс уже изменён.")
                .contains("150,00");
        assertThat(balance(account)).isEqualTo(Money.of("150"));
        assertThat(ledger(account)).containsExactly("topup 100.00", "adjustment 50.00");
    }

    @Test
    void aDebitBelowZeroIsRefusedInWordsAndTheFormKeepsWhatWasTyped() {
        var account = OperatorFixture.paid("100").account();
        var staff = console(FakeCasdoorOidc.OPERATOR);
        var shown = staff.get(adjust(account));

        var refused = staff.post(
                post(account),
                form(
                        shown.body(),
                        "direction",
                        "debit",
                        "amount",
                        "300",
                        "category",
                        "correction",
                        "reason",
                        "Ошибочное зачисление"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body())
                .contains("id=\"adjust-amount-error\"")
                .contains("Списание больше доступных средств: доступно 100,00")
                .contains("value=\"300\"")
                .contains("Ошибочное зачисление")
                .containsPattern("value=\"debit\" id=\"adjust-debit\" checked")
                .containsPattern("value=\"correction\" selected");
        assertThat(balance(account)).isEqualTo(Money.of("100"));
    }

    @Test
    void aLargeAdjustmentWaitsTheRequesterCannotDecideItAndASecondMemberApprovesItOnce() {
        var account = OperatorFixture.paid("100").account();
        String reason = "Компенсация за сбой " + UUID.randomUUID();
        var requester = console(FakeCasdoorOidc.OPERATOR);
        var shown = requester.get(adjust(account));
        var request = form(
                shown.body(), "direction", "credit", "amount", "5000", "category", "compensation", "reason", reason);

        var sent = requester.post(post(account), request);
        var sentAgain = requester.post(post(account), request);

        assertThat(TestBrowser.location(sent).toString()).endsWith("/adjust?done=pending");
        assertThat(TestBrowser.location(sentAgain).toString()).endsWith("/adjust?done=pending");
        assertThat(requester.follow(sent).body()).contains("Корректировка ждёт одобрения");
        assertThat(balance(account)).isEqualTo(Money.of("100"));

        var asRequester = requester.get(app.url("/operator/adjustments")).body();
        String id = waitingId(asRequester, reason);
        assertThat(asRequester.split(reason, -1)).hasSize(2);
        assertThat(asRequester)
                .contains("id=\"own-" + id + "\"")
                .contains("одобрить или отклонить её должен другой сотрудник")
                .doesNotContain("id=\"approve-" + id + "\"")
                .doesNotContain("id=\"reject-" + id + "\"");
        var forged = requester.post(
                app.url("/operator/adjustments/" + id + "/approve"), Map.of("_csrf", TestBrowser.csrf(asRequester)));
        assertThat(forged.statusCode()).isEqualTo(422);
        assertThat(forged.body()).contains("Свою корректировку нельзя одобрить или отклонить");
        assertThat(balance(account)).isEqualTo(Money.of("100"));

        var second = console(FakeCasdoorOidc.SECOND_OPERATOR);
        var asSecond = second.get(app.url("/operator/adjustments")).body();
        assertThat(asSecond)
                .contains("id=\"approve-" + id + "\"")
                .contains("Просит myservice/operator")
                .contains("+5\u00a0000,00\u00a0₽")
                .contains("Компенсация");
        var approve = Map.of("_csrf", TestBrowser.csrf(asSecond));
        var approved = second.post(app.url("/operator/adjustments/" + id + "/approve"), approve);
        var approvedAgain = second.post(app.url("/operator/adjustments/" + id + "/approve"), approve);

        assertThat(TestBrowser.location(approved).toString()).endsWith("?done=approved");
        var after = second.follow(approved).body();
        assertThat(after)
                .contains("Корректировка одобрена и проведена")
                .doesNotContain("id=\"approve-" + id + "\"")
                .contains("Просил myservice/operator, решил myservice/operator2");
        assertThat(approvedAgain.statusCode()).isEqualTo(422);
        assertThat(approvedAgain.body()).contains("Эту корректировку уже одобрили или отклонили.");
        assertThat(balance(account)).isEqualTo(Money.of("5100"));
        assertThat(ledger(account)).containsExactly("topup 100.00", "adjustment 5000.00");
    }

    @Test
    void aRejectionNeedsAReasonAndMovesNoMoney() {
        var account = OperatorFixture.paid("100").account();
        String reason = "Просьба клиента без подтверждения " + UUID.randomUUID();
        var requester = console(FakeCasdoorOidc.OPERATOR);
        var shown = requester.get(adjust(account));
        requester.post(
                post(account),
                form(shown.body(), "direction", "debit", "amount", "1000,01", "category", "other", "reason", reason));
        var second = console(FakeCasdoorOidc.SECOND_OPERATOR);
        var list = second.get(app.url("/operator/adjustments")).body();
        String id = waitingId(list, reason);

        var blank = second.post(
                app.url("/operator/adjustments/" + id + "/reject"),
                Map.of("_csrf", TestBrowser.csrf(list), "reason", " "));
        var rejected = second.post(
                app.url("/operator/adjustments/" + id + "/reject"),
                Map.of("_csrf", TestBrowser.csrf(list), "reason", "Нет подтверждения от бухгалтерии"));

        assertThat(blank.statusCode()).isEqualTo(422);
        assertThat(blank.body())
                .contains("id=\"reject-error-" + id + "\"")
                .contains("Укажите причину: она попадёт в журнал действий.");
        assertThat(TestBrowser.location(rejected).toString()).endsWith("?done=rejected");
        assertThat(second.follow(rejected).body())
                .contains("Корректировка отклонена: баланс не изменён.")
                .contains("Нет подтверждения от бухгалтерии");
        assertThat(balance(account)).isEqualTo(Money.of("100"));
    }

    @Test
    void readOnlyStaffSeeNoAdjustmentFormsAndTheirForgedOnesAreRefused() {
        var account = OperatorFixture.paid("100").account();
        String reason = "Ждёт решения " + UUID.randomUUID();
        var requester = console(FakeCasdoorOidc.OPERATOR);
        requester.post(
                post(account),
                form(
                        requester.get(adjust(account)).body(),
                        "direction",
                        "credit",
                        "amount",
                        "2000",
                        "category",
                        "goodwill",
                        "reason",
                        reason));
        var auditor = console(FakeCasdoorOidc.AUDITOR);

        var form = auditor.get(adjust(account)).body();
        var list = auditor.get(app.url("/operator/adjustments")).body();
        String id = waitingId(list, reason);
        var forgedAdjust = auditor.post(
                post(account),
                Map.of(
                        "_csrf",
                        TestBrowser.csrf(list),
                        "requestKey",
                        UUID.randomUUID().toString(),
                        "direction",
                        "credit",
                        "amount",
                        "10",
                        "category",
                        "goodwill",
                        "reason",
                        "Подделка"));
        var forgedApprove = auditor.post(
                app.url("/operator/adjustments/" + id + "/approve"), Map.of("_csrf", TestBrowser.csrf(list)));

        assertThat(form).contains("id=\"readonly-note\"").doesNotContain("id=\"adjust-form\"");
        assertThat(list).contains(reason).doesNotContain("id=\"approve-" + id + "\"");
        assertThat(forgedAdjust.statusCode()).isEqualTo(403);
        assertThat(forgedApprove.statusCode()).isEqualTo(403);
        assertThat(balance(account)).isEqualTo(Money.of("100"));
    }
}
