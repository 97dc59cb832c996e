package ru.myservice.operator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.myservice.operator.OperatorFixture.console;
import static ru.myservice.operator.OperatorFixture.requestKey;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.myservice.account.AccountLookup;
import ru.myservice.operator.OperatorFixture;
import ru.myservice.operator.OperatorReports;
import ru.myservice.sandbox.FakeCasdoorOidc;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.TestBrowser;

/** The audit page over HTTP: each action done from the console's pages, in words, and filters that narrow it. */
class AuditPageIntegrationTest {

    private final AppInstance app = OperatorFixture.app();

    private String audit(String query) {
        return app.url("/operator/audit?" + query);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theAuditListsEachActionWithItsReasonAndBeforeAndAfterAndItsFiltersNarrowIt() {
        var paid = OperatorFixture.paid("100");
        long number =
                app.bean(AccountLookup.class).numbers(List.of(paid.account())).get(paid.account());
        String small = "Мелкая компенсация " + UUID.randomUUID();
        String recheck = "Проверка по звонку клиента " + UUID.randomUUID();
        String large = "Крупная компенсация " + UUID.randomUUID();
        String refund = "Часть услуги не оказана " + UUID.randomUUID();
        var operator = console(FakeCasdoorOidc.OPERATOR);
        String adjust = app.url("/operator/accounts/" + paid.account() + "/adjust");
        String adjustments = app.url("/operator/accounts/" + paid.account() + "/adjustments");

        var form = operator.get(adjust).body();
        operator.post(
                adjustments,
                Map.of(
                        "_csrf",
                        TestBrowser.csrf(form),
                        "requestKey",
                        requestKey(form),
                        "direction",
                        "credit",
                        "amount",
                        "40",
                        "category",
                        "goodwill",
                        "reason",
                        small));
        var payment =
                operator.get(app.url("/operator/payments/" + paid.payment())).body();
        operator.post(
                app.url("/operator/payments/" + paid.payment() + "/recheck"),
                Map.of("_csrf", TestBrowser.csrf(payment), "reason", recheck));
        payment = operator.get(app.url("/operator/payments/" + paid.payment())).body();
        operator.post(
                app.url("/operator/payments/" + paid.payment() + "/refund"),
                Map.of(
                        "_csrf",
                        TestBrowser.csrf(payment),
                        "requestKey",
                        requestKey(payment),
                        "amount",
                        "20",
                        "reason",
                        refund));
        form = operator.get(adjust).body();
        operator.post(
                adjustments,
                Map.of(
                        "_csrf",
                        TestBrowser.csrf(form),
                        "requestKey",
                        requestKey(form),
                        "direction",
                        "credit",
                        "amount",
                        "2000",
                        "category",
                        "compensation",
                        "reason",
                        large));
        var second = console(FakeCasdoorOidc.SECOND_OPERATOR);
        var list = second.get(app.url("/operator/adjustments")).body();
        String id = list.substring(list.lastIndexOf("id=\"adjustment-", list.indexOf(large)) + 15);
        second.post(
                app.url("/operator/adjustments/" + id.substring(0, id.indexOf('"')) + "/approve"),
                Map.of("_csrf", TestBrowser.csrf(list)));

        var all = operator.get(audit("account=" + number));
        var applied = operator.get(audit("account=" + paid.account() + "&action=adjustment.applied"));
        var bySecond = operator.get(audit("account=" + number + "&staffLogin=" + q("myservice/operator2")));
        LocalDate today = LocalDate.now(OperatorReports.SITE_ZONE);
        var tomorrow = operator.get(audit("account=" + number + "&from=" + today.plusDays(1)));
        var upToToday = operator.get(audit("account=" + number + "&from=" + today + "&to=" + today));
        var unknown = operator.get(audit("account=999999999"));

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body())
                .contains("Провёл корректировку")
                .contains(small)
                .contains("Перепроверил платёж в ЮKassa")
                .contains("Запросил возврат платежа")
                .contains(refund)
                .contains("<dt>Возвращено</dt>")
                .contains("<span class=\"audit-before\">0,00\u00a0₽</span>")
                .contains("<span class=\"audit-after\">20,00\u00a0₽</span>")
                .contains("<dt>Состояние возврата</dt>")
                .contains(recheck)
                .contains("Открыл платёж")
                .contains("Запросил корректировку на одобрение")
                .contains("Одобрил корректировку")
                .contains(large)
                .contains("Ольга Операторова")
                .contains("Пётр Проверяев")
                .contains("href=\"/operator/accounts/" + paid.account() + "\"")
                .contains("Счёт " + number)
                .contains("<span class=\"audit-before\">100,00\u00a0₽</span>")
                .contains("<span class=\"audit-after\">140,00\u00a0₽</span>")
                .contains("<span class=\"audit-after\">2\u00a0120,00\u00a0₽</span>")
                .contains("уже было зачислено")
                .doesNotContain("\"balance\"");
        // Newest first: the approval, then the request, the re-check and the small adjustment.
        assertThat(all.body().indexOf("Одобрил корректировку"))
                .isLessThan(all.body().indexOf(recheck));
        assertThat(all.body().indexOf(recheck)).isLessThan(all.body().indexOf(small));
        assertThat(applied.body()).contains(small).doesNotContain(recheck).doesNotContain(large);
        assertThat(bySecond.body())
                .contains("Одобрил корректировку")
                .contains(large)
                .doesNotContain(small)
                .doesNotContain(recheck);
        assertThat(tomorrow.body()).contains("Записей нет.").doesNotContain(small);
        assertThat(upToToday.body()).contains(small).contains(large);
        assertThat(unknown.body()).contains("Такого счёта нет.").contains("value=\"999999999\"");
    }

    @Test
    void theAuditIsPagedNewestFirstAndTheLinksKeepTheFilter() {
        var paid = OperatorFixture.paid("100");
        var operator = console(FakeCasdoorOidc.OPERATOR);
        for (int views = 0; views < AuditLog.PAGE_SIZE + 1; views++) {
            operator.get(app.url("/operator/payments/" + paid.payment()));
        }
        String filter = "account=" + paid.account() + "&action=view.payment";

        var first = operator.get(audit(filter)).body();
        String older = first.substring(first.indexOf("id=\"audit-older\"")).replaceFirst("(?s)^.*?>", "");
        String olderHref = first.replaceFirst("(?s)^.*<a href=\"([^\"]+)\" id=\"audit-older\".*$", "$1")
                .replace("&amp;", "&");
        var second = operator.get(app.url(olderHref)).body();

        assertThat(first.split("class=\"audit-line\"", -1)).hasSize(AuditLog.PAGE_SIZE + 1);
        assertThat(older).startsWith("Старее");
        assertThat(olderHref)
                .contains("page=1")
                .contains("account=" + paid.account())
                .contains("action=view.payment");
        assertThat(second.split("class=\"audit-line\"", -1)).hasSize(2);
        assertThat(second).contains("id=\"audit-newer\"").doesNotContain("id=\"audit-older\"");
    }

    @Test
    void readOnlyStaffReadTheAuditToo() {
        var page = console(FakeCasdoorOidc.AUDITOR).english().get(audit("action=view.payment"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Audit log")
                .contains("<option value=\"view.payment\" selected>Opened a payment</option>");
    }
}
