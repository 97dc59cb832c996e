package ru.myservice.operator.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import ru.myservice.operator.StaffMember;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Repository
class AuditRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StaffMember staff, AuditEntry entry) {
        jdbc.sql("""
                        insert into staff_audit
                            (staff_subject, staff_login, staff_name, action, account_id, target, reason, before, after)
                        values (:subject, :login, :name, :action, :account, :target, :reason,
                                cast(:before as jsonb), cast(:after as jsonb))
                        """)
                .param("subject", staff.subject())
                .param("login", staff.login())
                .param("name", staff.displayName())
                .param("action", entry.action().code())
                .param("account", entry.accountId())
                .param("target", entry.target())
                .param("reason", entry.reason())
                .param("before", json(entry.before()))
                .param("after", json(entry.after()))
                .update();
    }

    List<AuditRecord> find(AuditFilter filter, int limit, int offset) {
        return jdbc.sql("""
                        select id, at, staff_subject, staff_login, staff_name, action, account_id, target, reason,
                               before::text as before, after::text as after
                        from staff_audit
                        where (cast(:login as text) is null or staff_login = :login)
                          and (cast(:action as text) is null or action = :action)
                          and (cast(:account as uuid) is null or account_id = :account)
                          and (cast(:from as timestamptz) is null or at >= :from)
                          and (cast(:until as timestamptz) is null or at < :until)
                        order by at desc, id desc
                        limit :limit offset :offset
                        """)
                .param("login", filter.staffLogin())
                .param(
                        "action",
                        filter.action() == null ? null : filter.action().code())
                .param("account", filter.accountId())
                .param("from", timestamp(filter.from()))
                .param("until", timestamp(filter.until()))
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> new AuditRecord(
                        rs.getLong("id"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("staff_subject"),
                        rs.getString("staff_login"),
                        rs.getString("staff_name"),
                        AuditAction.of(rs.getString("action")),
                        rs.getObject("account_id", java.util.UUID.class),
                        rs.getString("target"),
                        rs.getString("reason"),
                        values(rs.getString("before")),
                        values(rs.getString("after"))))
                .list();
    }

    /** Names and values as text: what the audit page shows, whatever type the value had. */
    private static String json(Map<String, ?> values) {
        Map<String, @Nullable String> text = new LinkedHashMap<>();
        values.forEach((name, value) -> text.put(name, value == null ? null : String.valueOf(value)));
        return JSON.writeValueAsString(text);
    }

    private static Map<String, String> values(@Nullable String json) {
        Map<String, String> values = new LinkedHashMap<>();
        if (json != null) {
            JsonNode node = JSON.readTree(json);
            node.properties()
                    .forEach(e -> values.put(
                            e.getKey(),
                            e.getValue().isNull() ? "" : e.getValue().asString()));
        }
        return values;
    }

    private static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
