package ru.myservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeProviders;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestDatabase;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark: the production jar in its own JVM against an embedded PostgreSQL seeded with 10,000
 * accounts and 200,000 payments, driven by wrk from outside. Reports requests per second, p50/p99,
 * errors, the app's resident memory and its time from start to ready, charges and holds per second
 * through the spend API with the ledger checked after every run ({@link BenchCharges}), and the dashboard
 * with holds against without ({@link DashboardWithHolds}), as Markdown and JSON under {@code
 * bench/results/}. Started by {@code bench/run.sh}; not part of the test command. The default variant
 * starts the app as the image does ({@link Launch#image}): the extracted jar, the Dockerfile's JVM
 * options and an AOT cache trained first. {@code BENCH_ONLY=charges} runs only the charges, the holds and
 * the dashboard with holds, on the default variant; {@code BENCH_ONLY=startup} only the start-up and
 * memory comparison of {@link BenchStartup}; {@code BENCH_ONLY=notifications} only the payment
 * notifications ({@link BenchNotifications}), against the YooKassa stand-in in a JVM of its own ({@link
 * YooKassaStand}).
 *
 * <p>In the same run, the replica of the original service ({@link SeedMvp}) runs beside the default
 * variant on the same database with the same data's shape and is measured with the same wrk settings: its
 * {@code /ping} after our floor, and its dashboard over 200 sessions in turns with ours, run for run, so
 * that a change in the machine's speed falls on both alike; {@code ratios} sets our figures against its.
 * {@code BENCH_ONLY=dashboard} runs only that comparison: our floor and dashboard on the default variant,
 * and the replica; with {@code BENCH_BASELINE_JAR} those builds' dashboards take their turns too.
 */
public final class BenchHarness {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ACCOUNTS = 10_000;
    private static final int PAYMENTS = 200_000;
    private static final int SESSIONS = 200;
    private static final int NOTIFICATIONS = 2_000;
    private static final String DURATION = System.getenv().getOrDefault("BENCH_DURATION", "10s");
    private static final int CONNECTIONS = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONNECTIONS", "32"));
    private static final String ONLY = System.getenv().getOrDefault("BENCH_ONLY", "");
    private static final boolean ONLY_CHARGES = ONLY.equals("charges");
    private static final boolean ONLY_DASHBOARD = ONLY.equals("dashboard");
    private static final boolean ONLY_STARTUP = ONLY.equals("startup");
    private static final boolean ONLY_NOTIFICATIONS = ONLY.equals("notifications");
    /**
     * With {@code BENCH_ONLY=notifications} or {@code dashboard}: other builds of the app, comma-separated
     * (e.g. the commits before a change), started beside the default one and measured in turns with it.
     */
    private static final String BASELINE_JAR = System.getenv().getOrDefault("BENCH_BASELINE_JAR", "");
    /** Extra JVM options for the app of the default variant (and every start-up variant), e.g. to record a profile. */
    static final List<String> APP_JVM_OPTIONS =
            List.of(System.getenv().getOrDefault("BENCH_APP_JVM_OPTIONS", "").split(" ")).stream()
                    .filter(o -> !o.isBlank())
                    .toList();

    private static final String FLOOR = "floor: static file";
    private static final String DASHBOARD = "/dashboard (200 sessions)";
    private static final String REPLICA_PING = "/ping";
    private static final String REPLICA_DASHBOARD = "/dashboard (200 sessions)";
    private static final String REPLICA = "seed-mvp";
    private static final String HALF_RATE = "/dashboard at half that rate";
    /** Unmeasured load on each scenario's address before it is measured. */
    private static final String WARM_UP = System.getenv().getOrDefault("BENCH_WARM_UP", "5s");
    /** Measured runs of each scenario; the report gives the median with the min and max. */
    private static final int RUNS = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "3"));
    /** Dashboard views counted one by one in PostgreSQL's statistics. */
    private static final int COUNTED_VIEWS = 100;
    /** The rounds of unmeasured dashboard load that settle each app's JIT before its first scenario. */
    private static final String SETTLE_ROUND = System.getenv().getOrDefault("BENCH_SETTLE_ROUND", "10s");

    private static final int SETTLE_MAX_ROUNDS =
            Integer.parseInt(System.getenv().getOrDefault("BENCH_SETTLE_MAX_ROUNDS", "18"));
    private static final double SETTLE_TOLERANCE = 0.05;
    // Every measurement as it ran, «variant / scenario»: the order bears on what each one met.
    private static final List<String> ORDER = new ArrayList<>();
    private static final String DEFAULT_VARIANT = "virtual threads (default)";
    private static final String PLATFORM_THREADS = "platform threads (without Spring AOT)";

    private BenchHarness() {}

    public static void main(String[] args) throws Exception {
        if (!List.of("", "charges", "dashboard", "startup", "notifications").contains(ONLY)) {
            throw new IllegalArgumentException(
                    "BENCH_ONLY is empty, «charges», «dashboard», «startup» or «notifications»");
        }
        Path jar = packagedJar();
        Path results = Path.of("bench", "results");
        Files.createDirectories(results);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", LocalDateTime.now().toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        // The cores may be shared: what else ran on them bears on every figure.
        report.put(
                "loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        report.put("accounts", ACCOUNTS);
        report.put("payments", PAYMENTS);
        report.put("wrk", Map.of("duration", DURATION, "connections", CONNECTIONS, "threads", 2));
        if (!ONLY.isEmpty()) {
            report.put("only", ONLY);
        }
        report.put("runsPerScenario", RUNS);
        report.put("warmUpPerScenario", WARM_UP);
        if (!APP_JVM_OPTIONS.isEmpty()) {
            report.put("appJvmOptions", APP_JVM_OPTIONS);
        }

        TestDatabase.configure("shared_preload_libraries", "pg_stat_statements");
        TestDatabase.configure("pg_stat_statements.track_utility", "off");
        String jdbc = TestDatabase.jdbcUrl();
        seed(jdbc);
        if (ONLY_STARTUP) {
            try (var providers = FakeProviders.start(0);
                    var yookassa = YooKassaStand.start();
                    var casdoor = FakeCasdoor.start(0)) {
                var stands = stands(providers, yookassa, casdoor);
                report.put("startup", BenchStartup.run(jar, jdbc, stands, WARM_UP, DURATION));
            }
            write(results, report);
            System.exit(0);
        }
        var replicaDb = JdbcClient.create(new DriverManagerDataSource(jdbc, "postgres", "postgres"));
        SeedMvp.seed(replicaDb, ACCOUNTS, PAYMENTS, SESSIONS);
        DashboardCounts.prepare(replicaDb);
        try (var providers = FakeProviders.start(0);
                var yookassa = YooKassaStand.start();
                var casdoor = FakeCasdoor.start(0)) {
            var stands = stands(providers, yookassa, casdoor);
            Map<String, Object> variants = new LinkedHashMap<>();
            var image = Launch.image(jar).with(APP_JVM_OPTIONS);
            if (ONLY.isEmpty() || ONLY_DASHBOARD) {
                try (var replica = Rival.start(replicaDb)) {
                    variants.put(
                            DEFAULT_VARIANT, runVariant(DEFAULT_VARIANT, image, jdbc, stands, Map.of(), true, replica));
                    report.put("seedMvp", replica.result());
                }
            } else {
                variants.put(DEFAULT_VARIANT, runVariant(DEFAULT_VARIANT, image, jdbc, stands, Map.of(), true, null));
            }
            report.put("variants", variants);
            @SuppressWarnings("unchecked")
            var byDefault = (Map<String, Object>) variants.get(DEFAULT_VARIANT);
            if (ONLY.isEmpty() || ONLY_CHARGES) {
                report.put("charges", BenchCharges.summary(DEFAULT_VARIANT, byDefault));
            }
            if (report.get("seedMvp") instanceof Map<?, ?> replica) {
                report.put("ratios", ratios(byDefault, replica));
            }
            if (ONLY.isEmpty()) {
                // Spring's AOT processing fixes the threads at build time: this variant starts without it.
                variants.put(
                        PLATFORM_THREADS,
                        runVariant(
                                PLATFORM_THREADS,
                                Launch.imageWithoutSpringAot(jar).with(APP_JVM_OPTIONS),
                                jdbc,
                                stands,
                                Map.of("SPRING_THREADS_VIRTUAL_ENABLED", "false"),
                                false,
                                null));
                variants.put(
                        "plain jar, former options (no AOT cache)",
                        runVariant(
                                "plain jar, former options (no AOT cache)",
                                Launch.fatJar(jar, Launch.FORMER_OPTIONS),
                                jdbc,
                                stands,
                                Map.of(),
                                false,
                                null));
            }
        }
        report.put("order", ORDER);
        write(results, report);
        System.exit(0);
    }

    /** The stand-ins the app talks to: the sign-in providers, YooKassa (in a JVM of its own) and Casdoor. */
    record Stands(FakeProviders providers, YooKassaStand yookassa, FakeCasdoor casdoor) {}

    /** The production jar Maven packaged into {@code target/}. */
    static Path packagedJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("myservice-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Build the jar first: ./mvnw -DskipTests package"));
        }
    }

    /** The stand-ins, each told about the clients the app and the benchmark use. */
    static Stands stands(FakeProviders providers, YooKassaStand yookassa, FakeCasdoor casdoor) {
        providers.registerClient("vk", "bench-vk", "bench-vk-secret");
        casdoor.registerApplication("myservice", BenchCharges.CLIENT, BenchCharges.CLIENT, BenchCharges.CLIENT_SECRET);
        casdoor.tokens().setOrigin("http://localhost:" + casdoor.baseUri().getPort());
        return new Stands(providers, yookassa, casdoor);
    }

    private static void write(Path results, Map<String, Object> report) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"));
        Files.writeString(
                results.resolve("bench-" + stamp + ".json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Files.writeString(results.resolve("bench-" + stamp + ".md"), BenchReport.markdown(report));
        Files.writeString(results.resolve("latest.md"), BenchReport.markdown(report));
        Files.writeString(
                results.resolve("latest.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println(BenchReport.markdown(report));
    }

    /** 10,000 accounts with a VK identity and a wallet; 200,000 payments, 500 each for the first 200. */
    private static void seed(String jdbcUrl) {
        var dataSource = new DriverManagerDataSource(jdbcUrl, "postgres", "postgres");
        // As the app's pool does: the database's triggers name their tables without a schema.
        dataSource.setSchema("myservice");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("myservice")
                .defaultSchema("myservice")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        var db = JdbcClient.create(dataSource);
        db.sql("""
                insert into myservice.accounts (id, display_name, email, email_verified)
                select md5('bench' || n)::uuid, 'Пользователь ' || n, 'bench' || n || '@example.ru', false
                from generate_series(1, :n) n on conflict do nothing
                """).param("n", ACCOUNTS).update();
        db.sql("""
                insert into myservice.identities (account_id, provider, subject, email, display_name)
                select md5('bench' || n)::uuid, 'vk', (900000000 + n)::text, 'bench' || n || '@example.ru', 'Пользователь ' || n
                from generate_series(1, :n) n on conflict do nothing
                """).param("n", ACCOUNTS).update();
        db.sql("""
                insert into myservice.wallets (account_id, email, balance)
                select md5('bench' || n)::uuid, 'bench' || n || '@example.ru', 0
                from generate_series(1, :n) n on conflict do nothing
                """).param("n", ACCOUNTS).update();
        int heavy = SESSIONS * 500;
        db.sql("""
                insert into myservice.payments (id, user_id, yookassa_payment_id, amount, status, idempotence_key,
                    description, created_at)
                select md5('pay' || n)::uuid,
                       md5('bench' || (case when n <= :heavy then 1 + (n - 1) % :sessions
                                            else 1 + (n - 1) % :accounts end))::uuid,
                       'bench-' || n, 100 + n % 900, (array['succeeded','canceled','pending'])[1 + n % 3],
                       md5('key' || n), 'Пополнение баланса', now() - make_interval(mins => n)
                from generate_series(1, :payments) n on conflict do nothing
                """)
                .param("heavy", heavy)
                .param("sessions", SESSIONS)
                .param("accounts", ACCOUNTS)
                .param("payments", PAYMENTS)
                .update();
        BenchCharges.seed(db);
        DashboardWithHolds.seed(db);
        db.sql("analyze").update();
    }

    /**
     * One way of starting the app, measured. With {@code replica}, its dashboard is measured in turns with
     * ours (and with the {@code BENCH_BASELINE_JAR} builds' under {@code BENCH_ONLY=dashboard}).
     */
    private static Map<String, Object> runVariant(
            String name,
            Launch launch,
            String jdbc,
            Stands stands,
            Map<String, String> env,
            boolean full,
            @Nullable Rival replica)
            throws Exception {
        try (var app = BenchApp.start(launch, jdbc, stands, env)) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("readySeconds", app.readySeconds());
            result.put("rssAfterStartMb", app.rssMb());
            Map<String, Object> scenarios;
            if (ONLY_NOTIFICATIONS) {
                scenarios = notificationsOnly(app, jdbc, stands, env);
            } else if (ONLY_CHARGES) {
                scenarios = new Scenarios(app);
            } else {
                scenarios = pages(
                        name,
                        app,
                        stands.yookassa(),
                        full && ONLY.isEmpty(),
                        full ? result : null,
                        replica,
                        ONLY_DASHBOARD ? baselines(jdbc, stands, env) : List.of());
            }
            if (full && (ONLY.isEmpty() || ONLY_CHARGES)) {
                String token = stands.casdoor().tokens().appAccessToken(BenchCharges.CLIENT);
                result.put("chargesWarmUp", BenchCharges.warmUp(app, token, CONNECTIONS));
                result.put("holdsWarmUp", BenchCharges.warmUpHolds(app, token, CONNECTIONS));
                var method = new BenchCharges.Method(DURATION, WARM_UP, RUNS, CONNECTIONS);
                var spread = BenchCharges.spreadAccounts(app.db());
                scenarios.put(
                        BenchCharges.HOT,
                        BenchCharges.charges(app, token, "hot", BenchCharges.hotAccount(app.db()), method));
                scenarios.put(BenchCharges.SPREAD, BenchCharges.charges(app, token, "spread", spread, method));
                scenarios.put(BenchCharges.HOLDS, BenchCharges.holds(app, token, "holds", spread, method));
                scenarios.putAll(DashboardWithHolds.measure(app, token, method));
            }
            result.put("scenarios", scenarios);
            var most = app.rssMax();
            result.put("rssMaxMb", most.rssMb());
            result.put("rssMaxAnonMb", most.anonMb());
            result.put("rssMaxFileMb", most.fileMb());
            // What pages() did not record as it went, in the order of the scenarios.
            scenarios.keySet().stream()
                    .map(scenario -> name + " / " + scenario)
                    .filter(measurement -> !ORDER.contains(measurement))
                    .forEach(ORDER::add);
            return result;
        }
    }

    /**
     * The replica of the original service, running beside ours on the same database: every session's page
     * checked at its start, then its {@code /ping} and dashboard measured as ours are, its dashboard in
     * turns with ours.
     */
    record Rival(
            SeedMvp replica,
            List<String> cookies,
            String loadAverageAtStart,
            int pageBytes,
            Map<String, Object> scenarios)
            implements AutoCloseable {

        static Rival start(JdbcClient db) throws Exception {
            var cookies = SeedMvp.cookies(db);
            var port = TestDatabase.get().getPort();
            // The cores may be shared: what else ran on them bears on its figures as on ours.
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            var replica = SeedMvp.start("postgresql://postgres:postgres@localhost:" + port + "/postgres");
            int pageBytes = replica.checkDashboards(cookies);
            return new Rival(replica, cookies, load, pageBytes, new LinkedHashMap<>());
        }

        Map<String, Object> result() {
            return SeedMvp.result(replica, loadAverageAtStart, scenarios, pageBytes);
        }

        @Override
        public void close() throws InterruptedException {
            replica.close();
        }
    }

    /** Ours against the replica: our dashboard against its dashboard, our floor against its /ping. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> ratios(Map<String, Object> ours, Map<?, ?> replica) {
        var our = (Map<String, Object>) ours.get("scenarios");
        var their = (Map<String, Object>) replica.get("scenarios");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("dashboardVsSeedMvp", ratio(our.get(DASHBOARD), their.get(REPLICA_DASHBOARD)));
        ratios.put("floorVsSeedMvpPing", ratio(our.get(FLOOR), their.get(REPLICA_PING)));
        var half = (Map<?, ?>) our.get(HALF_RATE);
        if (half != null) {
            double p50 = ((Number) half.get("p50Ms")).doubleValue();
            double p99 = ((Number) half.get("p99Ms")).doubleValue();
            ratios.put("p99OverP50AtHalfRate", p50 == 0 ? 0 : Math.round(p99 / p50 * 100) / 100.0);
        }
        var database = (Map<?, ?>) ours.get("dashboardDatabase");
        if (database != null) {
            ratios.put("dbTransactionsPerDashboard", database.get("transactionsPerView"));
            ratios.put("dbStatementsPerDashboard", database.get("statementsPerView"));
        }
        return ratios;
    }

    private static double ratio(Object ours, Object theirs) {
        double our = ((Number) ((Map<?, ?>) ours).get("requestsPerSecond")).doubleValue();
        double their = ((Number) ((Map<?, ?>) theirs).get("requestsPerSecond")).doubleValue();
        return their == 0 ? 0 : Math.round(our / their * 100) / 100.0;
    }

    /**
     * {@code BENCH_ONLY=notifications}: only the notifications, and with {@code BENCH_BASELINE_JAR} the
     * same on those builds, started beside this one, batch for batch.
     */
    private static Map<String, Object> notificationsOnly(
            BenchApp app, String jdbc, Stands stands, Map<String, String> env) throws Exception {
        Scenarios scenarios = new Scenarios(app);
        var ours = BenchNotifications.target(app, signIn(app, 1, SESSIONS));
        if (BASELINE_JAR.isEmpty()) {
            scenarios.put(
                    BenchNotifications.NAME,
                    BenchNotifications.measured(List.of(ours), stands.yookassa(), CONNECTIONS, RUNS)
                            .getFirst());
            return scenarios;
        }
        var baselines = baselines(jdbc, stands, env);
        try {
            List<BenchNotifications.Target> targets = new ArrayList<>(List.of(ours));
            for (var baseline : baselines) {
                targets.add(BenchNotifications.target(baseline.app(), signIn(baseline.app(), 1, SESSIONS)));
            }
            var results = BenchNotifications.measured(targets, stands.yookassa(), CONNECTIONS, RUNS);
            scenarios.put(BenchNotifications.NAME, results.getFirst());
            for (int i = 0; i < baselines.size(); i++) {
                scenarios.another(
                        BenchNotifications.NAME + " (" + baselines.get(i).name() + ")", results.get(i + 1));
            }
        } finally {
            closeAll(baselines);
        }
        return scenarios;
    }

    /**
     * An app's scenarios in the order they finish, each with the most resident memory the app reached
     * from the end of the one before ({@code rssMaxMb}): the first one's includes the start and the
     * dashboard's settling, each one's its own warm-up. Scenarios added together share one figure;
     * another build's, measured in turns, has none.
     */
    private static final class Scenarios extends LinkedHashMap<String, Object> {

        private final transient BenchApp app;

        Scenarios(BenchApp app) {
            this.app = app;
        }

        @Override
        public Object put(String scenario, Object result) {
            return stamped(scenario, result, app.takeRssWindowMaxMb());
        }

        @Override
        public void putAll(Map<? extends String, ?> results) {
            long most = app.takeRssWindowMaxMb();
            results.forEach((scenario, result) -> stamped(scenario, result, most));
        }

        /** Another build's result, measured in turns with this app's: its memory is not this app's. */
        void another(String scenario, Object result) {
            super.put(scenario, result);
        }

        @SuppressWarnings("unchecked")
        private Object stamped(String scenario, Object result, long rssMaxMb) {
            if (result instanceof Map<?, ?> measured) {
                var copy = new LinkedHashMap<>((Map<String, Object>) measured);
                copy.put("rssMaxMb", rssMaxMb);
                return super.put(scenario, copy);
            }
            return super.put(scenario, result);
        }
    }

    /** Another build of the app, running beside ours on the same database. */
    record Baseline(String name, BenchApp app) {}

    /** The {@code BENCH_BASELINE_JAR} builds, started (none when it is empty). */
    private static List<Baseline> baselines(String jdbc, Stands stands, Map<String, String> env) throws Exception {
        List<Baseline> baselines = new ArrayList<>();
        if (BASELINE_JAR.isEmpty()) {
            return baselines;
        }
        List<Path> jars = Arrays.stream(BASELINE_JAR.split(",")).map(Path::of).toList();
        try {
            for (int i = 0; i < jars.size(); i++) {
                var app = BenchApp.start(
                        Launch.image(jars.get(i)).with(APP_JVM_OPTIONS),
                        jdbc,
                        stands,
                        env,
                        "bench-baseline-" + i + ".log");
                baselines.add(new Baseline(jars.get(i).getFileName().toString(), app));
            }
        } catch (Exception e) {
            closeAll(baselines);
            throw e;
        }
        return baselines;
    }

    private static void closeAll(List<Baseline> baselines) throws Exception {
        for (var baseline : baselines) {
            baseline.app().close();
        }
    }

    /**
     * The pages over 200 signed-in sessions, and with {@code full} the sign-in page, history and
     * notifications. With {@code counts}, what a dashboard view costs the database goes there too.
     */
    private static Map<String, Object> pages(
            String variant,
            BenchApp app,
            YooKassaStand yookassa,
            boolean full,
            @Nullable Map<String, Object> counts,
            @Nullable Rival replica,
            List<Baseline> baselines)
            throws Exception {
        List<String> cookies = signIn(app, 1, SESSIONS);
        if (counts != null) {
            counts.put("dashboardDatabase", DashboardCounts.count(app.site(), cookies, COUNTED_VIEWS));
        }
        Scenarios scenarios = new Scenarios(app);
        var settledOurs = settle(app.site(), cookies, app);
        ORDER.add(variant + " / JIT settled on the dashboard");
        scenarios.put(FLOOR, measure(app.site() + "/img/favicon.svg", List.of(), 0));
        ORDER.add(variant + " / " + FLOOR);
        if (replica != null) {
            replica.scenarios().put(REPLICA_PING, measure(replica.replica().site() + "/ping", List.of(), 0));
            ORDER.add("seed-mvp / " + REPLICA_PING);
        }
        // Ours, then each baseline build, then the replica: run for run in turns, each settled first.
        Map<String, Object> settled = new LinkedHashMap<>();
        List<Wrk.Target> targets = new ArrayList<>(List.of(new Wrk.Target(app.site() + "/dashboard", cookies)));
        try {
            for (var baseline : baselines) {
                var theirCookies = signIn(baseline.app(), 1, SESSIONS);
                settled.put(baseline.name(), settle(baseline.app().site(), theirCookies, baseline.app()));
                ORDER.add(variant + " (" + baseline.name() + ") / JIT settled on the dashboard");
                targets.add(new Wrk.Target(baseline.app().site() + "/dashboard", theirCookies));
            }
            if (replica != null) {
                settled.put(REPLICA, settle(replica.replica().site(), replica.cookies(), null));
                ORDER.add("seed-mvp / warmed on the dashboard as ours");
                targets.add(new Wrk.Target(replica.replica().site() + "/dashboard", replica.cookies()));
            }
            var measured = Wrk.alternated(targets, DURATION, CONNECTIONS, WARM_UP, RUNS);
            ORDER.add(variant + " / " + DASHBOARD);
            baselines.forEach(b -> ORDER.add(variant + " / " + DASHBOARD + " (" + b.name() + ")"));
            var dashboard = new LinkedHashMap<>(measured.getFirst());
            dashboard.put("pageBytes", pageBytes(app.site() + "/dashboard", cookies.getFirst()));
            dashboard.put("settled", settledOurs);
            scenarios.put(DASHBOARD, dashboard);
            for (int i = 0; i < baselines.size(); i++) {
                var baseline = new LinkedHashMap<>(measured.get(i + 1));
                baseline.put("settled", settled.get(baselines.get(i).name()));
                scenarios.another(DASHBOARD + " (" + baselines.get(i).name() + ")", baseline);
            }
            if (replica != null) {
                var theirs = new LinkedHashMap<>(measured.getLast());
                theirs.put("settled", settled.get(REPLICA));
                replica.scenarios().put(REPLICA_DASHBOARD, theirs);
                ORDER.add("seed-mvp / " + REPLICA_DASHBOARD + ", in turns with ours");
            }
        } finally {
            closeAll(baselines);
        }
        var dashboard = scenarios.get(DASHBOARD);
        long dashboardRate = ((Number) ((Map<?, ?>) dashboard).get("requestsPerSecond")).longValue();
        scenarios.put(HALF_RATE, measure(app.site() + "/dashboard", cookies, Math.max(1, dashboardRate / 2)));
        if (full) {
            scenarios.put("/signin", measure(app.site() + "/signin", List.of(), 0));
            scenarios.put("history page 5", measure(app.site() + "/dashboard/history?page=5", cookies, 0));
            scenarios.put(
                    BenchNotifications.NAME,
                    BenchNotifications.measured(
                                    List.of(BenchNotifications.target(app, cookies)), yookassa, CONNECTIONS, RUNS)
                            .getFirst());
        }
        return scenarios;
    }

    /**
     * A signed-in session of each of the seeded accounts {@code bench<from>} to {@code bench<to>}, through
     * the VK stand-in as a person signs in; each one's cookies as its browser sends them back: the session
     * and the CSRF cookie its first page set (without that one, every view would make and set a new one).
     */
    static List<String> signIn(BenchApp app, int from, int to) throws Exception {
        List<String> cookies = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            var browser = new TestBrowser();
            var page = ProviderFlow.signIn(
                    browser,
                    app.site(),
                    "vk",
                    new Person(Integer.toString(900_000_000 + i), "Пользователь", "Нагрузочный", "", false));
            if (!page.uri().getPath().equals("/dashboard")) {
                throw new IllegalStateException("Sign-in of bench-" + i + " ended at " + page.uri());
            }
            browser.cookie("SESSION").orElseThrow();
            cookies.add(browser.cookieHeader());
        }
        return cookies;
    }

    /**
     * Settles the dashboard of {@code site} with {@link Wrk#settle} (an app of ours also until its JIT is
     * done, by {@code app}'s compile time; the replica has none): each round's rate and JIT seconds.
     */
    private static Map<String, Object> settle(String site, List<String> cookies, @Nullable BenchApp app)
            throws IOException, InterruptedException {
        var rounds = Wrk.settle(
                new Wrk.Target(site + "/dashboard", cookies),
                SETTLE_ROUND,
                CONNECTIONS,
                SETTLE_TOLERANCE,
                SETTLE_MAX_ROUNDS,
                app == null ? null : app::jitSeconds);
        Map<String, Object> settled = new LinkedHashMap<>();
        settled.put("round", SETTLE_ROUND);
        settled.put("toleranceShare", SETTLE_TOLERANCE);
        settled.put(
                "requestsPerSecond",
                rounds.stream().map(Wrk.Round::requestsPerSecond).toList());
        if (app != null) {
            settled.put("jitSeconds", rounds.stream().map(Wrk.Round::jitSeconds).toList());
        }
        return settled;
    }

    /** One scenario as the report gives it: the median of {@code BENCH_RUNS} runs after a warm-up. */
    private static Map<String, Object> measure(String url, List<String> cookies, long rate)
            throws IOException, InterruptedException {
        return Wrk.measured(url, cookies, DURATION, CONNECTIONS, rate, WARM_UP, RUNS);
    }

    /** The size of the page one session gets, in bytes. */
    private static int pageBytes(String url, String cookie) throws IOException, InterruptedException {
        var page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        return page.body().length;
    }

    static Duration parseDuration(String value) {
        return Duration.parse("PT" + value.toUpperCase());
    }

    static int freePort() {
        return AppInstance.freePort();
    }
}
