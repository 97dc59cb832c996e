package ru.myservice.wallet;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
        // By hand rather than through DecimalFormat: a page shows dozens of amounts, and a DecimalFormat
        // (not thread-safe, so made for each) parses its pattern every time.
        String digits = amount.unscaledValue().abs().toString();
        if (digits.length() < 3) {
            digits = "0".repeat(3 - digits.length()) + digits;
        }
        int whole = digits.length() - 2;
        var text = new StringBuilder(digits.length() + 8);
        if (amount.signum() < 0) {
            text.append('-');
        }
        for (int i = 0; i < whole; i++) {
            if (i > 0 && (whole - i) % 3 == 0) {
                text.append(russian ? '\u00a0' : ',');
            }
            text.append(digits.charAt(i));
        }
        return text.append(russian ? ',' : '.')
                .append(digits, whole, digits.length())
                .append("\u00a0₽")
                .toString();
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
