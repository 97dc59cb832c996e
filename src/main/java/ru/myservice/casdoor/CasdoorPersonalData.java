package ru.myservice.casdoor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PersonalData;

/** The state of the account's mirror in Casdoor, for the person's data export. */
@Component
class CasdoorPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    CasdoorPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> rowsOf(UUID accountId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("casdoor_sync_jobs", PersonalData.rows(jdbc, """
                select to_jsonb(j)::text from casdoor_sync_jobs j where account_id = :id order by kind
                """, accountId));
        rows.put("casdoor_synced", PersonalData.rows(jdbc, """
                select to_jsonb(s)::text from casdoor_synced s where account_id = :id order by kind
                """, accountId));
        return rows;
    }
}
