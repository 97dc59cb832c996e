package ru.myservice.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of payment history, ready to print.
 *
 * @param lines newest first
 */
public record HistoryView(List<Line> lines, int page, int pages) {

    /**
     * @param id our payment id, for «Продолжить оплату» and «Отменить»
     * @param when date and time in Moscow, e.g. {@code 26 ноября 2026 г., 10:15}
     * @param statusKey message key of the status, e.g. {@code history.status.succeeded}
     * @param status the status as shown, e.g. {@code succeeded}, {@code expired} or {@code dismissed}
     * @param reasonKey message key of a cancellation reason, or of a note on the status; or null
     * @param refunded the part of a paid top-up refunded so far, e.g. {@code 300,00 ₽}; null when none
     * @param resumable whether the person can still pay it («Продолжить оплату»)
     * @param dismissable whether the person can still dismiss it («Отменить»)
     */
    public record Line(
            String id,
            String when,
            String amount,
            String status,
            String statusKey,
            @Nullable String reasonKey,
            @Nullable String refunded,
            boolean resumable,
            boolean dismissable,
            @Nullable Method method,
            @Nullable String receiptKey) {

        /** Our payment number as support reads it: the first eight characters of its id. */
        public String number() {
            return id.substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        }
    }

    /**
     * How a paid top-up was paid, to print as {@code key} with {@code args}, e.g. «Карта Mir •••• 4444».
     */
    public record Method(String key, List<String> args) {

        public Object[] argsArray() {
            return args.toArray();
        }

        /** From what the topup module keeps ({@code bank_card Mir 4444}, {@code sbp}, …). */
        static @Nullable Method of(@Nullable String kept) {
            if (kept == null) {
                return null;
            }
            String[] parts = kept.split(" ");
            return switch (parts[0]) {
                case "bank_card" ->
                    switch (parts.length) {
                        case 3 -> new Method("history.method.card", List.of(parts[1], parts[2]));
                        case 2 -> new Method("history.method.cardNoNetwork", List.of(parts[1]));
                        default -> new Method("history.method.cardOnly", List.of());
                    };
                case "sbp", "yoo_money", "sberbank", "tinkoff_bank", "mir_pay", "sber_loan" ->
                    new Method("history.method." + parts[0], List.of());
                default -> new Method("history.method.other", List.of());
            };
        }
    }

    /**
     * The page asked for in the address. Anything but a plain number (an edited or truncated link)
     * means the first page, and the history clamps numbers beyond its ends: a link never fails.
     */
    static int pageNumber(@Nullable String asked) {
        if (asked == null || !asked.strip().matches("\\d{1,6}")) {
            return 1;
        }
        return Integer.parseInt(asked.strip());
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }
}
