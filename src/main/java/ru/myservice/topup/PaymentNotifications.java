package ru.myservice.topup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import ru.myservice.config.IpRanges;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * YooKassa's HTTP notifications. They carry no signature, so the sender's address is checked and the
 * body is used only for the object's id: what happened is always fetched from YooKassa's API.
 */
@Component
class PaymentNotifications {

    private static final Logger log = LoggerFactory.getLogger(PaymentNotifications.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The HTTP status to answer: YooKassa redelivers anything but 200 for a day. */
    enum Answer {
        OK(200),
        MALFORMED(400),
        FORBIDDEN(403),
        TRY_AGAIN(500);

        final int status;

        Answer(int status) {
            this.status = status;
        }
    }

    private final Settlement settlement;
    private final YooKassaClient yookassa;
    private final IpRanges senders;

    PaymentNotifications(Settlement settlement, YooKassaClient yookassa, TopupProperties settings) {
        this.settlement = settlement;
        this.yookassa = yookassa;
        this.senders = IpRanges.parse(settings.webhookAddresses());
    }

    Answer receive(String clientAddress, byte[] body) {
        if (!senders.contains(clientAddress)) {
            log.warn("Payment notification from {} refused: not a YooKassa address", clientAddress);
            return Answer.FORBIDDEN;
        }
        if (body.length > 65_536) {
            log.warn("Payment notification from {} refused: {} bytes is no notification", clientAddress, body.length);
            return Answer.MALFORMED;
        }
        JsonNode notification;
        try {
            notification = JSON.readTree(body);
        } catch (JacksonException e) {
            log.warn("Malformed payment notification from {}: not JSON", clientAddress);
            return Answer.MALFORMED;
        }
        String event = notification == null ? "" : notification.path("event").asString("");
        String id = notification == null
                ? ""
                : notification.path("object").path("id").asString("");
        if (!notification.path("type").asString("").equals("notification")
                || event.isEmpty()
                || !YooKassaClient.OBJECT_ID.matcher(id).matches()) {
            log.warn("Malformed payment notification from {}: no type, event or object id", clientAddress);
            return Answer.MALFORMED;
        }
        try {
            return switch (event) {
                case "payment.succeeded", "payment.canceled", "payment.waiting_for_capture" -> {
                    var payment = yookassa.payment(id);
                    if (payment.isEmpty()) {
                        log.warn("Notification {} names payment {}, which YooKassa does not know", event, id);
                    } else {
                        log.info("Notification {} for {}: {}", event, id, settlement.payment(payment.get()));
                    }
                    yield Answer.OK;
                }
                case "refund.succeeded" -> {
                    var refund = yookassa.refund(id);
                    if (refund.isEmpty()) {
                        log.warn("Notification {} names refund {}, which YooKassa does not know", event, id);
                    } else {
                        log.info("Notification {} for {}: {}", event, id, settlement.refund(refund.get()));
                    }
                    yield Answer.OK;
                }
                default -> {
                    log.info("Notification {} for {} needs nothing from us", event, id);
                    yield Answer.OK;
                }
            };
        } catch (RuntimeException e) {
            // Our side (YooKassa's API, the database) failed: YooKassa will redeliver.
            log.error("Could not process notification {} for {}", event, id, e);
            return Answer.TRY_AGAIN;
        }
    }
}
