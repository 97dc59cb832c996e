package ru.myservice.casdoor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.EventListener;

/**
 * Checks Casdoor once the app is up, says in one log line what it found, and reports it in health
 * details. It never makes the app unhealthy: people can sign in and pay while Casdoor is away.
 */
class CasdoorStatus implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(CasdoorStatus.class);

    private final CasdoorClient client;
    private final CasdoorProperties settings;
    private final SyncJobs jobs;
    private final AtomicReference<String> state = new AtomicReference<>("not checked yet");
    private final AtomicReference<String> version = new AtomicReference<>("");

    CasdoorStatus(CasdoorClient client, CasdoorProperties settings, SyncJobs jobs) {
        this.client = client;
        this.settings = settings;
        this.jobs = jobs;
    }

    @EventListener(ApplicationReadyEvent.class)
    void checkOnStartup() {
        if (!settings.enabled()) {
            state.set("off: CASDOOR_CLIENT_ID and CASDOOR_CLIENT_SECRET are not set");
            log.warn("Casdoor sync is off: CASDOOR_CLIENT_ID and CASDOOR_CLIENT_SECRET are not set");
            return;
        }
        // Off the startup thread: a slow Casdoor must not delay serving people.
        Thread.ofVirtual().name("casdoor-check").start(this::check);
    }

    void check() {
        try {
            version.set(client.version());
            state.set("connected");
            log.info("Casdoor {} at {} accepts our credentials; sync is on", version.get(), settings.endpoint());
        } catch (CasdoorException.Unauthorized e) {
            state.set("credentials refused: " + e.getMessage());
            log.error(
                    "Casdoor at {} refuses CASDOOR_CLIENT_ID/CASDOOR_CLIENT_SECRET ({}); sync jobs will wait and retry",
                    settings.endpoint(),
                    e.getMessage());
        } catch (CasdoorException e) {
            state.set("unreachable: " + e.getMessage());
            log.error(
                    "Casdoor at {} is unreachable ({}); sync jobs will wait and retry",
                    settings.endpoint(),
                    e.getMessage());
        }
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.get());
        details.put("endpoint", settings.endpoint().toString());
        if (!version.get().isEmpty()) {
            details.put("version", version.get());
        }
        try {
            details.put("pendingJobs", jobs.count(false));
            details.put("parkedJobs", jobs.count(true));
        } catch (RuntimeException e) {
            details.put("jobs", "unknown: " + e.getMessage());
        }
        // UNKNOWN ranks below UP, so Casdoor trouble shows here without failing the app's health.
        Status status = "connected".equals(state.get()) ? Status.UP : Status.UNKNOWN;
        return Health.status(status).withDetails(details).build();
    }
}
