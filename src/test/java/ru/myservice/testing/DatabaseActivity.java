package ru.myservice.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * PostgreSQL's own counters for one database of the test server: transactions and row writes, read
 * from {@code pg_stat_database}. Each app instance measured gets a database of its own, so nothing
 * else in the test JVM adds to its counts.
 */
public final class DatabaseActivity {

    private final String database;
    private final JdbcClient server = JdbcClient.create(TestDatabase.get().getPostgresDatabase());

    private DatabaseActivity(String database) {
        this.database = database;
    }

    /** Creates an empty database for one app instance to migrate and use. */
    public static DatabaseActivity freshDatabase() {
        var activity =
                new DatabaseActivity("measured_" + UUID.randomUUID().toString().replace("-", ""));
        activity.server.sql("create database " + activity.database).update();
        return activity;
    }

    public String jdbcUrl() {
        return TestDatabase.get().getJdbcUrl("postgres", database);
    }

    /** What the database has done so far, every backend's pending counts included. */
    public record Counts(long transactions, long rowsInserted, long rowsUpdated, long rowsDeleted) {

        public Counts minus(Counts earlier) {
            return new Counts(
                    transactions - earlier.transactions,
                    rowsInserted - earlier.rowsInserted,
                    rowsUpdated - earlier.rowsUpdated,
                    rowsDeleted - earlier.rowsDeleted);
        }
    }

    /**
     * Vacuums and analyzes every table of the database now. Autovacuum would otherwise get to the tables
     * an app just filled whenever its next round came, perhaps while counts are taken: its transactions
     * and the statistics rows it writes would count as the app's.
     */
    public void vacuumAnalyze() {
        JdbcClient.create(new DriverManagerDataSource(jdbcUrl()))
                .sql("vacuum analyze")
                .update();
    }

    /** Autovacuum held off until closed. */
    public interface Paused extends AutoCloseable {

        @Override
        void close();
    }

    /**
     * Holds autovacuum off on the test server until closed, once the workers it has running are done.
     * A {@link #vacuumAnalyze} rewrites the catalogs' statistics, and autovacuum's next round over them
     * would otherwise land in a measurement as the app's transactions and row writes.
     */
    public Paused autovacuumPaused() {
        server.sql("alter system set autovacuum = off").update();
        server.sql("select pg_reload_conf()").query(Boolean.class).single();
        Eventually.within(
                Duration.ofSeconds(60),
                "autovacuum's running workers to finish",
                () -> server.sql("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")
                                .query(Long.class)
                                .single()
                        == 0);
        return () -> {
            server.sql("alter system reset autovacuum").update();
            server.sql("select pg_reload_conf()").query(Boolean.class).single();
        };
    }

    /**
     * Closes the pool's connections (a backend hands in its counts as it exits; a busy one holds them
     * back for up to a second, an idle one for longer), then reads the counts once they hold still.
     */
    public Counts settle(DataSource pool) {
        List<Integer> backends = backends();
        try {
            pool.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        } catch (SQLException e) {
            throw new IllegalStateException("The app's pool is not Hikari", e);
        }
        Eventually.within(
                Duration.ofSeconds(10),
                "the app's connections to close",
                () -> backends().stream().noneMatch(backends::contains));
        Counts[] last = {read()};
        long[] stableSince = {System.nanoTime()};
        Eventually.within(Duration.ofSeconds(10), "the counts of " + database + " to hold still", () -> {
            Counts now = read();
            if (!now.equals(last[0])) {
                last[0] = now;
                stableSince[0] = System.nanoTime();
            }
            return System.nanoTime() - stableSince[0] > Duration.ofMillis(1500).toNanos();
        });
        return last[0];
    }

    private List<Integer> backends() {
        return server.sql("select pid from pg_stat_activity where datname = :db")
                .param("db", database)
                .query(Integer.class)
                .list();
    }

    /** Each read is a transaction of its own, so PostgreSQL takes a fresh snapshot of its statistics. */
    private Counts read() {
        return server.sql("""
                        select xact_commit + xact_rollback, tup_inserted, tup_updated, tup_deleted
                        from pg_stat_database where datname = :db
                        """)
                .param("db", database)
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }
}
