package ru.myservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The production jar in a JVM of its own, configured only through the environment, as in production. */
final class BenchApp implements AutoCloseable {

    static final Path LOG = Path.of("target", "bench-app.log");
    private static final Pattern STARTED = Pattern.compile("Started MyServiceApplication in ([0-9.]+) seconds");

    private final Process process;
    private final String site;
    private final String management;
    private final double readySeconds;
    private final JdbcClient db;
    private final ResidentMemory memory;

    private BenchApp(Process process, String site, String management, double readySeconds, JdbcClient db) {
        this.process = process;
        this.site = site;
        this.management = management;
        this.readySeconds = readySeconds;
        this.db = db;
        this.memory = new ResidentMemory(process);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code env} may set {@code MANAGEMENT_PORT} to {@code server}: the management endpoints then share
     * the app's port instead of a port of their own.
     */
    static BenchApp start(Launch launch, String jdbc, BenchHarness.Stands stands, Map<String, String> env)
            throws IOException, InterruptedException {
        return start(launch, jdbc, stands, env, LOG.getFileName().toString());
    }

    /** The same, logging to {@code target/<log>}. */
    static BenchApp start(Launch launch, String jdbc, BenchHarness.Stands stands, Map<String, String> env, String log)
            throws IOException, InterruptedException {
        int port = BenchHarness.freePort();
        int management = "server".equals(env.get("MANAGEMENT_PORT")) ? port : BenchHarness.freePort();
        // The container: 512 MB, in which the image's MaxRAMPercentage sizes the heap.
        List<String> command = new ArrayList<>(List.of(java(), "-XX:MaxRAM=512m"));
        command.addAll(launch.jvmOptions());
        // The line the report reads the context's own start-up time from.
        command.add("-Dlogging.level.ru.myservice.MyServiceApplication=INFO");
        command.addAll(launch.target());
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", log).toFile());
        var variables = builder.environment();
        variables.put("DB_URL", jdbc);
        variables.put("SPRING_DATASOURCE_USERNAME", "postgres");
        variables.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        variables.put("DB_POOL_SIZE", "20");
        variables.put("PORT", Integer.toString(port));
        variables.put("SITE_URL", "http://localhost:" + port);
        variables.put("VK_CLIENT_ID", "bench-vk");
        variables.put("VK_CLIENT_SECRET", "bench-vk-secret");
        variables.put("VK_ID_URL", stands.providers().baseUri() + "/vk");
        variables.put("YOOKASSA_SHOP_ID", "bench-shop");
        variables.put("YOOKASSA_SECRET_KEY", "test_bench_key");
        variables.put("YOOKASSA_API_URL", stands.yookassa().apiUri().toString());
        variables.put("YOOKASSA_WEBHOOK_ADDRESSES", "127.0.0.1/32");
        variables.put("TOPUP_RECONCILE_AFTER", "1h");
        // The spend API checks the stand-in's tokens offline, against its certificate and issuer.
        variables.put(
                "AUTH_URL", "http://localhost:" + stands.casdoor().baseUri().getPort());
        variables.put(
                "CASDOOR_CERT_FILE",
                stands.casdoor().tokens().certFile().toAbsolutePath().toString());
        variables.put("SPEND_CLIENTS", BenchCharges.CLIENT + ":" + BenchCharges.RIGHTS);
        variables.put("LOGGING_LEVEL_RU_MYSERVICE", "WARN");
        variables.putAll(env);
        variables.put("MANAGEMENT_PORT", Integer.toString(management));
        long started = System.nanoTime();
        Process process = builder.start();
        var http = HttpClient.newHttpClient();
        var readiness = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited while starting: see target/" + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
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
        var dataSource = new DriverManagerDataSource(jdbc, "postgres", "postgres");
        dataSource.setSchema("myservice");
        var db = JdbcClient.create(dataSource);
        return new BenchApp(
                process,
                "http://localhost:" + port,
                "http://127.0.0.1:" + management,
                Math.round(ready * 100) / 100.0,
                db);
    }

    /** Runs {@code jcmd} on the app's JVM, e.g. to start or stop a flight recording; returns what it printed. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid())));
        line.addAll(List.of(command));
        var jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    String site() {
        return site;
    }

    /** The management port's address, e.g. {@code http://127.0.0.1:9081}. */
    String management() {
        return management;
    }

    double readySeconds() {
        return readySeconds;
    }

    JdbcClient db() {
        return db;
    }

    long rssMb() {
        return memory.mb();
    }

    /** The context's own figure from its log: from the JVM's start to the context refreshed and running. */
    double startedInSeconds() throws IOException {
        Matcher started = STARTED.matcher(Files.readString(LOG));
        return started.find() ? Double.parseDouble(started.group(1)) : 0;
    }

    /** The classes the JVM has loaded so far, and how many of them came from the AOT cache. */
    Map<String, Long> classes() throws IOException, InterruptedException {
        var counters = perfCounters();
        Map<String, Long> classes = new LinkedHashMap<>();
        classes.put("loaded", Long.parseLong(counters.getOrDefault("java.cls.loadedClasses", "0")));
        classes.put("fromAotCache", Long.parseLong(counters.getOrDefault("java.cls.sharedLoadedClasses", "0")));
        return classes;
    }

    /** What the JVM's JIT has spent compiling since it started, in seconds. */
    double jitSeconds() throws IOException, InterruptedException {
        var counters = perfCounters();
        return Double.parseDouble(counters.getOrDefault("java.ci.totalTime", "0"))
                / Double.parseDouble(counters.getOrDefault("sun.os.hrt.frequency", "1"));
    }

    /** The JVM's performance counters, by name. */
    private Map<String, String> perfCounters() throws IOException, InterruptedException {
        Map<String, String> counters = new LinkedHashMap<>();
        for (String line : jcmd("PerfCounter.print").split("\n")) {
            String[] pair = line.split("=", 2);
            if (pair.length == 2) {
                counters.put(pair[0].trim(), pair[1].trim().replace("\"", ""));
            }
        }
        return counters;
    }

    long rssMaxMb() {
        return memory.maxMb();
    }

    /** The largest sample of resident memory so far, with its anonymous part and its part mapped from files. */
    ResidentMemory.Sample rssMax() {
        return memory.max();
    }

    /** The most resident memory since the last call (or the start), in MB; the next window starts now. */
    long takeRssWindowMaxMb() {
        return memory.takeWindowMax().rssMb();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
        memory.close();
    }
}
