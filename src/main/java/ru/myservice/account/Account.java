package ru.myservice.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An account as the rest of the service sees it.
 *
 * @param number the short account number people give to support (from 100001 up)
 * @param deletedAt when the person deleted it, or null
 */
public record Account(
        UUID id,
        long number,
        String displayName,
        @Nullable String email,
        boolean emailVerified,
        @Nullable String avatarUrl,
        Instant createdAt,
        List<Identity> identities,
        @Nullable Instant deletedAt) {

    /** One sign-in method attached to the account. */
    public record Identity(
            Provider provider,
            String subject,
            @Nullable String email,
            @Nullable String displayName,
            Instant linkedAt) {}

    /** Deleted by the person: only accounting records remain, and nothing that names them. */
    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean has(Provider provider) {
        return identities.stream().anyMatch(i -> i.provider() == provider);
    }
}
