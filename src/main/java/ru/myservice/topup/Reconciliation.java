package ru.myservice.topup;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Asks YooKassa about payments still unsettled a while after their last check, and about pending ones
 * as soon as their confirmation token ran out (YooKassa cancels them then, and the history should say
 * «истёк» without waiting for the next round), and applies the answer exactly as a notification would,
 * so a lost webhook loses no money and development needs no tunnel. Runs on every instance; claiming a
 * payment pushes its next check out, so instances share the work.
 */
class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final int BATCH = 50;

    private final PaymentRepository payments;
    private final YooKassaClient yookassa;
    private final Settlement settlement;
    private final TopupProperties settings;
    private final Clock clock;

    Reconciliation(
            PaymentRepository payments,
            YooKassaClient yookassa,
            Settlement settlement,
            TopupProperties settings,
            Clock clock) {
        this.payments = payments;
        this.yookassa = yookassa;
        this.settlement = settlement;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${myservice.topup.reconcile-interval}", initialDelayString = "5s")
    void poll() {
        // Without a shop there is nothing to ask YooKassa about. Decided here, not by a condition on
        // the bean: the image's beans are fixed when it is built, the shop comes from the environment.
        if (!settings.configured()) {
            return;
        }
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("Reconciliation pass failed", e);
        }
    }

    /** One pass; returns how many payments it looked at. */
    int run() {
        var due = payments.claimUnsettled(settings.reconcileAfter(), clock.instant(), BATCH);
        for (var payment : due) {
            if (payment.yookassaId() == null) {
                // Our create never returned an id; YooKassa cannot be asked by it, and the person
                // never got a widget token, so nothing can have been paid.
                payments.failed(payment.id());
                log.info("Top-up {} never reached YooKassa; marked failed", payment.id());
                continue;
            }
            try {
                var remote = yookassa.payment(payment.yookassaId());
                if (remote.isPresent()) {
                    log.info("Reconciled top-up {}: {}", payment.id(), settlement.payment(remote.get()));
                } else {
                    log.warn("YooKassa does not know payment {} of top-up {}", payment.yookassaId(), payment.id());
                }
            } catch (YooKassaException e) {
                log.warn("Could not reconcile top-up {} now: {}", payment.id(), e.getMessage());
            }
        }
        return due.size();
    }
}
