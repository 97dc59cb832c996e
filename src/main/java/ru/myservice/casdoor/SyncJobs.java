package ru.myservice.casdoor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The persistent queue of Casdoor sync jobs (table {@code casdoor_sync_jobs}). */
@Repository
class SyncJobs {

    enum Kind {
        USER,
        BALANCE;

        String column() {
            return name().toLowerCase();
        }

        static Kind of(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    record Job(UUID accountId, Kind kind, long version, int attempts) {}

    private final JdbcClient jdbc;

    SyncJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Asks for a sync. A job already waiting absorbs the request (one call for a burst of changes);
     * one in backoff keeps its schedule; a parked one gets a fresh start.
     */
    void request(UUID accountId, Kind kind) {
        jdbc.sql("""
                        insert into casdoor_sync_jobs (account_id, kind) values (:account, :kind)
                        on conflict (account_id, kind) do update set
                            version = casdoor_sync_jobs.version + 1,
                            due_at = case when casdoor_sync_jobs.parked then now() else casdoor_sync_jobs.due_at end,
                            attempts = case when casdoor_sync_jobs.parked then 0 else casdoor_sync_jobs.attempts end,
                            parked = false,
                            updated_at = now()
                        """).param("account", accountId).param("kind", kind.column()).update();
    }

    /**
     * Queues a user sync for each of these accounts to run now, whatever their jobs were doing: the
     * operator's re-queue, after the first deploy or a long outage. Returns how many were queued.
     */
    int requestNow(List<UUID> accountIds) {
        return jdbc.sql("""
                        insert into casdoor_sync_jobs (account_id, kind)
                        select id, 'user' from unnest(cast(:accounts as uuid[])) as id
                        on conflict (account_id, kind) do update set
                            version = casdoor_sync_jobs.version + 1, due_at = now(), attempts = 0,
                            parked = false, updated_at = now()
                        """).param("accounts", accountIds.toArray(UUID[]::new)).update();
    }

    /**
     * Takes up to {@code limit} due jobs for this instance. The lease keeps other instances off them;
     * if this instance dies mid-job, the lease runs out and another takes over.
     */
    List<Job> claim(int limit, Duration lease) {
        return jdbc.sql("""
                        update casdoor_sync_jobs j set leased_until = now() + make_interval(secs => :lease)
                        where (j.account_id, j.kind) in (
                            select account_id, kind from casdoor_sync_jobs
                            where not parked and due_at <= now() and (leased_until is null or leased_until < now())
                            order by due_at
                            limit :limit
                            for update skip locked)
                        returning j.account_id, j.kind, j.version, j.attempts
                        """)
                .param("lease", (double) lease.toSeconds())
                .param("limit", limit)
                .query((rs, n) -> new Job(
                        rs.getObject("account_id", UUID.class),
                        Kind.of(rs.getString("kind")),
                        rs.getLong("version"),
                        rs.getInt("attempts")))
                .list();
    }

    /** Done, unless new changes arrived meanwhile: then the job stays, due at once. Either way, synced now. */
    void complete(Job job) {
        jdbc.sql("""
                        insert into casdoor_synced (account_id, kind, synced_at) values (:a, :k, now())
                        on conflict (account_id, kind) do update set synced_at = excluded.synced_at
                        """)
                .param("a", job.accountId())
                .param("k", job.kind().column())
                .update();
        int deleted = jdbc.sql("delete from casdoor_sync_jobs where account_id = :a and kind = :k and version = :v")
                .param("a", job.accountId())
                .param("k", job.kind().column())
                .param("v", job.version())
                .update();
        if (deleted == 0) {
            jdbc.sql("""
                            update casdoor_sync_jobs set leased_until = null, attempts = 0, last_error = null,
                                due_at = now(), updated_at = now()
                            where account_id = :a and kind = :k
                            """)
                    .param("a", job.accountId())
                    .param("k", job.kind().column())
                    .update();
        }
    }

    void retryLater(Job job, String error, Instant due, boolean park) {
        jdbc.sql("""
                        update casdoor_sync_jobs set leased_until = null, attempts = attempts + 1, last_error = :error,
                            due_at = :due, parked = :park, updated_at = now()
                        where account_id = :a and kind = :k
                        """)
                .param("a", job.accountId())
                .param("k", job.kind().column())
                .param("error", error.length() > 500 ? error.substring(0, 500) : error)
                .param("due", java.sql.Timestamp.from(due))
                .param("park", park)
                .update();
    }

    long count(boolean parked) {
        return jdbc.sql("select count(*) from casdoor_sync_jobs where parked = :parked")
                .param("parked", parked)
                .query(Long.class)
                .single();
    }
}
