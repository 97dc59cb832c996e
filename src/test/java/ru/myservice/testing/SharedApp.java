package ru.myservice.testing;

import java.util.Map;
import ru.myservice.sandbox.FakeProviders;

/**
 * The instance most integration tests share: started once per test JVM, stopped with it. Tests keep
 * out of each other's way by using their own provider user ids.
 */
public final class SharedApp {

    private static FakeProviders providers;
    private static AppInstance app;

    private SharedApp() {}

    public static synchronized AppInstance app() {
        if (app == null) {
            app = AppInstance.start(providers(), Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        }
        return app;
    }

    public static synchronized FakeProviders providers() {
        if (providers == null) {
            providers = FakeProviders.start(0);
            providers.setSlowDelay(java.time.Duration.ofSeconds(4));
            Runtime.getRuntime().addShutdownHook(new Thread(providers::close));
        }
        return providers;
    }
}
