package ru.myservice.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import ru.myservice.signin.SigninMethods;
import ru.myservice.spend.SpendService;
import ru.myservice.topup.TopupService;
import ru.myservice.wallet.Money;

/**
 * The person's history as a spreadsheet: every top-up and every charge by the site's services, newest
 * first. Semicolons and a byte-order mark, so that Excel with Russian settings opens it as it should.
 */
@Controller
class HistoryCsvController {

    /** More than any person has; a cap so that one request cannot read without end. */
    private static final int LIMIT = 10_000;

    private final TopupService topups;
    private final SpendService spending;
    private final MessageSource messages;

    HistoryCsvController(TopupService topups, SpendService spending, MessageSource messages) {
        this.topups = topups;
        this.spending = spending;
        this.messages = messages;
    }

    private record Row(java.time.Instant at, List<String> cells) {}

    @GetMapping("/dashboard/history.csv")
    ResponseEntity<byte[]> csv(Authentication authentication, Locale locale) {
        UUID accountId = SigninMethods.accountId(authentication);
        var dates = Dates.in(locale);
        List<Row> rows = new ArrayList<>();
        for (var payment : topups.allPayments(accountId, LIMIT)) {
            var method = HistoryView.Method.of(payment.method());
            rows.add(new Row(
                    payment.createdAt(),
                    List.of(
                            dates.moment(payment.createdAt()),
                            t("csv.topup", locale),
                            amount(payment.amount(), locale),
                            t("history.status." + payment.status().code(), locale),
                            method == null ? "" : t(method.key(), locale, method.argsArray()),
                            payment.id().toString(),
                            payment.refunded().compareTo(Money.ZERO) > 0
                                    ? t(
                                            "history.refundedPart",
                                            locale,
                                            payment.refunded().format(locale))
                                    : "")));
        }
        for (var charge : spending.recentCharges(accountId, LIMIT)) {
            rows.add(new Row(
                    charge.at(),
                    List.of(
                            dates.moment(charge.at()),
                            t("csv.charge", locale) + " — " + charge.client(),
                            amount(charge.amount(), locale).transform(a -> "-" + a),
                            "",
                            "",
                            "",
                            charge.description() == null ? "" : charge.description())));
        }
        rows.sort(Comparator.comparing(Row::at).reversed());
        StringBuilder out = new StringBuilder("\uFEFF");
        line(
                out,
                List.of(
                        t("csv.when", locale),
                        t("csv.what", locale),
                        t("csv.amount", locale),
                        t("csv.status", locale),
                        t("csv.method", locale),
                        t("csv.number", locale),
                        t("csv.details", locale)));
        rows.forEach(row -> line(out, row.cells()));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("history.csv")
                                .build()
                                .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String t(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** Plain digits with the locale's decimal mark, no currency sign: a number to a spreadsheet. */
    private static String amount(Money money, Locale locale) {
        String plain = money.amount().toPlainString();
        return "en".equals(locale.getLanguage()) ? plain : plain.replace('.', ',');
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            out.append(i == 0 ? "" : ";").append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * Quoted when it must be; and a text that a spreadsheet would run as a formula (a description a
     * service wrote, say) starts with an apostrophe instead.
     */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-\\d+([.,]\\d+)?")
                ? "'" + value
                : value;
        boolean quote = safe.chars().anyMatch(c -> c == ';' || c == '"' || c == '\n' || c == '\r');
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
