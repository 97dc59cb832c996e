package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import ru.myservice.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/** Reads that a page runs together come back as each would alone, amounts and moments exact. */
class PageReadsIntegrationTest {

    private static PageReads reads;

    @BeforeAll
    static void connect() {
        reads = new PageReads(
                JdbcClient.create(new DriverManagerDataSource(TestDatabase.jdbcUrl(), "postgres", "postgres")));
    }

    /** A row as PostgreSQL writes it in JSON, read through {@link Row}. */
    private static PageRead<Optional<Map<String, Object>>> payment(String amount) {
        return new PageRead<>("""
                select to_json(p) from (select cast(:payment_amount as numeric(12, 2)) as amount,
                    timestamptz '2026-11-30 14:19:21.268744+03' as created_at,
                    null::text as note, '{"type": "bank_card"}'::jsonb as method) p
                """, Map.of("payment_amount", amount), found -> {
            if (found == null) {
                return Optional.empty();
            }
            Row row = Row.of(found);
            return Optional.of(Map.of(
                    "amount", row.decimal("amount"),
                    "createdAt", row.instant("created_at"),
                    "note", Optional.ofNullable(row.nullableString("note")),
                    "method", row.string("method")));
        });
    }

    private static PageRead<List<Integer>> numbers(int upTo) {
        return numbers("numbers_up_to", upTo);
    }

    /** 1 to {@code upTo}, or null (none) below 1. */
    private static PageRead<List<Integer>> numbers(String parameter, int upTo) {
        return new PageRead<>(
                "select json_agg(n order by n) from generate_series(1, :" + parameter + ") n",
                Map.of(parameter, upTo),
                found -> {
                    List<Integer> numbers = new ArrayList<>();
                    if (found != null) {
                        for (JsonNode n : found) {
                            numbers.add(n.asInt());
                        }
                    }
                    return numbers;
                });
    }

    @Test
    void readsRunTogetherGiveWhatEachGivesAloneWithAmountsToTheKopeck() {
        var payment = payment("150.10");
        var three = numbers(3);
        var none = numbers("none_up_to", 0);

        var together = reads.all(List.of(payment, three, none));

        var row = together.get(payment).orElseThrow();
        assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo("150.10");
        assertThat(((BigDecimal) row.get("amount")).toPlainString()).isEqualTo("150.10");
        assertThat(row.get("createdAt")).isEqualTo(Instant.parse("2026-11-30T11:19:21.268744Z"));
        assertThat(row.get("note")).isEqualTo(Optional.empty());
        assertThat(row.get("method")).isEqualTo("{\"type\":\"bank_card\"}");
        assertThat(together.get(three)).containsExactly(1, 2, 3);
        assertThat(together.get(none)).isEmpty();
        assertThat(reads.one(payment("150.00")).orElseThrow().get("amount").toString())
                .isEqualTo("150.00");
        assertThat(reads.one(numbers(2))).containsExactly(1, 2);
    }

    @Test
    void twoReadsThatGiveOneParameterDifferentValuesAreRefusedRatherThanMixedUp() {
        assertThatThrownBy(() -> reads.all(List.of(numbers(1), numbers(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":numbers_up_to");
        assertThatThrownBy(() -> reads.all(List.of(numbers(1))).get(numbers(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
