package ru.myservice.signin;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sliding-window limits kept in PostgreSQL, so they hold across every instance and restart. Each
 * counted event is a row; a transaction-scoped advisory lock on the key makes check-and-count atomic.
 */
@Component
class RateLimits {

    private final JdbcClient jdbc;

    RateLimits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts one event under every key, unless any key already had {@code limit} events in its window. */
    @Transactional
    boolean tryAcquire(Limit... limits) {
        for (Limit limit : limits) {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 1))")
                    .param("key", limit.key())
                    .query((rs, n) -> 1)
                    .list();
        }
        for (Limit limit : limits) {
            int recent = jdbc.sql(
                            "select count(*) from rate_limit_hits where key = :key and at > now() - make_interval(secs => :window)")
                    .param("key", limit.key())
                    .param("window", (double) limit.window().toSeconds())
                    .query(Integer.class)
                    .single();
            if (recent >= limit.limit()) {
                return false;
            }
        }
        for (Limit limit : limits) {
            jdbc.sql("insert into rate_limit_hits (key) values (:key)")
                    .param("key", limit.key())
                    .update();
        }
        jdbc.sql("delete from rate_limit_hits where at < now() - interval '1 day'")
                .update();
        return true;
    }

    /** At most {@code limit} events under {@code key} within {@code window}. */
    record Limit(String key, int limit, Duration window) {}
}
