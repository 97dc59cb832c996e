package ru.myservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.TestBrowser;
import tools.jackson.databind.json.JsonMapper;

/**
 * YooKassa's notifications arriving in a burst: the signed-in people start top-ups through {@code POST
 * /api/topups}, pay them all in the stand-in (in its own JVM) with the notifications held back, then the
 * harness delivers every {@code payment.succeeded} at once from {@code connections} senders. The app
 * asks the stand-in about each payment before crediting it. The credits are counted in the ledger; a
 * second pass delivers every notification again, in another order, and must credit nothing more.
 *
 * <p>The first pass delivers the people's payments mixed, as YooKassa sends a crowd's ({@code
 * BENCH_NOTIFICATION_ORDER=shuffled}, the default), or each person's ten one after another ({@code
 * by-person}), so that the senders mostly wait for one wallet's lock at a time: the worst case.
 *
 * <p>Unmeasured batches until one's rate is within 5 % of the one before and the app's JIT compiled for
 * less than 5 % of its time (at most {@code BENCH_NOTIFICATION_WARM_UPS}, 8), then {@code runs} batches;
 * the report gives the batch with the median rate, with the min and max. What one credit costs
 * PostgreSQL is counted in the last batch.
 */
final class BenchNotifications {

    static final String NAME = "notifications";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Top-ups each person starts per batch, each of another amount (a pending one of the same is re-used). */
    private static final int PER_PERSON = 10;
    /** PostgreSQL 15 flushes an idle backend's pending statistics within 10 s. */
    private static final Duration FLUSH = Duration.ofSeconds(11);
    /** Each batch's amounts differ from every earlier batch's, in roubles: 10.00–10.09, then 11.00–11.09, … */
    private static final AtomicInteger BATCHES = new AtomicInteger();
    /** Each person's payments delivered one after another instead of mixed with the others'. */
    static final boolean BY_PERSON =
            System.getenv().getOrDefault("BENCH_NOTIFICATION_ORDER", "shuffled").equals("by-person");
    /** A warm-up batch whose rate is within this share of the one before, its JIT compiling for less, is the last. */
    private static final double SETTLED = 0.05;

    private static final int MAX_WARM_UPS =
            Integer.parseInt(System.getenv().getOrDefault("BENCH_NOTIFICATION_WARM_UPS", "8"));
    /** A file to record the app's flight recording of the last run's first delivery pass in, if any. */
    private static final String PROFILE = System.getenv().getOrDefault("BENCH_PROFILE", "");

    private BenchNotifications() {}

    /** A signed-in person who can start top-ups: the session with the page's CSRF cookie, and its token. */
    record Payer(String cookies, String csrf) {}

    /** An app with its signed-in people. */
    record Target(BenchApp app, List<Payer> payers) {}

    /** Opens each session's dashboard once for the CSRF token its POSTs need. */
    static Target target(BenchApp app, List<String> sessions) throws IOException, InterruptedException {
        try (var http = client()) {
            return new Target(app, payers(http, app, sessions));
        }
    }

