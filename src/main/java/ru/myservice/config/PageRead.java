package ru.myservice.config;

import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One module's part of what a page shows, as a query that {@link PageReads} runs alone or together with
 * the page's other parts in a single statement: {@code sql} is a query returning one {@code json} value
 * (or null), and {@code reader} turns that value into the module's own types. Its parameters are named
 * after the module's part ({@code :funds_account}, not {@code :account}) so parts can share a statement.
 */
public record PageRead<T>(String sql, Map<String, ?> params, Reader<T> reader) {

    /** Reads the JSON value the query returned; null when it returned SQL null or no row. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(@Nullable JsonNode value) throws SQLException;
    }

    /** The same query, its result turned into something else. */
    public <R> PageRead<R> map(Function<? super T, ? extends R> then) {
        Reader<T> first = reader;
        return new PageRead<>(sql, params, value -> then.apply(first.read(value)));
    }
}
