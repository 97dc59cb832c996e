package ru.myservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The replica of the original service ({@code bench/seed-mvp/}: FastAPI, Uvicorn with 2 workers,
 * synchronous SQLAlchemy over psycopg2, Jinja2) with its own {@code wallets}, {@code payments} and
 * {@code sessions} tables in the schema {@code seed_mvp} of our database, seeded with our data's shape:
 * the same accounts, the same payments of each, and a session for each of the 200 accounts our
 * dashboard is measured on. Run by Debian's {@code /usr/bin/python3}, whose packages {@code bench/run.sh}
 * installs.
 */
final class SeedMvp implements AutoCloseable {

    static final Path DIRECTORY = Path.of("bench", "seed-mvp");
    static final String COOKIE = "session_id";
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(1);

    private final Process process;
    private final String site;
    private final double readySeconds;
    private final ResidentMemory memory;

    private SeedMvp(Process process, String site, double readySeconds) {
        this.process = process;
        this.site = site;
        this.readySeconds = readySeconds;
        this.memory = new ResidentMemory(process);
    }

    /**
     * Its tables as {@code schema.sql} has them; a wallet for each of our {@code accounts} (the same
     * {@code bench<n>} ids, as Casdoor ids), our {@code payments} with the same owners, amounts, statuses
     * and times, and one session for each of the first {@code sessions} accounts.
     */
    static void seed(JdbcClient db, int accounts, int payments, int sessions) throws IOException {
        db.sql(Files.readString(DIRECTORY.resolve("schema.sql"))).update();
        db.sql("""
                insert into seed_mvp.wallets (casdoor_id, email, name, balance)
                select md5('bench' || n)::uuid::text, 'bench' || n || '@example.ru', 'Пользователь ' || n, 0
                from generate_series(1, :n) n
                """).param("n", accounts).update();
        // As ours: 500 payments each for the first `sessions` accounts, the rest spread over all of them.
        db.sql("""
                insert into seed_mvp.payments (yookassa_payment_id, user_id, amount, status, description, created_at)
                select 'bench-' || n,
                       md5('bench' || (case when n <= :heavy then 1 + (n - 1) % :sessions
                                            else 1 + (n - 1) % :accounts end))::uuid::text,
                       100 + n % 900, (array['succeeded','canceled','pending'])[1 + n % 3],
                       'Пополнение баланса', now() - make_interval(mins => n)
                from generate_series(1, :payments) n
                """)
                .param("heavy", sessions * 500)
                .param("sessions", sessions)
                .param("accounts", accounts)
                .param("payments", payments)
                .update();
        db.sql("""
                insert into seed_mvp.sessions (session_id, token)
                select md5('session' || n)::uuid::text, md5('bench' || n)::uuid::text
                from generate_series(1, :n) n
                """).param("n", sessions).update();
        db.sql("analyze seed_mvp.wallets, seed_mvp.payments, seed_mvp.sessions").update();
    }

    /** The cookies of the seeded sessions, one per account, as the original sets them. */
    static List<String> cookies(JdbcClient db) {
        return db
                .sql("select session_id from seed_mvp.sessions order by session_id")
                .query(String.class)
                .list()
                .stream()
                .map(id -> COOKIE + "=" + id)
                .toList();
    }

    /** {@code uvicorn app:app --workers 2} against {@code databaseUrl}; ready when {@code /ping} answers. */
    static SeedMvp start(String databaseUrl) throws IOException, InterruptedException {
        int port = BenchHarness.freePort();
        var builder = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-m",
                        "uvicorn",
                        "app:app",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--workers",
                        "2",
                        // Ours writes no line per request either.
                        "--no-access-log",
                        "--log-level",
                        "warning")
                .directory(DIRECTORY.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "bench-seed-mvp.log").toFile());
        builder.environment().put("DB_URL", databaseUrl);
        long started = System.nanoTime();
        Process process = builder.start();
        // Uvicorn refuses the upgrade to HTTP/2 that Java's client asks for by default.
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var ping = URI.create("http://127.0.0.1:" + port + "/ping");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The replica exited while starting: see target/bench-seed-mvp.log");
            }
            if (System.nanoTime() - started > STARTUP_LIMIT.toNanos()) {
                process.destroy();
                throw new IllegalStateException(
                        "The replica did not answer /ping in " + STARTUP_LIMIT + ": see target/bench-seed-mvp.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
        double ready = (System.nanoTime() - started) / 1e9;
        return new SeedMvp(process, "http://127.0.0.1:" + port, Math.round(ready * 100) / 100.0);
    }

    /**
     * Every session's dashboard once, checked to be its page and not the redirect to sign-in (wrk would
     * count a redirect as a success); returns the size of the last page in bytes.
     */
    int checkDashboards(List<String> cookies) throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int bytes = 0;
        for (String cookie : cookies) {
            var page = http.send(
                    HttpRequest.newBuilder(URI.create(site + "/dashboard"))
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
            if (page.statusCode() != 200 || !body.contains("id=\"balance\"") || !body.contains("Пополнение баланса")) {
                throw new IllegalStateException(
                        "The replica's dashboard for " + cookie + " answered " + page.statusCode());
            }
            bytes = page.body().length;
        }
        return bytes;
    }

    String site() {
        return site;
    }

    double readySeconds() {
        return readySeconds;
    }

    /** The supervisor and its workers together. */
    long rssMb() {
        return memory.mb();
    }

    long rssMaxMb() {
        return memory.maxMb();
    }

    /** What the report needs of it, in the order the scenarios ran. */
    static Map<String, Object> result(
            SeedMvp replica, String loadAverageAtStart, Map<String, Object> scenarios, int pageBytes) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("loadAverageAtStart", loadAverageAtStart);
        result.put(
                "stack",
                "FastAPI " + version("fastapi") + ", Uvicorn " + version("uvicorn") + " (2 workers), SQLAlchemy "
                        + version("sqlalchemy") + ", psycopg2, Jinja2 " + version("jinja2"));
        result.put("readySeconds", replica.readySeconds());
        result.put("rssAfterStartMb", replica.rssMb());
        result.put("dashboardBytes", pageBytes);
        result.put("scenarios", scenarios);
        result.put("rssMaxMb", replica.rssMaxMb());
        return result;
    }

    private static String version(String module) {
        try {
            var process = new ProcessBuilder(
                            "/usr/bin/python3", "-c", "import " + module + "; print(" + module + ".__version__)")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor() == 0 ? out : "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = new ArrayList<>(process.descendants().toList());
        process.destroy();
        process.waitFor();
        for (var worker : workers) {
            worker.destroy();
        }
        memory.close();
    }
}
