package ru.myservice.sandbox;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The loopback HTTP server every stand-in runs on: one virtual thread per request, so a stand-in told to
 * be slow holds no platform thread.
 */
record FakeServer(HttpServer server, ExecutorService executor, URI baseUri) {

    /** Serves {@code handler} on 127.0.0.1; {@code port} 0 picks a free port. */
    static FakeServer start(int port, HttpHandler handler) throws IOException {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new FakeServer(
                server,
                executor,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    /** Stops at once: shutdownNow interrupts handlers sleeping in a scripted delay, so closing never waits. */
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
