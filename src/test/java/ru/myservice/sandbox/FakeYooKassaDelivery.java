package ru.myservice.sandbox;

import java.time.Instant;

/**
 * One attempt to deliver a notification, as {@link FakeYooKassa} made it: the event, the id of the payment or refund
 * in its {@code object}, the attempt number for that notification (from 1), the HTTP status the receiver answered or
 * {@code -1} when the attempt failed with an I/O error (refused connection, timeout), when it was made, and the JSON
 * body sent.
 */
public record FakeYooKassaDelivery(String event, String objectId, int attempt, int status, Instant at, String body) {

    public boolean acknowledged() {
        return status == 200;
    }
}
