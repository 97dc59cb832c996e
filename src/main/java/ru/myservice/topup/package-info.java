/**
 * Top-ups through YooKassa's embedded widget: our payment rows, the YooKassa client, the webhook,
 * reconciliation of payments left pending, and the payment history.
 */
@NullMarked
package ru.myservice.topup;

import org.jspecify.annotations.NullMarked;
