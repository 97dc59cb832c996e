package ru.myservice.operator.adjustments;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The rules for adjustments.
 *
 * @param approvalThreshold an adjustment of more than this many roubles (either way) waits for a second
 *     member of staff to approve it
 */
@ConfigurationProperties("myservice.operator.adjustments")
record AdjustmentProperties(BigDecimal approvalThreshold) {

    AdjustmentProperties {
        if (approvalThreshold.signum() < 0
                || approvalThreshold.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(
                    "OPERATOR_APPROVAL_THRESHOLD must be roubles and kopecks, zero or more, got " + approvalThreshold);
        }
    }
}
