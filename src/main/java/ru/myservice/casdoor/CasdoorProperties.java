package ru.myservice.casdoor;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach Casdoor and how patiently to sync.
 *
 * @param endpoint the address the app calls ({@code CASDOOR_ENDPOINT}, e.g. {@code http://casdoor:8000}
 *     inside Compose); defaults to {@code AUTH_URL}
 * @param certFile Casdoor's token-signing certificate; accepted for compatibility with the original
 *     deployment, which verified Casdoor-issued tokens with it. The bridge calls Casdoor's API with the
 *     application's client credentials and never receives Casdoor tokens, so it does not read the file.
 */
@ConfigurationProperties("myservice.casdoor")
record CasdoorProperties(
        URI endpoint,
        String clientId,
        String clientSecret,
        String organization,
        String application,
        String certFile,
        Duration connectTimeout,
        Duration readTimeout,
        Sync sync) {

    /**
     * @param firstRetry the wait after the first failure; it doubles with every further failure
     * @param maxRetry the longest wait between two tries
     * @param maxAttempts after this many failures in a row the job is parked until an operator re-queues
     */
    record Sync(
            Duration pollInterval,
            int batchSize,
            Duration lease,
            Duration firstRetry,
            Duration maxRetry,
            int maxAttempts) {}

    boolean enabled() {
        return !clientId.isBlank() && !clientSecret.isBlank();
    }

    String userId(String name) {
        return organization + "/" + name;
    }
}
