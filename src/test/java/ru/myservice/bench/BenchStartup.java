package ru.myservice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.TestBrowser;

/**
 * {@code BENCH_ONLY=startup}: several starts of each way of starting the app, interleaved (A B C … A B C
 * …) so the machine's changing speed falls on every variant alike. Each start gives its time to ready,
 * the context's own start-up time from its log, the classes loaded (and how many came from the AOT
 * cache), its resident memory once ready, then the most it reaches while {@link #SESSIONS} people sign in
 * and their dashboards are loaded for {@code BENCH_WARM_UP} plus {@code BENCH_DURATION}, and the
 * dashboard's rate and p99 in that last part. {@code BENCH_STARTS} starts per variant (5);
 * {@code BENCH_VARIANTS} picks variants by the numbers the report gives them.
 */
final class BenchStartup {

    private static final int STARTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_STARTS", "5"));
    private static final int SESSIONS = 50;
    private static final String SELECTED = System.getenv().getOrDefault("BENCH_VARIANTS", "");

    private BenchStartup() {}

    /**
     * One way of starting the app: the JVM's launch (extracted and trained when first started, so a
     * variant left out costs nothing) and the environment on top of the production one.
     */
    record Variant(String name, Callable<Launch> launch, Map<String, String> env) {}

    static List<Variant> variants(Path jar, String jdbc) throws Exception {
        List<String> image = Launch.imageOptions();
        List<Variant> all = new ArrayList<>();
        all.add(new Variant("plain jar, former options", () -> Launch.fatJar(jar, Launch.FORMER_OPTIONS), Map.of()));
        // The former image trained its cache on this launch, but the JVM cannot record one with a
        // directory on the class path: the training failed, and the image ran with an empty cache file.
        all.add(new Variant(
                "former image: exploded launcher, former options (no AOT cache: its training failed)",
                () -> Launch.explodedLauncher(jar, Launch.FORMER_OPTIONS),
                Map.of()));
        all.add(new Variant(
                "extracted jar + AOT cache, former options",
                () -> Launch.extracted(jar, Launch.FORMER_OPTIONS).withAotCache(),
                Map.of()));
        all.add(new Variant("image (default): " + String.join(" ", image), () -> Launch.image(jar), Map.of()));
        all.add(new Variant("image, no AOT cache", () -> Launch.extracted(jar, image), Map.of()));
        all.add(new Variant(
                "image without Spring AOT (no " + Launch.SPRING_AOT + ", the cache trained without a database)",
                () -> Launch.imageWithoutSpringAot(jar),
                Map.of()));
        all.add(new Variant(
                "image + lazy initialization",
                () -> Launch.image(jar),
                Map.of("SPRING_MAIN_LAZY_INITIALIZATION", "true")));
        // Spring's AOT processing fixes at build time that the management endpoints have a port of their own.
        all.add(new Variant(
                "image without Spring AOT + management on the app's port",
                () -> Launch.imageWithoutSpringAot(jar),
                Map.of("MANAGEMENT_PORT", "server")));
        // The heap and the collector alone, on the extracted jar with its AOT cache.
        for (var options : List.of(
                List.of("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=70"),
                List.of("-XX:+UseG1GC", "-XX:MaxRAMPercentage=50"),
                List.of("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50"))) {
            all.add(new Variant(
                    "extracted jar + AOT cache, " + String.join(" ", options),
                    () -> Launch.extracted(jar, options)
                            .with(List.of("-XX:+ExitOnOutOfMemoryError", Launch.SPRING_AOT))
                            .withAotCache(),
                    Map.of()));
        }
        // glibc's allocator held to two arenas: the resident memory under load.
        all.add(new Variant("image + MALLOC_ARENA_MAX=2", () -> Launch.image(jar), Map.of("MALLOC_ARENA_MAX", "2")));
        List<Variant> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (SELECTED.isBlank() || List.of(SELECTED.split(",")).contains(Integer.toString(i + 1))) {
                chosen.add(all.get(i));
            }
        }
        return chosen;
    }

    static Map<String, Object> run(Path jar, String jdbc, BenchHarness.Stands stands, String warmUp, String duration)
            throws Exception {
        List<Variant> variants = variants(jar, jdbc);
        Map<String, List<Map<String, Object>>> starts = new LinkedHashMap<>();
        variants.forEach(v -> starts.put(v.name(), new ArrayList<>()));
        for (int round = 0; round < STARTS; round++) {
            for (Variant variant : variants) {
                starts.get(variant.name()).add(start(variant, jdbc, stands, warmUp, duration));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("starts", STARTS);
        result.put("sessions", SESSIONS);
        result.put("loadWarmUp", warmUp);
        result.put("loadMeasured", duration);
        Map<String, Object> byVariant = new LinkedHashMap<>();
        for (Variant variant : variants) {
            var runs = starts.get(variant.name());
            Map<String, Object> summary = new LinkedHashMap<>();
            var launch = variant.launch().call();
            summary.put("jvmOptions", launch.jvmOptions());
            summary.put("target", launch.target());
            summary.put("env", variant.env());
            for (String figure : List.of(
                    "readySeconds",
                    "startedInSeconds",
                    "rssAfterStartMb",
                    "rssMaxMb",
                    "dashboardRequestsPerSecond",
                    "dashboardP99Ms",
                    "classesLoaded",
                    "classesFromAotCache")) {
                summary.put(figure, spread(runs, figure));
            }
            summary.put("runs", runs);
            byVariant.put(variant.name(), summary);
        }
        result.put("variants", byVariant);
        return result;
    }

    private static Map<String, Object> start(
            Variant variant, String jdbc, BenchHarness.Stands stands, String warmUp, String duration) throws Exception {
        try (var app = BenchApp.start(
                variant.launch().call().with(BenchHarness.APP_JVM_OPTIONS), jdbc, stands, variant.env())) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("readySeconds", app.readySeconds());
            run.put("startedInSeconds", app.startedInSeconds());
            run.put("rssAfterStartMb", app.rssMb());
            var classes = app.classes();
            // The JVM counts the classes it read from the cache apart from the others.
            run.put("classesLoaded", classes.getOrDefault("loaded", 0L) + classes.getOrDefault("fromAotCache", 0L));
            run.put("classesFromAotCache", classes.getOrDefault("fromAotCache", 0L));
            List<String> cookies = new ArrayList<>();
            for (int i = 1; i <= SESSIONS; i++) {
                var browser = new TestBrowser();
                ProviderFlow.signIn(
                        browser,
                        app.site(),
                        "vk",
                        new Person(Integer.toString(900_000_000 + i), "Пользователь", "Нагрузочный", "", false));
                cookies.add("SESSION=" + browser.cookie("SESSION").orElseThrow().getValue());
            }
            int connections = 32;
            Wrk.run(app.site() + "/dashboard", cookies, warmUp, connections);
            var dashboard = Wrk.run(app.site() + "/dashboard", cookies, duration, connections);
            run.put("dashboardRequestsPerSecond", dashboard.get("requestsPerSecond"));
            run.put("dashboardP99Ms", dashboard.get("p99Ms"));
            run.put("dashboardErrors", dashboard.get("errors"));
            run.put("rssMaxMb", app.rssMaxMb());
            run.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            System.out.println(variant.name() + ": " + run);
            return run;
        }
    }

    /** The median of the starts' figures, with the least and the most. */
    private static Map<String, Object> spread(List<Map<String, Object>> runs, String figure) {
        var values = runs.stream()
                .map(r -> ((Number) r.get(figure)).doubleValue())
                .sorted()
                .toList();
        Map<String, Object> spread = new LinkedHashMap<>();
        spread.put("median", round(values.get(values.size() / 2)));
        spread.put("min", round(values.getFirst()));
        spread.put("max", round(values.getLast()));
        return spread;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
