package ru.myservice.spend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PersonalData;

/** What the site's services held and charged, for the person's data export. */
@Component
class SpendPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    SpendPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> rowsOf(UUID accountId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("spend_holds", PersonalData.rows(jdbc, """
                select to_jsonb(h)::text from spend_holds h where account_id = :id order by hold_id
                """, accountId));
        rows.put("charges", PersonalData.rows(jdbc, """
                select to_jsonb(c)::text from charges c where account_id = :id order by created_at, id
                """, accountId));
        rows.put("charge_refunds", PersonalData.rows(jdbc, """
                select to_jsonb(r)::text from charge_refunds r join charges c on c.id = r.charge_id
                where c.account_id = :id order by r.created_at, r.id
                """, accountId));
        rows.put("spend_references", PersonalData.rows(jdbc, """
                select to_jsonb(s)::text from spend_references s
                where s.object_id in (select hold_id from spend_holds where account_id = :id
                                      union all select id from charges where account_id = :id)
                order by s.created_at
                """, accountId));
        return rows;
    }
}
