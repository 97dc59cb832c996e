package ru.myservice.signin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PersonalData;

/** The account's sessions, for the person's data export: times only, never the ids (they are the cookies). */
@Component
class SigninPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    SigninPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> rowsOf(UUID accountId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("sessions", PersonalData.rows(jdbc, """
                select jsonb_build_object(
                           'created_at', to_timestamp(creation_time / 1000.0),
                           'last_access_at', to_timestamp(last_access_time / 1000.0),
                           'expires_at', to_timestamp(expiry_time / 1000.0))::text
                from sessions where principal_name = cast(:id as text) order by creation_time
                """, accountId));
        return rows;
    }
}
