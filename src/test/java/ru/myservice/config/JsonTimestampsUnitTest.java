package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTimestampsUnitTest {

    @Test
    void readsWhatPostgresWritesAsTheGeneralParserReadsIt() {
        for (String text : List.of(
                "2026-11-30T23:14:10.649123+00:00",
                "2026-11-30T23:14:10+03:00",
                "2026-11-30T23:14:10.5-05:30",
                "2026-12-31T23:59:59.999999+14:00",
                "2024-02-29T00:00:00.000001-12:00",
                "1970-01-01T00:00:00+00:00",
                "1969-12-31T23:59:59.9+00:00")) {
            assertThat(JsonTimestamps.parse(text))
                    .as(text)
                    .isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        assertThat(JsonTimestamps.parse("2026-11-30T23:14:10+03")).isEqualTo(Instant.parse("2026-11-30T20:14:10Z"));
    }

    @Test
    void agreesWithTheGeneralParserOverManyMoments() {
        var random = new SplittableRandom(20261130);
        for (int i = 0; i < 20_000; i++) {
            var moment = Instant.ofEpochSecond(
                    random.nextLong(-2_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000) * 1_000);
            var offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4 + 1) * 15 * 60);
            String text = moment.atOffset(offset).toString();
            assertThat(JsonTimestamps.parse(text)).as(text).isEqualTo(moment);
        }
    }

    @Test
    void whatIsNotATimestampIsRefusedAsTheGeneralParserRefusesIt() {
        for (String text : List.of(
                "2026-02-30T10:00:00+00:00",
                "2026-11-30T24:00:00+00:00",
                "2026-11-30T23:14:1x+00:00",
                "2026-11-30T23:14:10.649123",
                "2026-11-30T23:14:10.\u0661\u0662+00:00",
                "2026-11-30 23:14:10+00:00",
                "yesterday")) {
            assertThatThrownBy(() -> JsonTimestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
