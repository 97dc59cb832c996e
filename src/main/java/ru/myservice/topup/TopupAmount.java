package ru.myservice.topup;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import ru.myservice.wallet.Money;

/** Reads an amount as people type it: {@code 500}, {@code 500,5}, {@code 1 000.50}. */
final class TopupAmount {

    private TopupAmount() {}

    static Money parse(@Nullable String typed, BigDecimal min, BigDecimal max) {
        if (typed == null || typed.isBlank()) {
            throw new TopupService.TopupRefused("topup.error.empty");
        }
        if (typed.length() > 20) {
            throw new TopupService.TopupRefused("topup.error.format");
        }
        String plain = typed.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "");
        if (!plain.matches("\\d{1,9}([.,]\\d{1,2})?")) {
            throw new TopupService.TopupRefused("topup.error.format");
        }
        Money amount = Money.of(plain.replace(',', '.'));
        if (amount.amount().compareTo(min) < 0) {
            throw new TopupService.TopupRefused("topup.error.min", new Money(min));
        }
        if (amount.amount().compareTo(max) > 0) {
            throw new TopupService.TopupRefused("topup.error.max", new Money(max));
        }
        return amount;
    }
}
