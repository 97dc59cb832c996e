package ru.myservice.operator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import ru.myservice.wallet.Money;

/**
 * How the console's pages write amounts and moments: amounts as the customer's pages do, with a true minus
 * (and a plus where the sign is the point, as in a ledger); moments in Moscow time to the second, in figures,
 * because staff compare them with YooKassa's records and logs rather than read them as prose.
 */
public final class ConsoleFormat {

    private static final char MINUS = '\u2212';

    private final Locale locale;
    private final DateTimeFormatter moment;
    private final DateTimeFormatter day;

    private ConsoleFormat(Locale locale) {
        this.locale = locale;
        boolean english = "en".equals(locale.getLanguage());
        this.moment = DateTimeFormatter.ofPattern(english ? "yyyy-MM-dd HH:mm:ss" : "dd.MM.yyyy HH:mm:ss", locale)
                .withZone(OperatorReports.SITE_ZONE);
        this.day = DateTimeFormatter.ofPattern(english ? "EEE, yyyy-MM-dd" : "EEE, dd.MM.yyyy", locale);
    }

    public static ConsoleFormat in(Locale locale) {
        return new ConsoleFormat(locale);
    }

    /** {@code 1 234,50 ₽}; a negative amount with a minus sign, not a hyphen. */
    public String money(Money money) {
        String shown = new Money(money.amount().abs()).format(locale);
        return money.amount().signum() < 0 ? MINUS + shown : shown;
    }

    /** {@code +500,00 ₽} or {@code −30,00 ₽}: a movement of money, which way it went. */
    public String signed(Money money) {
        return money.amount().signum() > 0 ? "+" + money(money) : money(money);
    }

    /** {@code 30.11.2026 17:24:31} (Moscow time), or an empty text for a moment that is unknown. */
    public String moment(@Nullable Instant moment) {
        return moment == null ? "" : this.moment.format(moment);
    }

    /** {@code пн, 30.11.2026}. */
    public String day(LocalDate day) {
        return this.day.format(day);
    }
}
