package ru.myservice.topup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PersonalData;

/** The person's payments, for their data export (without the widget's one-time token). */
@Component
class TopupPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    TopupPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> rowsOf(UUID accountId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("payments", PersonalData.rows(jdbc, """
                select (to_jsonb(p) - 'confirmation_token')::text from payments p
                where user_id = :id order by created_at, id
                """, accountId));
        return rows;
    }
}
