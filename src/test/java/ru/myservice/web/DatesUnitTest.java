package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Dates as every page writes them: the month in words, a visible space before «г.», Moscow time. */
class DatesUnitTest {

    private static final Instant LATE_EVENING_UTC = Instant.parse("2026-11-29T22:15:00Z");

    @Test
    void russianDatesReadAsInRunningText() {
        var dates = Dates.in(Locale.forLanguageTag("ru"));

        assertThat(dates.day(LATE_EVENING_UTC)).isEqualTo("30\u00a0ноября 2026\u00a0г.");
        assertThat(dates.moment(LATE_EVENING_UTC)).isEqualTo("30\u00a0ноября 2026\u00a0г., 01:15");
    }

    @Test
    void englishDatesReadAsAmericansWriteThem() {
        var dates = Dates.in(Locale.ENGLISH);

        assertThat(dates.day(LATE_EVENING_UTC)).isEqualTo("November\u00a030, 2026");
        assertThat(dates.moment(LATE_EVENING_UTC)).isEqualTo("November\u00a030, 2026, 01:15");
    }

    @Test
    void everyMonthIsInTheGenitive() {
        var dates = Dates.in(Locale.forLanguageTag("ru"));
        String[] months = {
            "января", "февраля", "марта", "апреля", "мая", "июня",
            "июля", "августа", "сентября", "октября", "ноября", "декабря"
        };
        for (int month = 1; month <= 12; month++) {
            var noon = Instant.parse("2026-%02d-15T09:00:00Z".formatted(month));
            assertThat(dates.day(noon)).isEqualTo("15\u00a0" + months[month - 1] + " 2026\u00a0г.");
        }
    }
}
