package ru.myservice.config;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A row of a query, read the same way whether it came as a JDBC row or as a JSON object that PostgreSQL
 * built from the row ({@code to_json}, {@code json_agg}), with the row's column names as keys. One
 * mapper per record thus serves the ordinary queries and the {@link PageRead}s that a page runs
 * together in one statement.
 */
public interface Row {

    @Nullable
    String nullableString(String column) throws SQLException;

    @Nullable
    BigDecimal nullableDecimal(String column) throws SQLException;

    @Nullable
    Instant nullableInstant(String column) throws SQLException;

    boolean bool(String column) throws SQLException;

    long number(String column) throws SQLException;

    default String string(String column) throws SQLException {
        return required(column, nullableString(column));
    }

    default @Nullable UUID nullableUuid(String column) throws SQLException {
        String value = nullableString(column);
        return value == null ? null : UUID.fromString(value);
    }

    default UUID uuid(String column) throws SQLException {
        return required(column, nullableUuid(column));
    }

    default BigDecimal decimal(String column) throws SQLException {
        return required(column, nullableDecimal(column));
    }

    default Instant instant(String column) throws SQLException {
        return required(column, nullableInstant(column));
    }

    private static <T> T required(String column, @Nullable T value) throws SQLException {
        if (value == null) {
            throw new SQLException("Column " + column + " is null");
        }
        return value;
    }

    /** The current row of {@code rs}; a {@code json} or {@code jsonb} column reads as its text. */
    static Row of(ResultSet rs) {
        return new Row() {
            @Override
            public @Nullable String nullableString(String column) throws SQLException {
                return rs.getString(column);
            }

            @Override
            public @Nullable BigDecimal nullableDecimal(String column) throws SQLException {
                return rs.getBigDecimal(column);
            }

            @Override
            public @Nullable Instant nullableInstant(String column) throws SQLException {
                OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
                return value == null ? null : value.toInstant();
            }

            @Override
            public boolean bool(String column) throws SQLException {
                return rs.getBoolean(column);
            }

            @Override
            public long number(String column) throws SQLException {
                return rs.getLong(column);
            }
        };
    }

    /**
     * A row as PostgreSQL writes it in JSON: a missing key or JSON null is SQL null, a nested {@code
     * json}/{@code jsonb} value reads as its text, amounts as the exact decimals {@link PageReads} parses.
     */
    static Row of(JsonNode object) {
        return new Row() {
            private @Nullable JsonNode value(String column) {
                JsonNode value = object.get(column);
                return value == null || value.isNull() ? null : value;
            }

            @Override
            public @Nullable String nullableString(String column) {
                JsonNode value = value(column);
                if (value == null) {
                    return null;
                }
                return value.isString() ? value.asString() : value.toString();
            }

            @Override
            public @Nullable BigDecimal nullableDecimal(String column) {
                JsonNode value = value(column);
                return value == null ? null : value.decimalValue();
            }

            @Override
            public @Nullable Instant nullableInstant(String column) {
                JsonNode value = value(column);
                return value == null ? null : JsonTimestamps.parse(value.asString());
            }

            @Override
            public boolean bool(String column) {
                JsonNode value = value(column);
                return value != null && value.asBoolean();
            }

            @Override
            public long number(String column) {
                JsonNode value = value(column);
                return value == null ? 0 : value.asLong();
            }
        };
    }
}
