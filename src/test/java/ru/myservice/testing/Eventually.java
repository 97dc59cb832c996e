package ru.myservice.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for background work (the Casdoor sync) to reach a state, failing with a description if it never does. */
public final class Eventually {

    private Eventually() {}

    public static void within(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("Never happened within " + limit + ": " + what);
        }
    }
}
