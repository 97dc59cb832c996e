package ru.myservice.casdoor;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs due sync jobs in the background, on every instance; the queue's leases make each job run on
 * one of them. Failures wait with exponential backoff (doubling from {@code first-retry} up to
 * {@code max-retry}, with a little jitter so instances do not retry in lockstep) and park after
 * {@code max-attempts}. Any failure of one job, a Casdoor outage or a bug, is that job's alone: the
 * rest of the batch still runs.
 */
class SyncWorker {

    private static final Logger log = LoggerFactory.getLogger(SyncWorker.class);

    private final SyncJobs jobs;
    private final CasdoorUserSync sync;
    private final boolean enabled;
    private final CasdoorProperties.Sync settings;
    private final MeterRegistry meters;

    SyncWorker(
            SyncJobs jobs,
            CasdoorUserSync sync,
            boolean enabled,
            CasdoorProperties.Sync settings,
            MeterRegistry meters) {
        this.jobs = jobs;
        this.sync = sync;
        this.enabled = enabled;
        this.settings = settings;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${myservice.casdoor.sync.poll-interval}", initialDelayString = "1s")
    void poll() {
        // Decided here, not by a condition on the bean: the image's beans are fixed when it is built
        // (Spring's AOT processing), and the credentials come later, from the environment.
        if (!enabled) {
            return;
        }
        try {
            runDue();
        } catch (RuntimeException e) {
            // The database itself may be briefly away; the next poll tries again.
            log.warn("Casdoor sync poll failed: {}", e.getMessage());
        }
    }

    /** Runs every job due now; returns how many ran. */
    int runDue() {
        int ran = 0;
        while (true) {
            var batch = jobs.claim(settings.batchSize(), settings.lease());
            if (batch.isEmpty()) {
                return ran;
            }
            for (var job : batch) {
                run(job);
                ran++;
            }
        }
    }

    private void run(SyncJobs.Job job) {
        long started = System.nanoTime();
        try {
            var outcome = job.kind() == SyncJobs.Kind.USER
                    ? sync.syncUser(job.accountId())
                    : sync.syncBalance(job.accountId());
            jobs.complete(job);
            meters.timer("casdoor.sync.duration", "kind", job.kind().column())
                    .record(Duration.ofNanos(System.nanoTime() - started));
            meters.counter(
                            "casdoor.sync.jobs",
                            "kind",
                            job.kind().column(),
                            "outcome",
                            outcome.name().toLowerCase())
                    .increment();
            log.debug("Casdoor {} sync of {}: {}", job.kind().column(), job.accountId(), outcome);
        } catch (CasdoorException e) {
            // Casdoor away or refusing: expected from time to time, and its message says it all.
            failed(job, e.getMessage(), null);
        } catch (RuntimeException e) {
            // A bug or data this code cannot handle. It must not stop the jobs after it in the batch, nor
            // come back on every lease expiry uncounted: it waits and parks like any failure, and the
            // stack trace goes to the log, since nobody can fix it from the message alone.
            failed(job, e.toString(), e);
        }
    }

    /** {@code unexpected}, when given, is logged with its stack trace (SLF4J takes a trailing throwable). */
    private void failed(SyncJobs.Job job, String error, @Nullable Throwable unexpected) {
        int attempts = job.attempts() + 1;
        boolean park = attempts >= settings.maxAttempts();
        Instant due = Instant.now().plus(backoff(attempts));
        jobs.retryLater(job, error, due, park);
        meters.counter("casdoor.sync.jobs", "kind", job.kind().column(), "outcome", park ? "parked" : "retry")
                .increment();
        if (park) {
            log.error(
                    "Casdoor {} sync of account {} parked after {} failures: {}. Re-queue with POST /actuator/casdoorsync",
                    job.kind().column(),
                    job.accountId(),
                    attempts,
                    error,
                    unexpected);
        } else {
            log.warn(
                    "Casdoor {} sync of account {} failed (try {}), retrying at {}: {}",
                    job.kind().column(),
                    job.accountId(),
                    attempts,
                    due,
                    error,
                    unexpected);
        }
    }

    Duration backoff(int attempts) {
        long base = settings.firstRetry().toMillis();
        long cap = settings.maxRetry().toMillis();
        long delay = attempts >= 40 ? cap : Math.min(cap, base << Math.max(0, attempts - 1));
        long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(delay - jitter);
    }
}
