package ru.myservice.topup;

import java.math.BigDecimal;

/** A refund as YooKassa reports it. */
record RemoteRefund(String id, String paymentId, String status, BigDecimal amount, String currency) {}
