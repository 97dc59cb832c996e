/**
 * Spending the balance: the API our AI services call with Casdoor-issued tokens to hold, capture,
 * charge and refund money, with idempotency keys and per-client references, and the spending history.
 */
@NullMarked
package ru.myservice.spend;

import org.jspecify.annotations.NullMarked;
