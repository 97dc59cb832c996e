package ru.myservice.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.account.AccountLookup;
import ru.myservice.wallet.LedgerReports;
import ru.myservice.wallet.LedgerReports.DayTotals;
import ru.myservice.wallet.LedgerReports.Unbalanced;
import ru.myservice.wallet.Money;

/**
 * Reports for staff and accounting: totals per day, the check that every wallet agrees with its ledger
 * and its holds, and the ledger of a period as a spreadsheet. Days are the site's days, in Moscow time
 * as every page shows them.
 */
@Service
public class OperatorReports {

    /** The site's time zone: the business runs on Moscow time, and so do its pages' dates. */
    public static final ZoneId SITE_ZONE = ZoneId.of("Europe/Moscow");

    /** The longest period one report covers, a little over a year. */
    public static final int LONGEST_PERIOD_DAYS = 400;

    /** Entries written out per lookup of their account numbers. */
    private static final int BATCH = 500;

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(SITE_ZONE);

    private final LedgerReports ledger;
    private final AccountLookup accounts;
    private final MessageSource messages;

    OperatorReports(LedgerReports ledger, AccountLookup accounts, MessageSource messages) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.messages = messages;
    }

    /** Every day from {@code from} to {@code to}, both included, oldest first; a day without entries shows zeros. */
    public List<DayTotals> daily(LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        return ledger.daily(from, to, SITE_ZONE);
    }

    /** A wallet that disagrees with its ledger or holds, with the account number staff look it up by. */
    public record Broken(long number, Unbalanced wallet) {}

    /** The wallets whose balance is not their ledger's sum or whose held amount is not their active holds'. */
    @Transactional(readOnly = true)
    public List<Broken> invariantBreaks() {
        List<Unbalanced> unbalanced = ledger.unbalanced();
        if (unbalanced.isEmpty()) {
            return List.of();
        }
        Map<UUID, Long> numbers =
                accounts.numbers(unbalanced.stream().map(Unbalanced::accountId).toList());
        return unbalanced.stream()
                .map(w -> new Broken(numbers.getOrDefault(w.accountId(), 0L), w))
                .toList();
    }

    /**
     * Writes the ledger entries of the days {@code from} to {@code to} (both included) to {@code out} as CSV,
     * oldest first, as the person's own history CSV is written: UTF-8 with a byte-order mark, semicolons,
     * amounts as plain numbers with {@code locale}'s decimal mark. Entries are read and written a batch at
     * a time, so a long period never sits in memory.
     */
    @Transactional(readOnly = true)
    public void ledgerCsv(LocalDate from, LocalDate to, Locale locale, OutputStream out) {
        checkPeriod(from, to);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        var csv = new CsvLines(writer);
        csv.write(List.of(
                t("operator.csv.when", locale),
                t("operator.csv.account", locale),
                t("operator.csv.kind", locale),
                t("operator.csv.reference", locale),
                t("operator.csv.amount", locale),
                t("operator.csv.balanceAfter", locale)));
        List<LedgerReports.Entry> batch = new ArrayList<>(BATCH);
        ledger.forEach(
                from.atStartOfDay(SITE_ZONE).toInstant(),
                to.plusDays(1).atStartOfDay(SITE_ZONE).toInstant(),
                entry -> {
                    batch.add(entry);
                    if (batch.size() == BATCH) {
                        writeBatch(csv, batch, locale);
                    }
                });
        writeBatch(csv, batch, locale);
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeBatch(CsvLines csv, List<LedgerReports.Entry> batch, Locale locale) {
        if (batch.isEmpty()) {
            return;
        }
        Map<UUID, Long> numbers = accounts.numbers(
                new HashSet<>(batch.stream().map(LedgerReports.Entry::accountId).toList()));
        for (var entry : batch) {
            Long number = numbers.get(entry.accountId());
            csv.write(List.of(
                    WHEN.format(entry.at()),
                    number == null ? "" : number.toString(),
                    t("operator.kind." + entry.kind().name().toLowerCase(Locale.ROOT), locale),
                    entry.reference(),
                    amount(entry.amount(), locale),
                    amount(entry.balanceAfter(), locale)));
        }
        batch.clear();
    }

    private String t(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    private static void checkPeriod(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusDays(LONGEST_PERIOD_DAYS).isBefore(to)) {
            throw new IllegalArgumentException(
                    "A period runs forward and spans at most " + LONGEST_PERIOD_DAYS + " days: " + from + " to " + to);
        }
    }

    /** Plain digits with the locale's decimal mark, no currency sign: a number to a spreadsheet. */
    static String amount(Money money, Locale locale) {
        String plain = money.amount().toPlainString();
        return "en".equals(locale.getLanguage()) ? plain : plain.replace('.', ',');
    }

    /** CSV lines as Excel with Russian settings reads them, the byte-order mark first. */
    private static final class CsvLines {

        private final Writer out;
        private boolean started;

        CsvLines(Writer out) {
            this.out = out;
        }

        void write(List<String> cells) {
            try {
                if (!started) {
                    out.write('\uFEFF');
                    started = true;
                }
                for (int i = 0; i < cells.size(); i++) {
                    out.write(i == 0 ? "" : ";");
                    out.write(cell(cells.get(i)));
                }
                out.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Quoted when it must be; a text a spreadsheet would run as a formula (a service's reference, say)
     * starts with an apostrophe instead, while a negative amount stays a number.
     */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-\\d+([.,]\\d+)?")
                ? "'" + value
                : value;
        boolean quote = safe.chars().anyMatch(c -> c == ';' || c == '"' || c == '\n' || c == '\r');
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
