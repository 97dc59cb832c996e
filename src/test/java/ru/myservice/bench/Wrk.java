package ru.myservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs wrk (Debian's package) against one address and reads its summary. */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

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
        Path script = Files.createTempFile("wrk", ".lua");
        String list = cookies.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        // Pacing: each connection waits between requests, so all together send about `rate` a second.
        String pacing =
                rate <= 0 ? "" : "delay = function() return " + Math.max(1, connections * 1000L / rate) + " end\n";
        Files.writeString(
                script,
                pacing
                        + (cookies.isEmpty()
                                ? "request = function() return wrk.format(\"GET\") end\n"
                                : "local cookies = {" + list + "}\nlocal i = math.random(#cookies)\n"
                                        + "request = function()\n  i = i % #cookies + 1\n"
                                        + "  return wrk.format(\"GET\", nil, { [\"Cookie\"] = cookies[i] })\nend\n"));
        var process = new ProcessBuilder(
                        "wrk", "-t2", "-c" + connections, "-d" + duration, "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Files.deleteIfExists(script);
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
        return result;
    }

    private static double number(Matcher matcher, int group) {
        return matcher.find() ? Double.parseDouble(matcher.group(group)) : 0;
    }
}
