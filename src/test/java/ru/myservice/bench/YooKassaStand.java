package ru.myservice.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import ru.myservice.sandbox.FakeYooKassa;

/**
 * The YooKassa stand-in in a JVM of its own, as YooKassa is another machine: the app's calls to verify a
 * payment do not compete with the harness's own threads and heap. Started by the harness from the test
 * classpath; {@link #main} runs in that JVM.
 *
 * <p>The stand-in's API listens on one port; a control port beside it lets the harness do what a buyer
 * does: pay top-ups. It sends no notifications (no webhook URL is set): the harness delivers them itself,
 * when it chooses, as YooKassa would.
 */
final class YooKassaStand implements AutoCloseable {

    static final String SHOP = "bench-shop";
    static final String SECRET = "test_bench_key";

    private final Process process;
    private final URI api;
    private final URI control;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private YooKassaStand(Process process, URI api, URI control) {
        this.process = process;
        this.api = api;
        this.control = control;
    }

    /** Starts the stand-in's JVM and waits until it answers. */
    static YooKassaStand start() throws IOException, InterruptedException {
        int apiPort = BenchHarness.freePort();
        int controlPort = BenchHarness.freePort();
        Process process = new ProcessBuilder(
                        BenchApp.java(),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        YooKassaStand.class.getName(),
                        Integer.toString(apiPort),
                        Integer.toString(controlPort))
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "bench-yookassa.log").toFile())
                .start();
        var stand = new YooKassaStand(
                process,
                URI.create("http://127.0.0.1:" + apiPort + "/v3"),
                URI.create("http://127.0.0.1:" + controlPort));
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The YooKassa stand-in exited: see target/bench-yookassa.log");
            }
            try {
                if (stand.http
                                .send(
                                        HttpRequest.newBuilder(stand.control.resolve("/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return stand;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
    }

    /** What the app configures instead of {@code https://api.yookassa.ru/v3}. */
    URI apiUri() {
        return api;
    }

    /**
     * The buyers pay the top-ups with these ids of ours (as the app put them in the payments' metadata);
     * returns YooKassa's payment ids, in the same order.
     */
    List<String> pay(List<String> ours) throws IOException, InterruptedException {
        var answer = http.send(
                HttpRequest.newBuilder(control.resolve("/pay"))
                        .timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", ours)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("The stand-in could not pay: " + answer.body());
        }
        List<String> remotes = answer.body().lines().toList();
        if (remotes.size() != ours.size()) {
            throw new IllegalStateException("The stand-in paid " + remotes.size() + " of " + ours.size());
        }
        return remotes;
    }

    @Override
    public void close() throws InterruptedException {
        http.close();
        process.destroy();
        process.waitFor();
    }

    /** In the stand-in's JVM: {@code YooKassaStand <api port> <control port>}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        var yookassa = FakeYooKassa.start(Integer.parseInt(args[0]));
        yookassa.registerShop(SHOP, SECRET);
        var server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ready", exchange -> reply(exchange, 200, ""));
        server.createContext("/pay", exchange -> {
            try {
                reply(
                        exchange,
                        200,
                        pay(yookassa, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                reply(exchange, 400, String.valueOf(e.getMessage()));
            }
        });
        server.start();
        System.out.println("YooKassa stand-in: API at " + yookassa.apiUri() + ", control on port " + args[1]);
        new CountDownLatch(1).await();
    }

    /** Pays each payment named by our id in its metadata; one line of YooKassa's id per line asked. */
    private static String pay(FakeYooKassa yookassa, String body) {
        Map<String, String> byOurs = new HashMap<>();
        for (var payment : yookassa.payments()) {
            String ours = payment.path("metadata").path("payment_id").asString("");
            if (!ours.isEmpty() && payment.path("status").asString("").equals("pending")) {
                byOurs.put(ours, payment.path("id").asString());
            }
        }
        List<String> remotes = new ArrayList<>();
        for (String ours : body.lines().filter(line -> !line.isBlank()).toList()) {
            String remote = byOurs.get(ours);
            if (remote == null) {
                throw new IllegalArgumentException("No pending payment for top-up " + ours);
            }
            yookassa.pay(remote);
            remotes.add(remote);
        }
        return String.join("\n", remotes);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }
}
