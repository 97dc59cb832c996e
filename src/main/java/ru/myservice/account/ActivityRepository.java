package ru.myservice.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ActivityRepository {

    private final JdbcClient jdbc;

    ActivityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            UUID accountId,
            Activity.Kind kind,
            @Nullable Provider provider,
            @Nullable String device,
            @Nullable String detail) {
        jdbc.sql("""
                        insert into account_activity (account_id, kind, provider, device, detail)
                        values (:account, :kind, :provider, :device, :detail)
                        """)
                .param("account", accountId)
                .param("kind", kind.code())
                .param("provider", provider == null ? null : provider.id())
                .param("device", device)
                .param("detail", detail)
                .update();
    }

    /**
     * The latest lines, newest first. A sign-in is from a new device when the account had signed in
     * before, but never from this device.
     */
    List<Activity> latest(UUID accountId, int limit) {
        return jdbc.sql("""
                        select a.kind, a.provider, a.device, a.detail, a.at,
                               a.kind = 'signed_in' and a.device is not null
                               and exists (
                                   select 1 from account_activity b
                                   where b.account_id = a.account_id and b.kind = 'signed_in' and b.id < a.id)
                               and not exists (
                                   select 1 from account_activity b
                                   where b.account_id = a.account_id and b.kind = 'signed_in'
                                     and b.device = a.device and b.id < a.id) as new_device
                        from account_activity a
                        where a.account_id = :account
                        order by a.id desc
                        limit :limit
                        """)
                .param("account", accountId)
                .param("limit", limit)
                .query(ActivityRepository::activity)
                .list();
    }

    private static Activity activity(ResultSet rs, int n) throws SQLException {
        String provider = rs.getString("provider");
        return new Activity(
                Activity.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                provider == null ? null : Provider.byId(provider).orElse(null),
                rs.getString("device"),
                rs.getString("detail"),
                rs.getObject("at", java.time.OffsetDateTime.class).toInstant(),
                rs.getBoolean("new_device"));
    }
}
