/**
 * The operator console at {@code /operator}: staff sign in through Casdoor's OpenID Connect, find an
 * account, see its money and act on it (re-check or refund a payment, adjust a balance with a second
 * pair of eyes), with every action and every view of personal data in an append-only audit.
 */
@NullMarked
package ru.myservice.operator;

import org.jspecify.annotations.NullMarked;
