package ru.myservice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import ru.myservice.MyServiceApplication;
import ru.myservice.sandbox.FakeProviders;

/**
 * A real instance of the application on a free port, against the test database and the fake
 * providers — what production runs, minus the outside world. Several may run at once (replicas) or one
 * after another on the same database (restarts).
 */
public final class AppInstance implements AutoCloseable {

    public static final String VK_CLIENT = "test-vk";
    public static final String VK_SECRET = "test-vk-secret";
    public static final String GOOGLE_CLIENT = "test-google.apps.example";
    public static final String GOOGLE_SECRET = "test-google-secret";
    public static final String YANDEX_CLIENT = "test-yandex";
    public static final String YANDEX_SECRET = "test-yandex-secret";

    private final ConfigurableApplicationContext context;
    private final int port;

    private AppInstance(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /** Starts an instance wired to {@code providers}; {@code overrides} win over the defaults. */
    public static AppInstance start(FakeProviders providers, Map<String, String> overrides) {
        return start(providers, overrides, builder -> {});
    }

    /** The same, reading the time from {@code clock} wherever the app measures how long something has lived. */
    public static AppInstance start(FakeProviders providers, Map<String, String> overrides, Clock clock) {
        return start(
                providers,
                overrides,
                builder -> builder.initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(
                                "testClock", Clock.class, () -> clock, definition -> definition.setPrimary(true))));
    }

    /** The same, letting the test adjust the application before it starts (e.g. wrap a bean). */
    public static AppInstance start(
            FakeProviders providers, Map<String, String> overrides, Consumer<SpringApplicationBuilder> customizer) {
        int port = freePort();
        providers.registerClient("vk", VK_CLIENT, VK_SECRET);
        providers.registerClient("google", GOOGLE_CLIENT, GOOGLE_SECRET);
        providers.registerClient("yandex", YANDEX_CLIENT, YANDEX_SECRET);
        Map<String, String> properties = new LinkedHashMap<>(settings(providers, port));
        properties.putAll(overrides);
        // As command-line arguments, so they outrank application.yml the way the environment does in production.
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        var builder = new SpringApplicationBuilder(MyServiceApplication.class);
        customizer.accept(builder);
        var context = builder.run(args);
        return new AppInstance(context, port);
    }

    /** The settings an instance runs with: the operator's variables pointed at the fakes. */
    public static Map<String, String> settings(FakeProviders providers, int port) {
        String fake = providers.baseUri().toString();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", TestDatabase.jdbcUrl());
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "postgres");
        p.put("server.port", Integer.toString(port));
        p.put("management.server.port", "0");
        p.put("myservice.site-url", "http://localhost:" + port);
        p.put("myservice.signin.read-timeout", "2s");
        p.put("myservice.signin.vk.client-id", VK_CLIENT);
        p.put("myservice.signin.vk.client-secret", VK_SECRET);
        p.put("myservice.signin.vk.base-url", fake + "/vk");
        p.put("myservice.signin.google.client-id", GOOGLE_CLIENT);
        p.put("myservice.signin.google.client-secret", GOOGLE_SECRET);
        p.put("myservice.signin.google.authorization-url", fake + "/google/authorize");
        p.put("myservice.signin.google.token-url", fake + "/google/token");
        p.put("myservice.signin.google.jwk-set-url", fake + "/google/certs");
        p.put("myservice.signin.google.user-info-url", fake + "/google/userinfo");
        p.put("myservice.signin.google.issuer", fake + "/google");
        p.put("myservice.signin.yandex.client-id", YANDEX_CLIENT);
        p.put("myservice.signin.yandex.client-secret", YANDEX_SECRET);
        p.put("myservice.signin.yandex.oauth-url", fake + "/yandex");
        p.put("myservice.signin.yandex.info-url", fake + "/yandex/info?format=json");
        return p;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public int port() {
        return port;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The account a provider's user id signs in to. */
    public java.util.UUID accountOf(String provider, String subject) {
        return bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("select account_id from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(java.util.UUID.class)
                .single();
    }

    /** Publishes an application event, as a module of the running app would. */
    public void publish(Object event) {
        context.publishEvent(event);
    }

    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port", "0"));
    }

    @Override
    public void close() {
        context.close();
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
