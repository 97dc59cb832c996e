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
            boolean dismissable) {}

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
