package ru.myservice.operator;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A staff action refused for a reason the operator can fix or must know; nothing was done. Each reason
 * has its words under {@code operator.refused.<code>} in the messages files, with {@link #args()}.
 */
public final class ActionRefused extends RuntimeException {

    /** Why. */
    public enum Why {
        /** Every action says why it was taken. */
        REASON_REQUIRED,
        /** An amount of money must be more than zero. */
        AMOUNT_NOT_POSITIVE,
        /** An amount typed in a form is not roubles and kopecks. */
        AMOUNT_UNREADABLE,
        /** A form came without its one-time key (an old or hand-made page). */
        FORM_STALE,
        PAYMENT_NOT_FOUND,
        ACCOUNT_NOT_FOUND,
        ADJUSTMENT_NOT_FOUND,
        /** Only a succeeded payment can be refunded. */
        PAYMENT_NOT_SUCCEEDED,
        /** More than the payment's amount less what is refunded and what is being refunded; arg: what is left. */
        ABOVE_REFUNDABLE,
        /** The one-time key of a form was sent again with something else. */
        KEY_REUSED,
        /** A debit above the money available; arg: what is available. */
        BELOW_ZERO,
        /** Nobody approves or rejects their own adjustment. */
        OWN_ADJUSTMENT,
        /** Approved or rejected already (by someone else, a moment ago). */
        ALREADY_DECIDED,
        /** YooKassa could not be asked now. */
        YOOKASSA_UNREACHABLE;

        /** {@code above-refundable} for {@link #ABOVE_REFUNDABLE}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Why why;
    private final @Nullable Object[] args;

    public ActionRefused(Why why, @Nullable Object... args) {
        super(why.code() + (args.length == 0 ? "" : " " + java.util.Arrays.toString(args)));
        this.why = why;
        this.args = args.clone();
    }

    public Why why() {
        return why;
    }

    /** The text's key in the messages files. */
    public String messageKey() {
        return "operator.refused." + why.code();
    }

    public @Nullable Object[] args() {
        return args.clone();
    }

    /** The reason an operator gave, trimmed; refused when there is none. */
    public static String reasonRequired(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ActionRefused(Why.REASON_REQUIRED);
        }
        return reason.strip();
    }
}
