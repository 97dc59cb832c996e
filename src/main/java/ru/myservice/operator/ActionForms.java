package ru.myservice.operator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import ru.myservice.wallet.Money;

/**
 * What the console's action forms share: an amount read as staff type it, the form's one-time key, and
 * a refusal put in words next to the field it is about.
 */
public final class ActionForms {

    /** Roubles, with kopecks after a comma or a point; spaces between thousands and a rouble sign allowed. */
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}([.,]\\d{1,2})?");

    /**
     * A refusal as a form shows it.
     *
     * @param field {@code amount} or {@code reason} when it is about that field, {@code form} otherwise
     */
    public record Problem(String field, String text) {

        public boolean about(String name) {
            return field.equals(name);
        }
    }

    private ActionForms() {}

    /** {@code 1 500,5} as 1500.50 roubles. */
    public static Money amount(@Nullable String typed) {
        String text = typed == null ? "" : typed.replaceAll("[\\s\\u00a0\\u202f₽]", "");
        if (!AMOUNT.matcher(text).matches()) {
            throw new ActionRefused(ActionRefused.Why.AMOUNT_UNREADABLE);
        }
        return new Money(new BigDecimal(text.replace(',', '.')));
    }

    /** The form's one-time key. */
    public static UUID requestKey(@Nullable String sent) {
        try {
            return UUID.fromString(sent == null ? "" : sent);
        } catch (IllegalArgumentException e) {
            throw new ActionRefused(ActionRefused.Why.FORM_STALE);
        }
    }

    /** A new form's one-time key. */
    public static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** The key a refused form is shown again with: the one it was sent with, or a new one when that was not a key. */
    public static String keptKey(@Nullable String sent) {
        try {
            return UUID.fromString(sent == null ? "" : sent).toString();
        } catch (IllegalArgumentException e) {
            return newKey();
        }
    }

    /** An amount as a form's field holds it: {@code 1500,50} in Russian, {@code 1500.50} in English. */
    public static String typed(Money amount, Locale locale) {
        String plain = amount.amount().setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        return "en".equals(locale.getLanguage()) ? plain : plain.replace('.', ',');
    }

    /** The refusal in the reader's language, an amount in it written as the console writes money. */
    public static Problem problem(ActionRefused refused, MessageSource messages, Locale locale) {
        Object[] args = Arrays.stream(refused.args())
                .map(arg ->
                        arg instanceof Money money ? ConsoleFormat.in(locale).money(money) : arg)
                .toArray();
        String text = messages.getMessage(refused.messageKey(), args, locale);
        String field = switch (refused.why()) {
            case REASON_REQUIRED -> "reason";
            case AMOUNT_NOT_POSITIVE, AMOUNT_UNREADABLE, ABOVE_REFUNDABLE, BELOW_ZERO -> "amount";
            default -> "form";
        };
        return new Problem(field, text);
    }
}
