package ru.myservice.config;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Reads the timestamps PostgreSQL writes into JSON ({@code 2026-11-30T23:14:10.649123+03:00}) without
 * {@link java.time.format.DateTimeFormatter}, whose general parser costs more than the rest of reading a
 * page's rows together. Anything not in exactly that form (a year past 9999, an offset with seconds)
 * goes to the general parser, so every valid timestamp still reads.
 */
final class JsonTimestamps {

    private JsonTimestamps() {}

    static Instant parse(String text) {
        int length = text.length();
        if (length < 22
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return general(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            at++;
            int scale = 100_000_000;
            while (at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9' && scale > 0) {
                nanos += (text.charAt(at) - '0') * scale;
                scale /= 10;
                at++;
            }
        }
        if (at + 3 > length || (text.charAt(at) != '+' && text.charAt(at) != '-')) {
            return general(text);
        }
        int sign = text.charAt(at) == '-' ? -1 : 1;
        int offsetHours = digits(text, at + 1, 2);
        int offsetMinutes = 0;
        at += 3;
        if (at < length && text.charAt(at) == ':') {
            offsetMinutes = at + 3 <= length ? digits(text, at + 1, 2) : -1;
            at += 3;
        }
        if (at != length
                || (year | month | day | hour | minute | second | offsetHours | offsetMinutes) < 0
                || hour > 23
                || minute > 59
                || second > 59
                || offsetHours > 18
                || offsetMinutes > 59) {
            return general(text);
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return general(text);
        }
        long seconds = epochDay * 86_400
                + hour * 3_600L
                + minute * 60L
                + second
                - sign * (offsetHours * 3_600L + offsetMinutes * 60L);
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The number in {@code count} digits from {@code from}; -1 when one of them is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant general(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
