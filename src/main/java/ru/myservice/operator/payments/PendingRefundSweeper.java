package ru.myservice.operator.payments;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles staff refunds YooKassa left pending, at the pace top-ups are reconciled: nobody has to
 * re-check a payment for its refund to be debited once YooKassa has made it.
 */
@Component
class PendingRefundSweeper {

    private static final Logger log = LoggerFactory.getLogger(PendingRefundSweeper.class);
    private static final int BATCH = 50;

    private final PaymentOperations operations;

    PendingRefundSweeper(PaymentOperations operations) {
        this.operations = operations;
    }

    @Scheduled(fixedDelayString = "${myservice.topup.reconcile-interval}", initialDelayString = "7s")
    void sweep() {
        try {
            int settled = operations.settlePendingRefunds(BATCH);
            if (settled > 0) {
                log.info("Settled {} staff refunds YooKassa had left pending", settled);
            }
        } catch (RuntimeException e) {
            log.warn("Pending staff refunds could not be settled now", e);
        }
    }
}
