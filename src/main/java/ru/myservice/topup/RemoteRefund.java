package ru.myservice.topup;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A refund as YooKassa reports it.
 *
 * @param metadata what we sent with it; a refund staff asked for names their request ({@code
 *     refund_request})
 * @param cancellationReason why YooKassa canceled it, when it did
 */
record RemoteRefund(
        String id,
        String paymentId,
        String status,
        BigDecimal amount,
        String currency,
        Map<String, String> metadata,
        @Nullable String cancellationReason) {}
