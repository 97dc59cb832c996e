package ru.myservice.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL 15 per test JVM, started on first use. Tests never need a database service
 * on the machine, and app instances started in one JVM share it just as replicas share production's.
 */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;
    private static final java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    private TestDatabase() {}

    /** A server setting for the database, before anything starts it (the benchmark counts statements). */
    public static synchronized void configure(String name, String value) {
        if (postgres != null) {
            throw new IllegalStateException("The embedded PostgreSQL has started already");
        }
        settings.put(name, value);
    }

    public static synchronized EmbeddedPostgres get() {
        if (postgres == null) {
            try {
                var builder = EmbeddedPostgres.builder();
                settings.forEach(builder::setServerConfig);
                postgres = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is going away; the data directory is temporary anyway.
                }
            }));
        }
        return postgres;
    }

    public static String jdbcUrl() {
        return get().getJdbcUrl("postgres", "postgres");
    }
}
