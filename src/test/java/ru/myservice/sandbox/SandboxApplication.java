package ru.myservice.sandbox;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.myservice.MyServiceApplication;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.TestDatabase;

/**
 * The sandbox: the real application with an embedded PostgreSQL and local stand-ins for every
 * outside service, on http://localhost:8081. Started by {@code ./mvnw spring-boot:test-run}; none of
 * this is in the production jar.
 *
 * <p>Environment: {@code PORT} (default 8081), {@code SANDBOX_PROVIDERS_PORT} (default 8090), {@code
 * SANDBOX_CASDOOR_PORT} (default 8000, where the original deployment's Casdoor listens).
 */
public final class SandboxApplication {

    private static final Logger log = LoggerFactory.getLogger(SandboxApplication.class);

    private SandboxApplication() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
        int providersPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_PROVIDERS_PORT", "8090"));
        int casdoorPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_CASDOOR_PORT", "8000"));
        FakeProviders providers = FakeProviders.start(providersPort);
        providers.registerClient("vk", AppInstance.VK_CLIENT, AppInstance.VK_SECRET);
        providers.registerClient("google", AppInstance.GOOGLE_CLIENT, AppInstance.GOOGLE_SECRET);
        providers.registerClient("yandex", AppInstance.YANDEX_CLIENT, AppInstance.YANDEX_SECRET);
        FakeCasdoor casdoor = FakeCasdoor.start(casdoorPort);
        casdoor.registerApplication("myservice", "Myservice", "sandbox-casdoor-client", "sandbox-casdoor-secret");
        Map<String, String> settings = AppInstance.settings(providers, port);
        settings.put("myservice.auth-url", "http://localhost:" + casdoorPort);
        settings.put("myservice.casdoor.endpoint", casdoor.baseUri().toString());
        settings.put("myservice.casdoor.client-id", "sandbox-casdoor-client");
        settings.put("myservice.casdoor.client-secret", "sandbox-casdoor-secret");
        settings.forEach(System::setProperty);
        System.setProperty("management.server.port", Integer.toString(port + 1000));
        System.setProperty("myservice.signin.read-timeout", "10s");
        log.info(
                "Sandbox: database {}, sign-in providers at {}, Casdoor at {}",
                TestDatabase.jdbcUrl(),
                providers.baseUri(),
                casdoor.baseUri());
        MyServiceApplication.main(args);
        log.info(
                "Sandbox ready: open http://localhost:{}/ (Casdoor's users: http://localhost:{}/, health:"
                        + " http://localhost:{}/actuator/health)",
                port,
                casdoorPort,
                port + 1000);
    }
}
