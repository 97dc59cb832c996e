/**
 * Who may call the spend API: Casdoor access tokens checked offline (contract {@code casdoor-tokens.md} §7) and
 * turned into a {@link ru.myservice.spend.SpendCaller}, on a stateless security chain of its own for {@code /api/v1/**}.
 */
@NullMarked
package ru.myservice.spend.tokens;

import org.jspecify.annotations.NullMarked;
