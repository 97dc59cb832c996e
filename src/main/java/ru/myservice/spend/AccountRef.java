package ru.myservice.spend;

import java.util.Optional;
import java.util.UUID;

/**
 * An account as a caller names it: our account id, or the Casdoor user name the mirror wrote for it
 * ({@code u-<account id>}), so a service that knows its user from Casdoor can call us directly.
 */
final class AccountRef {

    static final String CASDOOR_PREFIX = "u-";

    private AccountRef() {}

    static Optional<UUID> parse(String named) {
        String id = named.startsWith(CASDOOR_PREFIX) ? named.substring(CASDOOR_PREFIX.length()) : named;
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String casdoorName(UUID account) {
        return CASDOOR_PREFIX + account;
    }
}
