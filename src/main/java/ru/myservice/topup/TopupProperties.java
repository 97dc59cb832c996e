package ru.myservice.topup;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * YooKassa and the top-up rules.
 *
 * @param webhookAddresses the addresses YooKassa sends notifications from (its published list)
 * @param frameSources hosts the widget may open frames from besides its own (3-D Secure pages, YooMoney)
 * @param reconcileAfter a payment still pending this long after its last check is asked about again
 * @param startWait how long the person waits for YooKassa to create a payment before being told to try
 *     again; the request itself goes on in the background with the same idempotence key
 */
@ConfigurationProperties("myservice.topup")
record TopupProperties(
        String shopId,
        String secretKey,
        URI apiUrl,
        URI widgetUrl,
        List<String> frameSources,
        BigDecimal minAmount,
        BigDecimal maxAmount,
        String description,
        List<String> webhookAddresses,
        Duration connectTimeout,
        Duration readTimeout,
        Duration reconcileAfter,
        Duration startWait,
        Receipt receipt) {

    /**
     * The optional 54-FZ receipt, for shops that send receipts through YooKassa.
     *
     * @param vatCode YooKassa's VAT code (1 = no VAT, …)
     */
    record Receipt(boolean enabled, String itemName, int vatCode, String paymentSubject, String paymentMode) {}

    boolean configured() {
        return !shopId.isBlank() && !secretKey.isBlank();
    }

    /** The widget script's origin, e.g. {@code https://yookassa.ru}, for the Content-Security-Policy. */
    String widgetOrigin() {
        return widgetUrl.getScheme() + "://" + widgetUrl.getRawAuthority();
    }
}
