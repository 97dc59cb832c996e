package ru.myservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Runs wrk (Debian's package) against one address and reads its summary. */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern STATUSES = Pattern.compile("Statuses: 201 (\\d+), 402 (\\d+), other (\\d+)");
    private static final Pattern CAPTURED = Pattern.compile("Captured: (\\d+)");

    // Each wrk thread has a Lua state of its own; done() runs in the main one and adds up the threads'.
    private static final String COUNT_STATUSES = """
            local threads = {}
            function setup(thread)
              table.insert(threads, thread)
              thread:set("thread_number", #threads)
            end
            created, poor, other = 0, 0, 0
            function response(status, headers, body)
              if status == 201 then created = created + 1
              elseif status == 402 then poor = poor + 1
              else other = other + 1 end
              if answered then answered(status, body) end
            end
            function done(summary, latency, requests)
              local c, p, o = 0, 0, 0
              for _, t in ipairs(threads) do
                c = c + t:get("created")
                p = p + t:get("poor")
                o = o + t:get("other")
              end
              io.write(string.format("Statuses: 201 %d, 402 %d, other %d\\n", c, p, o))
              if threads[1] and threads[1]:get("captured") then
                local captured = 0
                for _, t in ipairs(threads) do captured = captured + t:get("captured") end
                io.write(string.format("Captured: %d\\n", captured))
              end
            end
            """;

    static final String COUNTED_TIMEOUT = "10s";

    private Wrk() {}

    /** With {@code cookies}, each request takes the next one, so the load spreads over many sessions. */
    static Map<String, Object> run(String url, List<String> cookies, String duration, int connections)
            throws IOException, InterruptedException {
        return run(url, cookies, duration, connections, 0);
    }

    /**
     * As {@link #run(String, List, String, int)}, at about {@code rate} requests per second in all
     * (each connection pauses between requests; the pause is not counted as latency); 0 = as fast as
     * possible.
     */
    static Map<String, Object> run(String url, List<String> cookies, String duration, int connections, long rate)
            throws IOException, InterruptedException {
        String list = cookies.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        // Pacing: each connection waits between requests, so all together send about `rate` a second.
        String pacing =
                rate <= 0 ? "" : "delay = function() return " + Math.max(1, connections * 1000L / rate) + " end\n";
        return script(
                url,
                pacing
                        + (cookies.isEmpty()
                                ? "request = function() return wrk.format(\"GET\") end\n"
                                : "local cookies = {" + list + "}\nlocal i = math.random(#cookies)\n"
                                        + "request = function()\n  i = i % #cookies + 1\n"
                                        + "  return wrk.format(\"GET\", nil, { [\"Cookie\"] = cookies[i] })\nend\n"),
                duration,
                connections,
                List.of());
    }

    /**
     * The honest figure for one scenario: {@code warmUp} of unmeasured load on the same address, then
     * {@code runs} measured runs, summed up by {@link #median(List, String, String)} on their
     * {@code requestsPerSecond}.
     */
    static Map<String, Object> measured(
            String url, List<String> cookies, String duration, int connections, long rate, String warmUp, int runs)
            throws IOException, InterruptedException {
        if (warms(warmUp)) {
            run(url, cookies, warmUp, connections, rate);
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            all.add(run(url, cookies, duration, connections, rate));
        }
        return median(all, "requestsPerSecond", warmUp);
    }

    /** What a JVM's JIT has spent compiling since it started, in seconds; null for a process without one. */
    interface JitClock {
        double compiledSeconds() throws IOException, InterruptedException;
    }

    /** One round of settling load: its rate and the seconds the JIT compiled during it (null: no JIT). */
    record Round(long requestsPerSecond, @Nullable Double jitSeconds) {}

    /**
     * Unmeasured load on {@code target} in rounds of {@code round}, until a round's rate is within
     * {@code tolerance} (a fraction) of the round before and, with a {@code jit}, the JIT compiled for
     * less than that fraction of the round; at most {@code maxRounds}. A JVM compiles its hot paths for a
     * minute or more on two shared cores, in bursts, so a steady rate alone can stop too early; a server
     * in production has long finished.
     */
    static List<Round> settle(
            Target target, String round, int connections, double tolerance, int maxRounds, @Nullable JitClock jit)
            throws IOException, InterruptedException {
        double roundSeconds = BenchHarness.parseDuration(round).toMillis() / 1000.0;
        List<Round> rounds = new ArrayList<>();
        double compiled = jit == null ? 0 : jit.compiledSeconds();
        for (int i = 0; i < maxRounds; i++) {
            long rate = ((Number) run(target.url(), target.cookies(), round, connections, 0)
                            .get("requestsPerSecond"))
                    .longValue();
            Double jitSeconds = null;
            if (jit != null) {
                double now = jit.compiledSeconds();
                jitSeconds = Math.round((now - compiled) * 100) / 100.0;
                compiled = now;
            }
            rounds.add(new Round(rate, jitSeconds));
            boolean compiling = jitSeconds != null && jitSeconds >= tolerance * roundSeconds;
            if (rounds.size() >= 2 && !compiling) {
                long before = rounds.get(rounds.size() - 2).requestsPerSecond();
                if (Math.abs(rate - before) <= tolerance * Math.max(1, before)) {
                    break;
                }
            }
        }
        return rounds;
    }

    /** One address and the sessions whose cookies its requests take in turn (none: no cookie). */
    record Target(String url, List<String> cookies) {}

    /**
     * As {@link #measured} for each of {@code targets}, with their runs taken in turns (a warm-up of
     * each, then the first run of each, the second of each, …), so that a change in the machine's speed
     * during the measurement falls on all of them alike. One result per target, in their order.
     */
    static List<Map<String, Object>> alternated(
            List<Target> targets, String duration, int connections, String warmUp, int runs)
            throws IOException, InterruptedException {
        if (warms(warmUp)) {
            for (var target : targets) {
                run(target.url(), target.cookies(), warmUp, connections, 0);
            }
        }
        List<List<Map<String, Object>>> all = new ArrayList<>();
        targets.forEach(t -> all.add(new ArrayList<>()));
        for (int i = 0; i < runs; i++) {
            for (int t = 0; t < targets.size(); t++) {
                all.get(t).add(run(targets.get(t).url(), targets.get(t).cookies(), duration, connections, 0));
            }
        }
        return all.stream().map(r -> median(r, "requestsPerSecond", warmUp)).toList();
    }

    /**
     * The runs of one scenario as the report gives them: the run with the median {@code rate} (one of
     * its numeric fields) with all its fields, plus {@code runs} (each run's rate, p50, p99, errors and,
     * when it has one, whether the ledger held, in order), the rate's min and max as {@code min…} and
     * {@code max…} ({@code minRequestsPerSecond} for {@code requestsPerSecond}), and the {@code warmUp}
     * used.
     */
    static Map<String, Object> median(List<Map<String, Object>> all, String rate, String warmUp) {
        var byRate = new ArrayList<>(all);
        byRate.sort(Comparator.comparingLong(r -> ((Number) r.get(rate)).longValue()));
        String name = Character.toUpperCase(rate.charAt(0)) + rate.substring(1);
        Map<String, Object> result = new LinkedHashMap<>(byRate.get(byRate.size() / 2));
        result.put("min" + name, byRate.getFirst().get(rate));
        result.put("max" + name, byRate.getLast().get(rate));
        result.put("warmUp", warmUp);
        result.put(
                "runs",
                all.stream()
                        .map(r -> {
                            Map<String, Object> brief = new LinkedHashMap<>();
                            for (String key : List.of(
                                    rate, "requestsPerSecond", "p50Ms", "p99Ms", "errors", "ledgerInvariantHolds")) {
                                if (r.containsKey(key)) {
                                    brief.put(key, r.get(key));
                                }
                            }
                            return brief;
                        })
                        .toList());
        return result;
    }

    /** Whether {@code warmUp} asks for any unmeasured load at all. */
    static boolean warms(String warmUp) {
        return !warmUp.isBlank() && !warmUp.equals("0s");
    }

    /**
     * Runs {@code requests}, a wrk script that defines {@code request()}, as fast as possible, and counts
     * the answers by status: {@code statuses} holds how many 201, 402 and other answers wrk read. wrk
     * itself counts every status from 400 on as an error. From {@code init()} on, the global
     * {@code thread_number} tells the script which of wrk's threads it runs in. A script that defines
     * {@code answered(status, body)} sees every answer too; if it keeps a global {@code captured} count,
     * {@code capturedRead} holds its sum over the threads. wrk waits up to
     * {@link #COUNTED_TIMEOUT} for an answer instead of its usual 2 s, since it leaves slower answers out
     * of the percentiles (counting them as timeouts).
     */
    static Map<String, Object> counted(String url, String requests, String duration, int connections)
            throws IOException, InterruptedException {
        var result =
                script(url, requests + COUNT_STATUSES, duration, connections, List.of("--timeout", COUNTED_TIMEOUT));
        if (!result.containsKey("statuses")) {
            throw new IllegalStateException("wrk did not report the statuses it read");
        }
        return result;
    }

    private static Map<String, Object> script(
            String url, String lua, String duration, int connections, List<String> options)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("wrk", ".lua");
        Files.writeString(script, lua);
        List<String> command = new ArrayList<>(
                List.of("wrk", "-t2", "-c" + connections, "-d" + duration, "--latency", "-s", script.toString()));
        command.addAll(options);
        command.add(url);
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Files.deleteIfExists(script);
        if (!TOTAL.matcher(output).find()) {
            throw new IllegalStateException("wrk gave no summary: " + output.strip());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requestsPerSecond", Math.round(number(RATE.matcher(output), 1)));
        Matcher percentiles = PERCENTILE.matcher(output);
        while (percentiles.find()) {
            double value = Double.parseDouble(percentiles.group(2));
            double ms = switch (percentiles.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            };
            result.put("p" + percentiles.group(1) + "Ms", Math.round(ms * 100) / 100.0);
        }
        long errors = (long) number(NON_2XX.matcher(output), 1);
        Matcher socket = SOCKET.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        result.put("requests", (long) number(TOTAL.matcher(output), 1));
        result.put("errors", errors);
        Matcher statuses = STATUSES.matcher(output);
        if (statuses.find()) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("201", Long.parseLong(statuses.group(1)));
            counts.put("402", Long.parseLong(statuses.group(2)));
            counts.put("other", Long.parseLong(statuses.group(3)));
            result.put("statuses", counts);
        }
        Matcher captured = CAPTURED.matcher(output);
        if (captured.find()) {
            result.put("capturedRead", Long.parseLong(captured.group(1)));
        }
        return result;
    }

    private static double number(Matcher matcher, int group) {
        return matcher.find() ? Double.parseDouble(matcher.group(group)) : 0;
    }
}
