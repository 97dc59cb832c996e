package ru.myservice.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MoneyUnitTest {

    private static final Locale RU = Locale.forLanguageTag("ru");

    @Test
    void russianFormatGroupsThousandsAndUsesAComma() {
        assertThat(Money.ZERO.format(RU)).isEqualTo("0,00\u00a0₽");
        assertThat(Money.of("1234.5").format(RU)).isEqualTo("1\u00a0234,50\u00a0₽");
        assertThat(Money.of("-1000000").format(RU)).isEqualTo("-1\u00a0000\u00a0000,00\u00a0₽");
    }

    @Test
    void englishFormatUsesADot() {
        assertThat(Money.of("1234.5").format(Locale.ENGLISH)).isEqualTo("1,234.50\u00a0₽");
    }

    @Test
    void kopecksAloneAndEveryGroupingReadAsPeopleWriteThem() {
        assertThat(Money.of("0.05").format(RU)).isEqualTo("0,05\u00a0₽");
        assertThat(Money.of("-0.05").format(RU)).isEqualTo("-0,05\u00a0₽");
        assertThat(Money.of("0.5").format(Locale.ENGLISH)).isEqualTo("0.50\u00a0₽");
        assertThat(Money.of("999.99").format(RU)).isEqualTo("999,99\u00a0₽");
        assertThat(Money.of("100").format(RU)).isEqualTo("100,00\u00a0₽");
        assertThat(Money.of("1000").format(RU)).isEqualTo("1\u00a0000,00\u00a0₽");
        assertThat(Money.of("-12345678.9").format(Locale.ENGLISH)).isEqualTo("-12,345,678.90\u00a0₽");
        assertThat(Money.of("123456").format(Locale.forLanguageTag("ru-RU"))).isEqualTo("123\u00a0456,00\u00a0₽");
    }

    @Test
    void amountsAlwaysHaveTwoDecimalsAndNeverSilentlyRound() {
        assertThat(Money.of("10").amount().toPlainString()).isEqualTo("10.00");
        assertThat(Money.of("10.500").amount().toPlainString()).isEqualTo("10.50");
        assertThatThrownBy(() -> Money.of("10.005")).isInstanceOf(IllegalArgumentException.class);
    }
}
