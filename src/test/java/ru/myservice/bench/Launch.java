package ru.myservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import ru.myservice.testing.TestDatabase;

/**
 * How the app's JVM starts: its options and what it runs. The image's way ({@link #image}) takes its
 * options from the Dockerfile, so the benchmark cannot drift from what production runs.
 */
record Launch(List<String> jvmOptions, List<String> target) {

    /** The options the image had before issue 14: the heap from the container's memory, nothing else. */
    static final List<String> FORMER_OPTIONS = List.of("-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError");

    /** The context started from the bean definitions Spring's AOT processing generated at build time. */
    static final String SPRING_AOT = "-Dspring.aot.enabled=true";

    private static final Pattern TOOL_OPTIONS = Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"$]*)\"");
    private static final Path WORK = Path.of("target", "bench-launch");
    private static final Map<String, Path> CACHES = new HashMap<>();
    private static final Map<String, Path> EXTRACTED = new HashMap<>();

    /** As the image runs it: the extracted jar, the Dockerfile's options and an AOT cache trained as it trains one. */
    static Launch image(Path jar) throws IOException, InterruptedException {
        return extracted(jar, imageOptions()).withAotCache();
    }

    /**
     * The image without Spring's AOT processing: for what that processing fixes at build time and a
     * variant changes at run time (the threads, the management port), and to measure what it gives.
     */
    static Launch imageWithoutSpringAot(Path jar) throws IOException, InterruptedException {
        var options = imageOptions().stream().filter(o -> !o.equals(SPRING_AOT)).toList();
        return extracted(jar, options).withAotCache();
    }

    /** The memory and GC options the Dockerfile gives every JVM of the image, its training run's too. */
    static List<String> imageOptions() throws IOException {
        var options = TOOL_OPTIONS.matcher(Files.readString(Path.of("Dockerfile")));
        if (!options.find()) {
            throw new IllegalStateException("The Dockerfile sets no JAVA_TOOL_OPTIONS");
        }
        return List.of(options.group(1).trim().split("\\s+"));
    }

    /** The fat jar as Maven builds it, classes read from the jars nested in it. */
    static Launch fatJar(Path jar, List<String> options) {
        return new Launch(options, List.of("-jar", jar.toAbsolutePath().toString()));
    }

    /** The jar extracted as the image extracts it: the application's jar and its libraries beside it. */
    static Launch extracted(Path jar, List<String> options) throws IOException, InterruptedException {
        Path dir = extract(jar, "extracted-" + jar.getFileName(), "--application-filename", "myservice.jar");
        return new Launch(options, List.of("-jar", dir.resolve("myservice.jar").toString()));
    }

    /** The image's layout before issue 14: the jar exploded with Spring Boot's launcher. */
    static Launch explodedLauncher(Path jar, List<String> options) throws IOException, InterruptedException {
        Path dir = extract(jar, "exploded-" + jar.getFileName(), "--launcher");
        return new Launch(
                options, List.of("-cp", dir.toString(), "org.springframework.boot.loader.launch.JarLauncher"));
    }

    Launch with(List<String> more) {
        var options = new ArrayList<>(jvmOptions);
        options.addAll(more);
        return new Launch(options, target);
    }

    /**
     * With an AOT cache recorded by a training start of this very launch, as the Dockerfile records the
     * image's: the context refreshed and closed, no container limit, so the heap's size plays no part in
     * it. With Spring's AOT processing, which has fixed at build time that Flyway migrates at start, the
     * training migrates a database of its own, created afresh each time as the image's build creates
     * one; without it, the training turns Flyway off and needs no database. Each launch trains once for
     * each set of its other options.
     */
    Launch withAotCache() throws IOException, InterruptedException {
        var trainingOptions = jvmOptions.stream()
                .filter(option ->
                        !option.startsWith("-XX:MaxRAMPercentage=") && !option.startsWith("-XX:InitialRAMPercentage="))
                .toList();
        String key = String.join(" ", trainingOptions.stream().sorted().toList()) + " " + String.join(" ", target);
        Path cache = CACHES.get(key);
        if (cache == null) {
            Files.createDirectories(WORK);
            cache = WORK.resolve("app-" + CACHES.size() + ".aot").toAbsolutePath();
            Files.deleteIfExists(cache);
            List<String> command = new ArrayList<>(List.of(BenchApp.java(), "-XX:AOTCacheOutput=" + cache));
            command.addAll(trainingOptions);
            command.addAll(List.of("-Dspring.context.exit=onRefresh", "-Dserver.port=0", "-Dmanagement.server.port=0"));
            Map<String, String> environment;
            if (trainingOptions.contains(SPRING_AOT)) {
                environment = Map.of(
                        "DB_URL",
                        freshTrainingDatabase(),
                        "SPRING_DATASOURCE_USERNAME",
                        "postgres",
                        "SPRING_DATASOURCE_PASSWORD",
                        "postgres");
            } else {
                environment = Map.of("DB_URL", "postgresql://training:training@127.0.0.1:1/none");
                command.addAll(List.of(
                        "-Dspring.flyway.enabled=false",
                        "-Dspring.datasource.hikari.initialization-fail-timeout=-1",
                        "-Dspring.datasource.hikari.connection-timeout=1000"));
            }
            command.addAll(target);
            Path log = WORK.resolve("training-" + CACHES.size() + ".log");
            var training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            training.environment().putAll(environment);
            int exit = training.start().waitFor();
            if (exit != 0 || !Files.exists(cache)) {
                throw new IllegalStateException("AOT training failed: see " + log);
            }
            CACHES.put(key, cache);
        }
        return with(List.of("-XX:AOTCache=" + cache));
    }

    /** An empty database beside the benchmark's, as the image's build starts an empty PostgreSQL to train against. */
    private static String freshTrainingDatabase() {
        var admin = JdbcClient.create(new DriverManagerDataSource(TestDatabase.jdbcUrl(), "postgres", "postgres"));
        admin.sql("drop database if exists aot_training with (force)").update();
        admin.sql("create database aot_training").update();
        return "jdbc:postgresql://localhost:" + TestDatabase.get().getPort() + "/aot_training";
    }

    private static Path extract(Path jar, String name, String... options) throws IOException, InterruptedException {
        Path dir = EXTRACTED.get(name);
        if (dir != null) {
            return dir;
        }
        dir = WORK.resolve(name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        List<String> command = new ArrayList<>(List.of(
                BenchApp.java(),
                "-Djarmode=tools",
                "-jar",
                jar.toAbsolutePath().toString(),
                "extract",
                "--destination",
                dir.toString()));
        command.addAll(List.of(options));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("Could not extract " + jar);
        }
        EXTRACTED.put(name, dir);
        return dir;
    }
}
