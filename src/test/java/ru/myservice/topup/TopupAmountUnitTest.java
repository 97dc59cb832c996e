package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import ru.myservice.wallet.Money;

class TopupAmountUnitTest {

    private static final BigDecimal MIN = new BigDecimal("10.00");
    private static final BigDecimal MAX = new BigDecimal("100000.00");

    @ParameterizedTest
    @CsvSource({
        "500,500.00",
        "'500,5',500.50",
        "499.90,499.90",
        "'1 000,50',1000.50",
        "' 10 ',10.00",
        "100000,100000.00"
    })
    void acceptsWhatPeopleType(String typed, String expected) {
        assertThat(TopupAmount.parse(typed, MIN, MAX)).isEqualTo(Money.of(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.005", "abc", "-5", "5e3", "1,2,3", "12.", ".5", "0x10", "١٠٠", "100 руб"})
    void refusesMalformedAmounts(String typed) {
        assertThatThrownBy(() -> TopupAmount.parse(typed, MIN, MAX))
                .isInstanceOfSatisfying(
                        TopupService.TopupRefused.class,
                        e -> assertThat(e.messageKey()).isEqualTo("topup.error.format"));
    }

    @ParameterizedTest
    @CsvSource({"9.99,topup.error.min", "0,topup.error.min", "100000.01,topup.error.max", "999999999,topup.error.max"})
    void refusesAmountsOutsideTheLimits(String typed, String key) {
        assertThatThrownBy(() -> TopupAmount.parse(typed, MIN, MAX))
                .isInstanceOfSatisfying(
                        TopupService.TopupRefused.class,
                        e -> assertThat(e.messageKey()).isEqualTo(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyAmountSaysSo(String typed) {
        assertThatThrownBy(() -> TopupAmount.parse(typed, MIN, MAX))
                .isInstanceOfSatisfying(
                        TopupService.TopupRefused.class,
                        e -> assertThat(e.messageKey()).isEqualTo("topup.error.empty"));
    }
}
