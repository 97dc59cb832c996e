package ru.myservice.operator.audit;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.AccountLookup;
import ru.myservice.operator.AccountSearch;
import ru.myservice.operator.ConsoleFormat;
import ru.myservice.operator.OperatorReports;
import ru.myservice.operator.StaffMember;
import ru.myservice.wallet.Money;

/** The audit, newest first, narrowed by who, what, which account and when (Moscow days). */
@Controller
class AuditController {

    /** An amount as the audit stores it: {@code 500.00 RUB}. */
    private static final Pattern STORED_MONEY = Pattern.compile("-?\\d+(\\.\\d+)? RUB");

    /** Names whose values are codes with words of their own under {@code operator.audit.value.*}. */
    private static final Set<String> CODED =
            Set.of("status", "payment_status", "request_status", "yookassa_status", "result", "category");

    private final AuditLog audit;
    private final AccountLookup accounts;
    private final AccountSearch search;
    private final MessageSource messages;

    AuditController(AuditLog audit, AccountLookup accounts, AccountSearch search, MessageSource messages) {
        this.audit = audit;
        this.accounts = accounts;
        this.search = search;
        this.messages = messages;
    }

    @GetMapping("/operator/audit")
    String audit(
            StaffMember staff,
            @RequestParam(defaultValue = "") String staffLogin,
            @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String account,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            @RequestParam(defaultValue = "0") int page,
            Model model,
            Locale locale) {
        var typed = new AuditView.Filter(staffLogin.strip(), action, account.strip(), from, to);
        UUID accountId = null;
        String accountProblem = null;
        if (!typed.account().isEmpty()) {
            accountId = account(typed.account());
            if (accountId == null) {
                accountProblem = messages.getMessage("operator.audit.filter.noAccount", null, locale);
            }
        }
        var format = ConsoleFormat.in(locale);
        List<AuditView.Line> lines = List.of();
        Map<UUID, Long> numbers = Map.of();
        String newer = null;
        String older = null;
        if (accountProblem == null) {
            var filter = new AuditFilter(
                    typed.staff().isEmpty() ? null : typed.staff(),
                    AuditAction.parse(action).orElse(null),
                    accountId,
                    day(from, 0),
                    day(to, 1));
            var found = audit.find(filter, page);
            lines = found.records().stream()
                    .map(record -> line(record, format, locale))
                    .toList();
            Set<UUID> ids = new HashSet<>();
            found.records().stream()
                    .map(AuditRecord::accountId)
                    .filter(Objects::nonNull)
                    .forEach(ids::add);
            numbers = ids.isEmpty() ? Map.of() : accounts.numbers(ids);
            newer = found.page() > 0 ? href(typed, found.page() - 1) : null;
            older = found.more() ? href(typed, found.page() + 1) : null;
        }
        model.addAttribute(
                "view",
                new AuditView(
                        typed, List.of(AuditAction.values()), lines, numbers, format, accountProblem, newer, older));
        return "operator/audit";
    }

    /** The account a filter names by its id or its number; null when none. */
    private @Nullable UUID account(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            String digits = text.replaceAll("[\\s-]", "");
            if (!digits.matches("\\d{1,18}")) {
                return null;
            }
            long number = Long.parseLong(digits);
            return search.find(digits).stream()
                    .filter(found -> found.number() == number)
                    .map(AccountSearch.Found::accountId)
                    .findFirst()
                    .orElse(null);
        }
    }

    private AuditView.Line line(AuditRecord record, ConsoleFormat format, Locale locale) {
        Set<String> names = new LinkedHashSet<>(record.before().keySet());
        names.addAll(record.after().keySet());
        List<AuditView.Change> changes = new ArrayList<>();
        for (String name : names) {
            changes.add(new AuditView.Change(
                    words("operator.audit.field." + key(name), name, locale),
                    value(name, record.before().getOrDefault(name, ""), format, locale),
                    value(name, record.after().getOrDefault(name, ""), format, locale)));
        }
        return new AuditView.Line(
                record,
                words(
                        "operator.audit.action." + record.action().code(),
                        record.action().code(),
                        locale),
                changes);
    }

    private String value(String name, String stored, ConsoleFormat format, Locale locale) {
        if (STORED_MONEY.matcher(stored).matches()) {
            return format.money(new Money(new BigDecimal(stored.substring(0, stored.length() - 4))));
        }
        if (CODED.contains(name) || name.startsWith("refund ")) {
            return words("operator.audit.value." + key(stored), stored, locale);
        }
        return stored;
    }

    /** A stored name or code as a messages key: {@code payment_status} → {@code payment-status}. */
    private static String key(String stored) {
        return stored.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private String words(String key, String otherwise, Locale locale) {
        return messages.getMessage(key, null, otherwise, locale);
    }

    /** The start of the Moscow day {@code after} days after the one typed ({@code 2026-11-30}); null when none. */
    private static @Nullable Instant day(String typed, int after) {
        try {
            return typed.isBlank()
                    ? null
                    : LocalDate.parse(typed)
                            .plusDays(after)
                            .atStartOfDay(OperatorReports.SITE_ZONE)
                            .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String href(AuditView.Filter filter, int page) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("staffLogin", filter.staff());
        query.put("action", filter.action());
        query.put("account", filter.account());
        query.put("from", filter.from());
        query.put("to", filter.to());
        StringBuilder href = new StringBuilder("/operator/audit?page=").append(page);
        query.forEach((name, value) -> {
            if (!value.isEmpty()) {
                href.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return href.toString();
    }
}
