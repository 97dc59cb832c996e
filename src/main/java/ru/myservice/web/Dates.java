package ru.myservice.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How pages write dates, everywhere the same: the day, the month in words and the year, in Moscow time
 * as the business runs on it. Russian as in running text, «30 ноября 2026 г.», with a no-break space
 * before «г.» (the locale's own narrow one reads as «2026г.»); English as Americans write it,
 * «November 30, 2026». Times of day follow the date, 24-hour.
 */
final class Dates {

    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    private final DateTimeFormatter day;
    private final DateTimeFormatter time;

    private Dates(DateTimeFormatter day, DateTimeFormatter time) {
        this.day = day;
        this.time = time;
    }

    // Built once: a formatter is immutable, and parsing its pattern costs more than formatting a date.
    // No-break spaces keep «30 ноября» and «2026 г.» whole when a narrow column wraps the date.
    private static final Dates RUSSIAN = of(Locale.forLanguageTag("ru"), "d\u00a0MMMM y\u00a0'г.'");
    private static final Dates ENGLISH = of(Locale.ENGLISH, "MMMM\u00a0d, y");

    /** Dates as pages in {@code locale}'s language write them: English, or Russian for any other. */
    static Dates in(Locale locale) {
        return "en".equals(locale.getLanguage()) ? ENGLISH : RUSSIAN;
    }

    private static Dates of(Locale locale, String day) {
        return new Dates(
                DateTimeFormatter.ofPattern(day, locale).withZone(MOSCOW),
                DateTimeFormatter.ofPattern("HH:mm", locale).withZone(MOSCOW));
    }

    /** «30 ноября 2026 г.», «November 30, 2026». */
    String day(Instant moment) {
        return day.format(moment);
    }

    /** «30 ноября 2026 г., 11:49», «November 30, 2026, 11:49». */
    String moment(Instant moment) {
        return day.format(moment) + ", " + time.format(moment);
    }
}
