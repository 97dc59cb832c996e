package ru.myservice.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PersonalData;

/**
 * What staff did to the person's money, for their data export: refunds staff asked for and adjustments
 * of their balance, each with its reason. Who on the staff did it (their Casdoor ids and logins) and
 * the forms' one-time keys stay out: they are the staff's data and our plumbing, not the person's.
 */
@Component
class OperatorPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    OperatorPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> rowsOf(UUID accountId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("operator_refunds", PersonalData.rows(jdbc, """
                select (to_jsonb(r) - 'staff_subject' - 'staff_login' - 'idempotence_key')::text
                from operator_refunds r where account_id = :id order by created_at, id
                """, accountId));
        rows.put("adjustments", PersonalData.rows(jdbc, """
                select (to_jsonb(a) - 'requested_by' - 'requested_login' - 'decided_by' - 'decided_login'
                        - 'request_key')::text
                from adjustments a where account_id = :id order by created_at, id
                """, accountId));
        return rows;
    }
}
