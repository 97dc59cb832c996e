package ru.myservice.casdoor;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach Casdoor and how patiently to sync.
 *
 * @param endpoint the address the app calls ({@code CASDOOR_ENDPOINT}, e.g. {@code http://casdoor:8000}
 *     inside Compose); defaults to {@code AUTH_URL}
 */
@ConfigurationProperties("myservice.casdoor")
record CasdoorProperties(
        URI endpoint,
        String clientId,
        String clientSecret,
        String organization,
        String application,
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
