package ru.myservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What one dashboard view costs the database, counted by PostgreSQL itself: transactions
 * ({@code pg_stat_database}), statements ({@code pg_stat_statements}, utility statements such as
 * {@code BEGIN} not tracked) and updates of session rows ({@code pg_stat_user_tables}).
 *
 * <p>The app does some work of its own meanwhile (its schedulers poll their tables), so an idle window
 * is counted first and its rate per second is taken off the views' window. Backends report their
 * transaction counts up to {@link #FLUSH} after the fact, so each reading waits that long first. The
 * readings are taken from a database of their own ({@link #READINGS}): read from the app's, each would
 * be a transaction of the app's database itself, counted in the window after it.
 */
final class DashboardCounts {

    /** PostgreSQL 15 flushes an idle backend's pending statistics within 10 s. */
    private static final Duration FLUSH = Duration.ofSeconds(11);

    private static final Duration IDLE = Duration.ofSeconds(20);

    /** Where the readings are taken from: statistics of the whole server, filtered to the app's database. */
    private static final String READINGS = "bench_readings";

    private DashboardCounts() {}

    /** Turns statement counting on; the library is preloaded by the harness's PostgreSQL. */
    static void prepare(JdbcClient db) {
        db.sql("create extension if not exists pg_stat_statements").update();
    }

    /**
     * Views the dashboard {@code views} times, one after another, cycling over a few of the sessions,
     * after one unmeasured pass over the same sessions, so every session was used within the last minute.
     */
    static Map<String, Object> count(String site, List<String> cookies, int views)
            throws IOException, InterruptedException {
        var app = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                ru.myservice.testing.TestDatabase.jdbcUrl(), "postgres", "postgres"));
        String database =
                app.sql("select current_database()").query(String.class).single();
        if (app.sql("select count(*) from pg_database where datname = :name")
                        .param("name", READINGS)
                        .query(Long.class)
                        .single()
                == 0) {
            app.sql("create database " + READINGS).update();
        }
        var db = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                ru.myservice.testing.TestDatabase.get().getJdbcUrl("postgres", READINGS), "postgres", "postgres"));
        prepare(db);
        List<String> used = cookies.subList(0, Math.min(20, cookies.size()));
        var http = HttpClient.newHttpClient();
        for (String cookie : used) {
            view(http, site, cookie);
        }
        Thread.sleep(FLUSH);
        resetStatements(db);
        Reading idleStart = read(db, database);
        long idleFrom = System.nanoTime();
        Thread.sleep(IDLE);
        Reading idleEnd = read(db, database);
        double idleSeconds = (System.nanoTime() - idleFrom) / 1e9;
        Reading idle = idleEnd.minus(idleStart);

        resetStatements(db);
        Reading start = read(db, database);
        long from = System.nanoTime();
        for (int i = 0; i < views; i++) {
            view(http, site, used.get(i % used.size()));
        }
        Thread.sleep(FLUSH);
        Reading end = read(db, database);
        double seconds = (System.nanoTime() - from) / 1e9;

        Reading perRun = end.minus(start).minus(idle.scaled(seconds / idleSeconds));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("views", views);
        result.put("sessionsUsed", used.size());
        result.put("transactionsPerView", round(perRun.transactions / views));
        result.put("statementsPerView", round(perRun.statements / views));
        result.put("sessionUpdatesPerView", round(perRun.sessionUpdates / views));
        result.put("backgroundTransactionsPerSecond", round(idle.transactions / idleSeconds));
        result.put("statements", topStatements(db, database, views));
        return result;
    }

    private static void view(HttpClient http, String site, String cookie) throws IOException, InterruptedException {
        var answer = http.send(
                HttpRequest.newBuilder(URI.create(site + "/dashboard"))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("The dashboard answered " + answer.statusCode());
        }
    }

    private record Reading(double transactions, double statements, double sessionUpdates) {
        Reading minus(Reading other) {
            return new Reading(
                    transactions - other.transactions,
                    statements - other.statements,
                    sessionUpdates - other.sessionUpdates);
        }

        Reading scaled(double factor) {
            return new Reading(transactions * factor, statements * factor, sessionUpdates * factor);
        }
    }

    private static void resetStatements(JdbcClient db) {
        db.sql("select pg_stat_statements_reset()").query((rs, n) -> 1).list();
    }

    /**
     * The app's database's transactions and statements so far, and the rows its statements updating
     * {@code sessions} wrote (Spring Session's; the replica never updates its own), in one statement.
     */
    private static Reading read(JdbcClient db, String database) {
        return db.sql("""
                        select
                            (select xact_commit + xact_rollback from pg_stat_database where datname = :db),
                            (select coalesce(sum(s.calls), 0) from pg_stat_statements s
                                join pg_database d on d.oid = s.dbid and d.datname = :db
                                where s.query not ilike '%pg_stat%'),
                            (select coalesce(sum(s.rows), 0) from pg_stat_statements s
                                join pg_database d on d.oid = s.dbid and d.datname = :db
                                where s.query ilike 'update sessions %')
                        """)
                .param("db", database)
                .query((rs, n) -> new Reading(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)))
                .single();
    }

    /** The statements run most often during the views (the app's background included), per view. */
    private static List<Map<String, Object>> topStatements(JdbcClient db, String database, int views) {
        return db.sql("""
                        select s.calls, s.mean_exec_time, regexp_replace(s.query, '\\s+', ' ', 'g') as query
                        from pg_stat_statements s
                        join pg_database d on d.oid = s.dbid and d.datname = :db
                        where s.query not ilike '%pg_stat%'
                        order by s.calls desc limit 12
                        """)
                .param("db", database)
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("callsPerView", round(rs.getDouble("calls") / views));
                    row.put("meanMs", Math.round(rs.getDouble("mean_exec_time") * 1000) / 1000.0);
                    String query = rs.getString("query");
                    row.put("query", query.length() > 160 ? query.substring(0, 160) + "…" : query);
                    return row;
                })
                .list();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
