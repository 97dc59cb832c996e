package ru.myservice.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An account as the rest of the service sees it.
 *
 * @param number the short account number people give to support (from 100001 up)
 */
public record Account(
        UUID id,
        long number,
        String displayName,
        @Nullable String email,
        boolean emailVerified,
        @Nullable String avatarUrl,
        Instant createdAt,
        List<Identity> identities) {

    /** One sign-in method attached to the account. */
    public record Identity(
            Provider provider,
            String subject,
            @Nullable String email,
            @Nullable String displayName,
            Instant linkedAt) {}

    public boolean has(Provider provider) {
        return identities.stream().anyMatch(i -> i.provider() == provider);
    }
}
