package ru.myservice.config;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A module's share of a person's data export: the rows of its own tables that belong to one account.
 * Each module that keeps anything about a person implements it, so the export stays complete as
 * tables are added (a test compares it with the schema).
 */
public interface PersonalData {

    /**
     * Table name → that table's rows for the account, each a JSON object as text, oldest first.
     * Secrets (tokens, hashes) are left out; everything a person could ask about is in.
     */
    Map<String, List<String>> rowsOf(UUID accountId);

    /** The rows of one query that selects each row as JSON text, with the account bound as {@code :id}. */
    static List<String> rows(JdbcClient jdbc, String sql, UUID accountId) {
        return jdbc.sql(sql).param("id", accountId).query(String.class).list();
    }
}
