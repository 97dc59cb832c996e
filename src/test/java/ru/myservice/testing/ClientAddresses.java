package ru.myservice.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client addresses for tests that pass themselves off as different people behind our trusted proxy
 * (an {@code X-Forwarded-For} header): each one new in this JVM. Rate limits are kept per client in
 * the database every app instance of the JVM shares, so two tests drawing the same address at random
 * would spend each other's allowance.
 */
public final class ClientAddresses {

    private static final AtomicInteger next = new AtomicInteger();

    private ClientAddresses() {}

    /** An address from 198.18.0.0/15, the range set aside for benchmarks and tests, never used before here. */
    public static String fresh() {
        int n = next.getAndIncrement();
        return "198." + (18 + n / 65_024) + "." + (n / 254 % 256) + "." + (1 + n % 254);
    }
}
