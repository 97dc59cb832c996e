/** Wallets: one RUB balance per account, the single source of truth for money. */
@NullMarked
package ru.myservice.wallet;

import org.jspecify.annotations.NullMarked;
