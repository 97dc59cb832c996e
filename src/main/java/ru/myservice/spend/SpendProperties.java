package ru.myservice.spend;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The spend API's rules.
 *
 * @param maxHoldDuration the longest a hold may reserve money ({@code expiresIn} above it is refused)
 * @param sweepInterval how often each instance releases holds past their expiry (they reserve nothing
 *     once expired even before that)
 * @param idempotencyRetention how long an Idempotency-Key and its answer are kept (at least 48 h)
 */
@ConfigurationProperties("myservice.spending")
record SpendProperties(Duration maxHoldDuration, Duration sweepInterval, Duration idempotencyRetention) {

    SpendProperties {
        if (idempotencyRetention.compareTo(Duration.ofHours(48)) < 0) {
            throw new IllegalArgumentException(
                    "SPEND_IDEMPOTENCY_RETENTION must be at least 48h, got " + idempotencyRetention);
        }
    }
}
