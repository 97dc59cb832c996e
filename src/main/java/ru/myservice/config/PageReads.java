package ru.myservice.config;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@link PageRead}s: one alone, or all that a page needs in one statement, {@code select (a), (b),
 * …}, so a page costs the database one round trip and one statement whatever modules it draws on, while
 * each module keeps its own SQL and mapping.
 */
@Component
public class PageReads {

    /** Amounts stay exact: {@code 150.00} reads as 150.00, never through a double. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final JdbcClient jdbc;

    PageReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What each read found, taken out by the read itself. */
    public static final class Results {

        private final Map<PageRead<?>, @Nullable JsonNode> values;

        private Results(Map<PageRead<?>, @Nullable JsonNode> values) {
            this.values = values;
        }

        /** The result of {@code read}, which must have been one of those run. */
        public <T> T get(PageRead<T> read) {
            if (!values.containsKey(read)) {
                throw new IllegalArgumentException("This read was not run");
            }
            return PageReads.read(read, values.get(read));
        }
    }

    public <T> T one(PageRead<T> read) {
        return all(List.of(read)).get(read);
    }

    /** Runs every read in one statement. */
    public Results all(List<? extends PageRead<?>> reads) {
        var sql = new StringBuilder("select ");
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < reads.size(); i++) {
            var read = reads.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append("(")
                    .append(read.sql())
                    .append(")::text as r")
                    .append(i);
            read.params().forEach((name, value) -> {
                Object before = params.putIfAbsent(name, value);
                if (before != null && !Objects.equals(before, value)) {
                    throw new IllegalArgumentException("Two reads give :" + name + " different values");
                }
            });
        }
        Map<PageRead<?>, @Nullable JsonNode> values = jdbc.sql(sql.toString())
                .params(params)
                .query(rs -> {
                    Map<PageRead<?>, @Nullable JsonNode> found = new IdentityHashMap<>();
                    rs.next();
                    for (int i = 0; i < reads.size(); i++) {
                        // The text's bytes as they came (UTF-8), parsed without first making a String of them.
                        byte[] text = rs.getBytes(i + 1);
                        found.put(reads.get(i), text == null ? null : JSON.readTree(text));
                    }
                    return found;
                });
        return new Results(values);
    }

    private static <T> T read(PageRead<T> read, @Nullable JsonNode value) {
        try {
            return read.reader().read(value);
        } catch (SQLException e) {
            throw new IllegalStateException("A page read returned what its reader cannot read", e);
        }
    }
}
