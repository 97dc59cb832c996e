package ru.myservice.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PersonalData;

/** The profile, the sign-in methods and the activity list, for the person's data export. */
@Component
class AccountPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    AccountPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> rowsOf(UUID accountId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put(
                "accounts",
                PersonalData.rows(jdbc, "select to_jsonb(a)::text from accounts a where id = :id", accountId));
        rows.put(
                "identities",
                PersonalData.rows(
                        jdbc,
                        "select to_jsonb(i)::text from identities i where account_id = :id order by id",
                        accountId));
        rows.put(
                "account_activity",
                PersonalData.rows(
                        jdbc,
                        "select to_jsonb(a)::text from account_activity a where account_id = :id order by id",
                        accountId));
        return rows;
    }
}
