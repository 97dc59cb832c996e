package ru.myservice.casdoor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PageRead;
import ru.myservice.config.Row;
import tools.jackson.databind.JsonNode;

/** How far one account's mirror in Casdoor is, for staff, and a fresh sync of it on request. */
@Service
public class CasdoorMirror {

    private final SyncJobs jobs;

    CasdoorMirror(SyncJobs jobs) {
        this.jobs = jobs;
    }

    /** What a sync job mirrors: the whole user (profile, methods, balance) or only the balance. */
    public enum Kind {
        USER,
        BALANCE
    }

    /**
     * A sync waiting to run, or given up on ({@code parked}) until someone asks again.
     *
     * @param attempts failed runs so far
     * @param lastError what the last failed run said, or null
     * @param dueAt when it runs next (unless parked)
     */
    public record Job(
            Kind kind,
            int attempts,
            boolean parked,
            @Nullable String lastError,
            Instant dueAt) {}

    /** A kind of sync that went through, and when it last did. */
    public record Synced(Kind kind, Instant at) {}

    /** The account's mirror: its syncs that went through and those waiting or parked. */
    public record State(List<Synced> synced, List<Job> jobs) {

        public boolean parked() {
            return jobs.stream().anyMatch(Job::parked);
        }
    }

    public PageRead<State> stateRead(UUID accountId) {
        return new PageRead<>("""
                select json_build_object(
                    'synced', (select json_agg(s order by s.kind) from (
                        select kind, synced_at from casdoor_synced where account_id = :mirror_account) s),
                    'jobs', (select json_agg(j order by j.kind) from (
                        select kind, attempts, parked, last_error, due_at from casdoor_sync_jobs
                        where account_id = :mirror_account) j))
                """, Map.of("mirror_account", accountId), found -> {
            List<Synced> synced = new ArrayList<>();
            List<Job> jobs = new ArrayList<>();
            if (found != null) {
                for (JsonNode line : found.path("synced")) {
                    Row row = Row.of(line);
                    synced.add(new Synced(kind(row.string("kind")), row.instant("synced_at")));
                }
                for (JsonNode line : found.path("jobs")) {
                    Row row = Row.of(line);
                    jobs.add(new Job(
                            kind(row.string("kind")),
                            (int) row.number("attempts"),
                            row.bool("parked"),
                            row.nullableString("last_error"),
                            row.instant("due_at")));
                }
            }
            return new State(synced, jobs);
        });
    }

    /** Queues a sync of the whole user to run now, a parked one included; the workers take it as any other. */
    @Transactional
    public void resync(UUID accountId) {
        jobs.requestNow(List.of(accountId));
    }

    private static Kind kind(String column) {
        return Kind.valueOf(column.toUpperCase(Locale.ROOT));
    }
}