    private static List<Payer> payers(HttpClient http, BenchApp app, List<String> sessions)
            throws IOException, InterruptedException {
        List<Payer> payers = new ArrayList<>();
        for (String session : sessions) {
            var dashboard = http.send(
                    HttpRequest.newBuilder(URI.create(app.site() + "/dashboard"))
                            .header("Cookie", session)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // The page's token is checked against the cookie the page set with it.
            String cookies = Stream.concat(
                            Stream.of(session),
                            dashboard.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]))
                    .collect(Collectors.joining("; "));
            payers.add(new Payer(cookies, TestBrowser.csrf(dashboard.body())));
        }
        return payers;
    }

    /**
     * The scenario on each target in turn, batch by batch (A B A B …), so that what else ran on the cores
     * fell on all of them alike; one result per target.
     */
    static List<Map<String, Object>> measured(List<Target> targets, YooKassaStand yookassa, int connections, int runs)
            throws Exception {
        List<List<Map<String, Object>>> warmUps = new ArrayList<>();
        for (var target : targets) {
            warmUps.add(settle(target, yookassa, connections));
        }
        List<List<Map<String, Object>>> measured = new ArrayList<>();
        targets.forEach(t -> measured.add(new ArrayList<>()));
        for (int run = 1; run <= runs; run++) {
            for (int t = 0; t < targets.size(); t++) {
                measured.get(t).add(batch(targets.get(t), yookassa, connections, run == runs));
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            results.add(summary(warmUps.get(t), measured.get(t)));
        }
        return results;
    }

    /** Unmeasured batches until the rate and the JIT have settled, or {@link #MAX_WARM_UPS} of them. */
    private static List<Map<String, Object>> settle(Target target, YooKassaStand yookassa, int connections)
            throws Exception {
        List<Map<String, Object>> batches = new ArrayList<>();
        while (batches.size() < MAX_WARM_UPS) {
            var batch = batch(target, yookassa, connections, false);
            batches.add(batch);
            if (batches.size() < 2) {
                continue;
            }
            double rate = ((Number) batch.get("creditsPerSecond")).doubleValue();
            double before = ((Number) batches.get(batches.size() - 2).get("creditsPerSecond")).doubleValue();
            double jitShare = (double) batch.get("jitSeconds") / (double) batch.get("seconds");
            if (Math.abs(rate - before) <= SETTLED * before && jitShare < SETTLED) {
                break;
            }
        }
        return batches;
    }

    private static Map<String, Object> summary(List<Map<String, Object>> warmUps, List<Map<String, Object>> runs) {
        List<Map<String, Object>> byRate = new ArrayList<>(runs);
        byRate.sort(Comparator.comparingLong(r -> ((Number) r.get("creditsPerSecond")).longValue()));
        Map<String, Object> result = new LinkedHashMap<>(byRate.get(byRate.size() / 2));
        result.put("minCreditsPerSecond", byRate.getFirst().get("creditsPerSecond"));
        result.put("maxCreditsPerSecond", byRate.getLast().get("creditsPerSecond"));
        result.put(
                "creditsPerSecondByRun",
                runs.stream().map(r -> r.get("creditsPerSecond")).toList());
        result.put(
                "errorsInAllRuns",
                runs.stream()
                        .mapToLong(r -> ((Number) r.get("errors")).longValue())
                        .sum());
        result.put(
                "duplicateCreditsInAllRuns",
                runs.stream()
                        .mapToLong(r -> ((Number) r.get("duplicateCredits")).longValue())
                        .sum());
        result.put(
                "everyPaymentCreditedOnce",
                runs.stream()
                        .allMatch(r -> r.get("credited").equals(r.get("notifications"))
                                && ((Number) r.get("duplicateCredits")).longValue() == 0));
        // Counted in the last run, which need not be the median one.
        result.remove("database");
        runs.stream()
                .map(r -> r.get("database"))
                .filter(d -> d != null)
                .findFirst()
                .ifPresent(d -> result.put("database", d));
        result.put("order", BY_PERSON ? "by-person" : "shuffled");
        result.put(
                "warmUpCreditsPerSecond",
                warmUps.stream().map(r -> r.get("creditsPerSecond")).toList());
        result.put(
                "warmUpJitSeconds",
                warmUps.stream().map(r -> r.get("jitSeconds")).toList());
        result.put("maxWarmUps", MAX_WARM_UPS);
        return result;
    }

    /** One batch: start and pay every top-up, deliver the notifications, then deliver them all again. */
    private static Map<String, Object> batch(Target target, YooKassaStand yookassa, int connections, boolean count)
            throws Exception {
        try (var http = client()) {
            return batch(target, http, yookassa, connections, count);
        }
    }

    private static Map<String, Object> batch(
            Target target, HttpClient http, YooKassaStand yookassa, int connections, boolean count) throws Exception {
        var app = target.app();
        int batch = BATCHES.getAndIncrement();
        List<Callable<String>> starts = new ArrayList<>();
        for (var payer : target.payers()) {
            for (int k = 0; k < PER_PERSON; k++) {
                String amount = "%d.%02d".formatted(10 + batch, k);
                starts.add(() -> start(http, app.site(), payer, amount));
            }
        }
        long starting = System.nanoTime();
        List<String> ours = all(starts, connections);
        double startSeconds = (System.nanoTime() - starting) / 1e9;
        List<String> remotes = yookassa.pay(ours);

        var db = app.db();
        Reading before = count ? reading(db, true) : null;
        if (count && !PROFILE.isEmpty()) {
            app.jcmd("JFR.start", "name=notifications", "settings=profile");
        }
        List<String> first = new ArrayList<>(remotes);
        if (!BY_PERSON) {
            Collections.shuffle(first, new Random(-1 - batch));
        }
        double jitBefore = app.jitSeconds();
        long started = System.nanoTime();
        Map<Integer, Integer> statuses = deliver(http, app.site(), first, connections);
        double seconds = (System.nanoTime() - started) / 1e9;
        double jitSeconds = app.jitSeconds() - jitBefore;
        if (count && !PROFILE.isEmpty()) {
            app.jcmd(
                    "JFR.stop",
                    "name=notifications",
                    "filename=" + Path.of(PROFILE).toAbsolutePath());
        }
        Reading after = count ? reading(db, false) : null;
        int credited = credited(db, remotes);

        List<String> again = new ArrayList<>(remotes);
        Collections.shuffle(again, new Random(batch));
        long againStarted = System.nanoTime();
        Map<Integer, Integer> againStatuses = deliver(http, app.site(), again, connections);
        double againSeconds = (System.nanoTime() - againStarted) / 1e9;
        int creditedAfter = credited(db, remotes);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("people", target.payers().size());
        result.put("notifications", remotes.size());
        result.put("credited", credited);
        result.put("errors", errors(statuses) + errors(againStatuses));
        result.put("seconds", Math.round(seconds * 100) / 100.0);
        result.put("jitSeconds", Math.round(jitSeconds * 100) / 100.0);
        result.put("creditsPerSecond", Math.round(credited / seconds));
        result.put("statuses", statuses);
        result.put("duplicates", again.size());
        result.put("duplicateCredits", creditedAfter - credited);
        result.put("duplicateStatuses", againStatuses);
        result.put("duplicatesPerSecond", Math.round(again.size() / againSeconds));
        if (count) {
            result.put("database", costs(before, after, credited));
        }
        System.out.printf(
                "Notifications batch %d on %s: %d top-ups started in %.1f s, %d credited at %d/s (JIT %.2f s), %d"
                        + " duplicates answered at %d/s crediting %d, statuses %s %s%n",
                batch,
                app.site(),
                remotes.size(),
                startSeconds,
                credited,
                result.get("creditsPerSecond"),
                jitSeconds,
                again.size(),
                result.get("duplicatesPerSecond"),
                creditedAfter - credited,
                statuses,
                againStatuses);
        return result;
    }

    private static String start(HttpClient http, String site, Payer payer, String amount)
            throws IOException, InterruptedException {
        var started = http.send(
                HttpRequest.newBuilder(URI.create(site + "/api/topups"))
                        .header("Cookie", payer.cookies())
                        .header("X-CSRF-TOKEN", payer.csrf())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"" + amount + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String ours = JSON.readTree(started.body()).path("paymentId").asString("");
        if (started.statusCode() != 200 || ours.isEmpty()) {
            throw new IllegalStateException("Top-up refused: " + started.statusCode() + " " + started.body());
        }
        return ours;
    }

    /** Delivers one {@code payment.succeeded} per id; how many answers of each status came back. */
    private static Map<Integer, Integer> deliver(HttpClient http, String site, List<String> remotes, int connections)
            throws InterruptedException, ExecutionException {
        List<Callable<Integer>> sends = new ArrayList<>();
        for (String remote : remotes) {
            String body = "{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":\"" + remote
                    + "\",\"status\":\"succeeded\"}}";
            sends.add(() -> http.send(
                            HttpRequest.newBuilder(URI.create(site + "/api/payment/webhook"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int status : all(sends, connections)) {
            statuses.merge(status, 1, Integer::sum);
        }
        return statuses;
    }

    private static <T> List<T> all(List<Callable<T>> tasks, int connections)
            throws InterruptedException, ExecutionException {
        try (var pool = Executors.newFixedThreadPool(connections)) {
            List<Future<T>> futures = pool.invokeAll(tasks);
            List<T> results = new ArrayList<>();
            for (var future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    private static long errors(Map<Integer, Integer> statuses) {
        return statuses.entrySet().stream()
                .filter(e -> e.getKey() != 200)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static int credited(JdbcClient db, List<String> remotes) {
        return db.sql("select count(*) from myservice.ledger_entries where kind = 'topup' and reference in (:r)")
                .param("r", remotes)
                .query(Integer.class)
                .single();
    }

    /** Counts at one moment; {@code top} are the statements run most often, the triggers' included. */
    private record Reading(double transactions, double statements, List<Map<String, Object>> top) {}

    /**
     * PostgreSQL's counts: transactions ({@code pg_stat_database}, after waiting for the backends to
     * report them) and statements ({@code pg_stat_statements}, reset at the start).
     */
    private static Reading reading(JdbcClient db, boolean start) throws InterruptedException {
        Thread.sleep(FLUSH);
        if (start) {
            db.sql("select public.pg_stat_statements_reset()")
                    .query((rs, n) -> 1)
                    .list();
        }
        db.sql("select pg_stat_clear_snapshot()").query((rs, n) -> 1).list();
        double transactions = db.sql("""
                        select xact_commit + xact_rollback from pg_stat_database where datname = current_database()
                        """).query(Double.class).single();
        double statements = db.sql("""
                        select coalesce(sum(calls), 0) from public.pg_stat_statements s
                        join pg_database d on d.oid = s.dbid and d.datname = current_database()
                        where s.query not ilike '%pg_stat%' and s.toplevel
                        """).query(Double.class).single();
        List<Map<String, Object>> top = db.sql("""
                        select s.calls, s.toplevel, s.mean_exec_time, regexp_replace(s.query, '\\s+', ' ', 'g') as query
                        from public.pg_stat_statements s
                        join pg_database d on d.oid = s.dbid and d.datname = current_database()
                        where s.query not ilike '%pg_stat%'
                        order by s.calls desc limit 12
                        """)
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("calls", rs.getLong("calls"));
                    row.put("byTrigger", !rs.getBoolean("toplevel"));
                    row.put("meanMs", Math.round(rs.getDouble("mean_exec_time") * 1000) / 1000.0);
                    String query = rs.getString("query");
                    row.put("query", query.length() > 160 ? query.substring(0, 160) + "…" : query);
                    return row;
                })
                .list();
        return new Reading(transactions, statements, top);
    }

    /** What one credit cost between the readings; the statements' calls were reset at the first. */
    private static Map<String, Object> costs(Reading before, Reading after, int credited) {
        Map<String, Object> costs = new LinkedHashMap<>();
        costs.put("credits", credited);
        costs.put("transactionsPerCredit", round((after.transactions() - before.transactions()) / credited));
        costs.put("statementsPerCredit", round((after.statements() - before.statements()) / credited));
        costs.put(
                "statements",
                after.top().stream()
                        .map(row -> {
                            Map<String, Object> perCredit = new LinkedHashMap<>();
                            perCredit.put(
                                    "callsPerCredit", round(((Number) row.get("calls")).doubleValue() / credited));
                            perCredit.put("byTrigger", row.get("byTrigger"));
                            perCredit.put("meanMs", row.get("meanMs"));
                            perCredit.put("query", row.get("query"));
                            return perCredit;
                        })
                        .toList());
        return costs;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
