package ru.myservice.wallet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** An amount of roubles with kopecks: always scale 2, never a floating-point number. */
public record Money(BigDecimal amount) implements Comparable<Money> {

    public static final Money ZERO = new Money(BigDecimal.ZERO);
    public static final String CURRENCY = "RUB";

    public Money {
        if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("Roubles have at most two decimals: " + amount);
        }
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static Money of(String amount) {
        return new Money(new BigDecimal(amount));
    }

    /**
     * The amount as people read it: {@code 1 234,50 ₽} in Russian (narrow no-break space between
     * thousands), {@code 1,234.50 ₽} in English.
     */
    public String format(Locale locale) {
        boolean russian = !"en".equals(locale.getLanguage());
        DecimalFormatSymbols symbols =
                DecimalFormatSymbols.getInstance(russian ? Locale.forLanguageTag("ru") : Locale.ENGLISH);
        if (russian) {
            symbols.setGroupingSeparator('\u00a0');
            symbols.setDecimalSeparator(',');
        }
        DecimalFormat format = new DecimalFormat("#,##0.00", symbols);
        return format.format(amount) + "\u00a0₽";
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + CURRENCY;
    }
}
